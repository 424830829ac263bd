package io.citypulse.jobs.parquet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/** Test fixtures: model records of the three streams, and Parquet rows read back as records. */
final class HistoryRecords {
  private HistoryRecords() {}

  /** A station record with every field set; {@code lastReported} may be null. */
  static StationRecord station(
      String system, String code, int bikes, Instant lastReported, Instant fetchedAt) {
    return new StationRecord(
        system,
        code,
        "id-" + code,
        "Station " + code,
        48.8566,
        2.3522,
        bikes + 10,
        "75004",
        "Paris",
        bikes,
        bikes - 1,
        1,
        10,
        true,
        true,
        false,
        lastReported,
        fetchedAt);
  }

  static PostcodeAvailability postcode(String postcode, long bikes, Instant updatedAt) {
    return new PostcodeAvailability(
        postcode, "Paris", 3, bikes, bikes - 2, 2L, 40, bikes + 40, updatedAt, 0L);
  }

  /** A per-area record of a catalogue-wide run: every field set, its system too. */
  static PostcodeAvailability systemArea(
      String system, String area, long bikes, Instant updatedAt) {
    return new PostcodeAvailability(
        area, "Paris", 3, bikes, bikes - 2, 2L, 40, bikes + 40, updatedAt, 0L, system);
  }

  /** A weather record with every field set, including the optional ones. */
  static WeatherFeatures weather(String location, double temperature, Instant observedAt) {
    return new WeatherFeatures(
        location,
        "Paris",
        "FR",
        48.85,
        2.35,
        observedAt,
        "2025-10-18T10:00:00",
        7200,
        "morning",
        "openweathermap",
        temperature,
        temperature - 1.5,
        81.0,
        1012.5,
        3.4,
        250.0,
        7.9,
        75.0,
        0.2,
        "500",
        "light rain",
        temperature + 0.3,
        0.35,
        9.1,
        "comfortable",
        9.0,
        3,
        -0.5,
        0.8,
        4);
  }

  /** The JSON of a record, as citypulse's jobs publish it. */
  static String json(Record record) {
    return Json.writeString(record);
  }

  /**
   * A record as the history row Spark's Row encoder gives for it: the JSON fields with the Java
   * types of {@link ParquetSchemas#table} (Timestamp for instants), then {@code kafka_timestamp}
   * and {@code date}.
   */
  static Row tableRow(ParquetStream stream, Record record, Instant kafkaTimestamp, String date) {
    JsonNode json = Json.MAPPER.valueToTree(record);
    StructField[] fields = ParquetSchemas.json(stream).fields();
    Object[] values = new Object[fields.length + 2];
    for (int i = 0; i < fields.length; i++) {
      JsonNode value = json.get(fields[i].name());
      DataType type = fields[i].dataType();
      values[i] = value == null || value.isNull()
          ? null
          : type.equals(DataTypes.StringType)
              ? value.asText()
              : type.equals(DataTypes.IntegerType)
                  ? (Object) value.intValue()
                  : type.equals(DataTypes.LongType)
                      ? (Object) value.longValue()
                      : type.equals(DataTypes.DoubleType)
                          ? (Object) value.doubleValue()
                          : type.equals(DataTypes.BooleanType)
                              ? (Object) value.booleanValue()
                              : Timestamp.from(Instant.parse(value.asText()));
    }
    values[fields.length] = kafkaTimestamp == null ? null : Timestamp.from(kafkaTimestamp);
    values[fields.length + 1] = date;
    return RowFactory.create(values);
  }

  /**
   * Reads the history rows back into model records (through the model's own JSON mapping), so a
   * test compares whole records with {@code equals}.
   */
  static <T> List<T> records(Dataset<Row> rows, ParquetStream stream, Class<T> type) {
    List<String> fields = Arrays.asList(ParquetSchemas.json(stream).fieldNames());
    return rows.collectAsList().stream()
        .map(row -> {
          ObjectNode node = Json.MAPPER.createObjectNode();
          for (StructField field : row.schema().fields()) {
            if (!fields.contains(field.name())) {
              continue;
            }
            Object value = row.getAs(field.name());
            node.set(
                field.name(),
                Json.MAPPER.valueToTree(
                    value instanceof Timestamp time ? time.toInstant() : value));
          }
          return Json.MAPPER.convertValue(node, type);
        })
        .toList();
  }
}
