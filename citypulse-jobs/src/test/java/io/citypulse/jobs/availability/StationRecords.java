package io.citypulse.jobs.availability;

import io.citypulse.model.Json;
import io.citypulse.model.StationRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Test fixtures: station records and the Kafka-shaped static Datasets that carry them. */
final class StationRecords {
  private StationRecords() {}

  static final Instant T0 = Instant.parse("2025-10-18T08:00:00Z");

  static final StructType KAFKA_SCHEMA = new StructType()
      .add("key", DataTypes.BinaryType)
      .add("value", DataTypes.BinaryType)
      .add("partition", DataTypes.IntegerType)
      .add("offset", DataTypes.LongType);

  /** A Vélib' station record; times are T0 plus the given minutes. */
  static StationRecord station(
      String code,
      String postcode,
      int mechanical,
      int ebike,
      int docks,
      int lastReportedMinute,
      int fetchedMinute) {
    return new StationRecord(
        "velib",
        code,
        "id-" + code,
        "Station " + code,
        48.86,
        2.35,
        mechanical + ebike + docks,
        postcode,
        "Paris",
        mechanical + ebike,
        mechanical,
        ebike,
        docks,
        true,
        true,
        true,
        T0.plusSeconds(60L * lastReportedMinute),
        T0.plusSeconds(60L * fetchedMinute));
  }

  /**
   * A station of a feed that gives no breakdown by propulsion (GBFS 1.x): only its bike count,
   * {@code mechanical} and {@code ebike} null.
   */
  static StationRecord untypedStation(
      String code,
      String postcode,
      int bikes,
      int docks,
      int lastReportedMinute,
      int fetchedMinute) {
    return new StationRecord(
        "velib",
        code,
        "id-" + code,
        "Station " + code,
        48.86,
        2.35,
        bikes + docks,
        postcode,
        "Paris",
        bikes,
        null,
        null,
        docks,
        true,
        true,
        true,
        T0.plusSeconds(60L * lastReportedMinute),
        T0.plusSeconds(60L * fetchedMinute));
  }

  /** Kafka rows in the given order, on partition 0 with consecutive offsets. */
  static final class Topic {
    private final List<Row> rows = new ArrayList<>();

    Topic add(StationRecord record) {
      return add(record.key(), new String(Json.write(record), StandardCharsets.UTF_8));
    }

    Topic add(String key, String value) {
      rows.add(RowFactory.create(
          key == null ? null : key.getBytes(StandardCharsets.UTF_8),
          value == null ? null : value.getBytes(StandardCharsets.UTF_8),
          0,
          (long) rows.size()));
      return this;
    }

    Dataset<Row> toDataset(SparkSession spark) {
      return spark.createDataFrame(rows, KAFKA_SCHEMA);
    }
  }
}
