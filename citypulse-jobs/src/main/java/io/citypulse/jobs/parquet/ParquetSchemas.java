package io.citypulse.jobs.parquet;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of the Parquet history, written once per stream: the model record's JSON fields
 * (same names, same order) with their Spark types, then {@link #KAFKA_TIMESTAMP} and
 * {@link #DATE}.
 *
 * <p>A field is non-nullable here exactly when the model's component is a primitive
 * ({@code int}, {@code long}, {@code boolean}): citypulse always writes it, so a record without
 * it is not one of ours and is not written. Parquet files still declare every column nullable
 * (Spark writes all columns as nullable).
 *
 * <p>A history outlives the code that began it, so columns only ever get added (at the end, with
 * the model's field) or become nullable: the per-postcode {@code mechanical} and {@code ebike}
 * were required until a split could be unknown (a file that declares them required reads fine
 * into a nullable column), and {@code untyped_bikes} came later; {@link #addedColumns} lists
 * the columns older files lack.
 */
public final class ParquetSchemas {
  private ParquetSchemas() {}

  /** The Kafka record's timestamp, kept beside the record. */
  public static final String KAFKA_TIMESTAMP = "kafka_timestamp";
  /** The partition column: UTC date of the stream's time field, {@code yyyy-MM-dd}. */
  public static final String DATE = "date";

  private static final DataType STRING = DataTypes.StringType;
  private static final DataType INT = DataTypes.IntegerType;
  private static final DataType LONG = DataTypes.LongType;
  private static final DataType DOUBLE = DataTypes.DoubleType;
  private static final DataType BOOLEAN = DataTypes.BooleanType;
  private static final DataType TIMESTAMP = DataTypes.TimestampType;

  private static final StructType STATION_JSON = new StructType(new StructField[] {
    nullable("system", STRING),
    nullable("station_code", STRING),
    nullable("station_id", STRING),
    nullable("name", STRING),
    nullable("lat", DOUBLE),
    nullable("lon", DOUBLE),
    nullable("capacity", INT),
    nullable("postcode", STRING),
    nullable("commune", STRING),
    required("bikes_available", INT),
    nullable("mechanical", INT),
    nullable("ebike", INT),
    nullable("docks_available", INT),
    required("is_installed", BOOLEAN),
    required("is_renting", BOOLEAN),
    required("is_returning", BOOLEAN),
    nullable("last_reported", TIMESTAMP),
    nullable("fetched_at", TIMESTAMP)
  });

  private static final StructType POSTCODE_JSON = new StructType(new StructField[] {
    nullable("postcode", STRING),
    nullable("commune", STRING),
    required("stations", INT),
    required("bikes_available", LONG),
    // null when no station of the postcode gives a breakdown by propulsion
    nullable("mechanical", LONG),
    nullable("ebike", LONG),
    required("docks_available", LONG),
    required("capacity", LONG),
    nullable("updated_at", TIMESTAMP),
    nullable("untyped_bikes", LONG),
    // the area's system in a catalogue-wide run; null (absent from the JSON) with one system
    nullable("system", STRING)
  });

  private static final StructType WEATHER_JSON = new StructType(new StructField[] {
    nullable("location", STRING),
    nullable("city", STRING),
    nullable("country", STRING),
    nullable("lat", DOUBLE),
    nullable("lon", DOUBLE),
    nullable("observed_at", TIMESTAMP),
    nullable("local_time", STRING),
    nullable("utc_offset_seconds", INT),
    nullable("time_of_day", STRING),
    nullable("source", STRING),
    nullable("temperature_c", DOUBLE),
    nullable("feels_like_c", DOUBLE),
    nullable("humidity_pct", DOUBLE),
    nullable("pressure_hpa", DOUBLE),
    nullable("wind_speed_ms", DOUBLE),
    nullable("wind_direction_deg", DOUBLE),
    nullable("wind_gust_ms", DOUBLE),
    nullable("clouds_pct", DOUBLE),
    nullable("precipitation_mm", DOUBLE),
    nullable("weather_code", STRING),
    nullable("weather_description", STRING),
    nullable("heat_index", DOUBLE),
    nullable("severity_index", DOUBLE),
    nullable("dew_point_c", DOUBLE),
    nullable("humidex_category", STRING),
    nullable("wind_chill_c", DOUBLE),
    nullable("beaufort", INT),
    nullable("temperature_change_1h", DOUBLE),
    nullable("pressure_change_1h", DOUBLE),
    required("observations_1h", INT)
  });

  private static StructField nullable(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  private static StructField required(String name, DataType type) {
    return DataTypes.createStructField(name, type, false);
  }

  /** The record's JSON fields, as {@code from_json} reads them. */
  public static StructType json(ParquetStream stream) {
    return switch (stream) {
      case STATIONS -> STATION_JSON;
      case POSTCODES -> POSTCODE_JSON;
      case WEATHER -> WEATHER_JSON;
    };
  }

  /**
   * Every column of the history as a reader sees it: the JSON fields, {@code kafka_timestamp},
   * {@code date} (a string). Pass it to {@code spark.read().schema(...)}: without it, Spark's
   * partition discovery reads {@code date=2025-10-18} as a DateType column.
   */
  public static StructType table(ParquetStream stream) {
    return json(stream).add(KAFKA_TIMESTAMP, TIMESTAMP, true).add(DATE, STRING, false);
  }

  /**
   * JSON fields added after the stream's first histories were written: files written before lack
   * them, and a reader sees null there.
   */
  public static List<String> addedColumns(ParquetStream stream) {
    return stream == ParquetStream.POSTCODES ? List.of("untyped_bikes", "system") : List.of();
  }

  /** Fields that must not be null: the key fields and the primitive ones. */
  public static List<String> requiredFields(ParquetStream stream) {
    List<String> required = new ArrayList<>(stream.keyFields());
    for (StructField field : json(stream).fields()) {
      if (!field.nullable() && !required.contains(field.name())) {
        required.add(field.name());
      }
    }
    return List.copyOf(required);
  }

  /** The {@code date} partition value of a time: its UTC date, {@code yyyy-MM-dd}. */
  public static String utcDate(Instant time) {
    return LocalDate.ofInstant(time, ZoneOffset.UTC).toString();
  }
}
