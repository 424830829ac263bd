package io.citypulse.jobs.states;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.forecast.StateLog;
import io.citypulse.forecast.StateLogException;
import io.citypulse.forecast.StateLogReader;
import io.citypulse.forecast.StationState;
import io.citypulse.jobs.spark.SparkSessions;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Station states from Parquet files written here with Spark: a states file and a history. */
class StationStatesParquetTest {
  @TempDir
  static Path dir;

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.local("local[2]", 1, dir.resolve("work"));
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static Timestamp at(String iso) {
    return Timestamp.from(Instant.parse(iso));
  }

  private static long seconds(String iso) {
    return Instant.parse(iso).getEpochSecond();
  }

  @Test
  void aStatesFileWithTimestampsAndLongCounts() {
    StructType schema = new StructType()
        .add("station_code", DataTypes.StringType)
        .add("time", DataTypes.TimestampType)
        .add("bikes_available", DataTypes.LongType)
        .add("docks_available", DataTypes.LongType)
        .add("capacity", DataTypes.LongType)
        .add("ebike", DataTypes.LongType)
        .add("other", DataTypes.StringType);
    List<Row> rows = List.of(
        RowFactory.create("A", at("2024-01-01T00:00:00Z"), 5L, 5L, 10L, 2L, "x"),
        RowFactory.create("A", at("2024-01-01T01:00:00Z"), 3L, 7L, 10L, null, "x"),
        RowFactory.create("B", at("2024-01-01T00:30:00Z"), 1L, 3L, 4L, 0L, "y"),
        RowFactory.create("B", null, 1L, 3L, 4L, 0L, "no time"),
        RowFactory.create("C", at("2024-01-01T00:30:00Z"), -2L, 3L, 4L, 0L, "negative"));
    String path = dir.resolve("states.parquet").toString();
    spark
        .createDataFrame(rows, schema)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(path);

    StateLogReader.Result result = StationStatesParquet.read(spark, path);

    assertThat(result.rowsRead()).isEqualTo(5);
    assertThat(result.badRows()).isEqualTo(2);
    assertThat(String.join("\n", result.errors()))
        .contains("no time")
        .contains("bikes_available -2 is negative");
    StateLog log = result.log();
    assertThat(log.stations()).containsOnlyKeys("A", "B");
    assertThat(log.station("A").stateAt(seconds("2024-01-01T00:59:59Z")))
        .isEqualTo(new StationState(seconds("2024-01-01T00:00:00Z"), 5, 5, 10, -1, 2));
    assertThat(log.station("A").stateAt(seconds("2024-01-01T01:00:00Z")).bikes())
        .isEqualTo(3);
    // no mechanical column: unknown (-1), as in a CSV without it
    assertThat(log.station("B").stateAt(seconds("2024-01-01T00:30:00Z")).mechanical())
        .isEqualTo(-1);
  }

  @Test
  void textTimesNeedAZoneOrOffset() {
    StructType schema = new StructType()
        .add("station_code", DataTypes.IntegerType)
        .add("time", DataTypes.StringType)
        .add("bikes_available", DataTypes.IntegerType)
        .add("docks_available", DataTypes.IntegerType)
        .add("capacity", DataTypes.IntegerType);
    List<Row> rows = List.of(
        RowFactory.create(7, "2024-01-01T00:00:00+01:00", 1, 1, 2),
        RowFactory.create(7, "2024-01-01T00:10:00", 2, 0, 2));
    String path = dir.resolve("text-times.parquet").toString();
    spark.createDataFrame(rows, schema).write().mode(SaveMode.Overwrite).parquet(path);

    StateLogReader.Result result = StationStatesParquet.read(spark, path);

    assertThat(result.badRows()).isEqualTo(1);
    assertThat(result.errors().get(0)).contains("not an ISO-8601 time with Z or an offset");
    assertThat(result.log().station("7").firstTime()).isEqualTo(seconds("2023-12-31T23:00:00Z"));
  }

  @Test
  void aMissingColumnIsNamed() {
    StructType schema = new StructType()
        .add("station_code", DataTypes.StringType)
        .add("time", DataTypes.TimestampType);
    String path = dir.resolve("short.parquet").toString();
    spark
        .createDataFrame(List.of(RowFactory.create("A", at("2024-01-01T00:00:00Z"))), schema)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(path);

    assertThatThrownBy(() -> StationStatesParquet.read(spark, path))
        .isInstanceOf(StateLogException.class)
        .hasMessageContaining("missing columns bikes_available, docks_available, capacity");
    assertThatThrownBy(
            () -> StationStatesParquet.read(spark, dir.resolve("none").toString()))
        .isInstanceOf(StateLogException.class)
        .hasMessageContaining("cannot read as Parquet");
  }

  @Test
  void theStationHistoryOfTwoSystemsWithinTheRange() {
    StructType schema = new StructType()
        .add("system", DataTypes.StringType)
        .add("station_code", DataTypes.StringType)
        .add("capacity", DataTypes.IntegerType)
        .add("bikes_available", DataTypes.IntegerType)
        .add("mechanical", DataTypes.IntegerType)
        .add("ebike", DataTypes.IntegerType)
        .add("docks_available", DataTypes.IntegerType)
        .add("last_reported", DataTypes.TimestampType)
        .add("fetched_at", DataTypes.TimestampType)
        .add("date", DataTypes.StringType);
    List<Row> rows = List.of(
        RowFactory.create(
            "velib",
            "16107",
            20,
            4,
            3,
            1,
            16,
            at("2026-11-24T08:00:00Z"),
            at("2026-11-24T08:00:30Z"),
            "2026-11-24"),
        // no last_reported: fetched_at is the time
        RowFactory.create(
            "velib", "16107", 20, 6, 4, 2, 14, null, at("2026-11-24T09:00:00Z"), "2026-11-24"),
        RowFactory.create(
            "divvy",
            "16107",
            11,
            1,
            null,
            null,
            10,
            at("2026-11-24T08:30:00Z"),
            at("2026-11-24T08:31:00Z"),
            "2026-11-24"),
        // out of range
        RowFactory.create(
            "velib",
            "16107",
            20,
            9,
            9,
            0,
            11,
            at("2026-11-25T08:00:00Z"),
            at("2026-11-25T08:00:30Z"),
            "2026-11-25"));
    Path base = dir.resolve("history");
    spark
        .createDataFrame(rows, schema)
        .write()
        .mode(SaveMode.Overwrite)
        .partitionBy("system", "date")
        .parquet(base.resolve("stations").toString());

    StateLogReader.Result result = StationStatesParquet.history(
        spark,
        base.toString(),
        Instant.parse("2026-11-24T00:00:00Z"),
        Instant.parse("2026-11-24T23:59:59Z"));

    assertThat(result.badRows()).isZero();
    assertThat(result.rowsRead()).isEqualTo(3);
    StateLog log = result.log();
    assertThat(log.stations()).containsOnlyKeys("velib:16107", "divvy:16107");
    assertThat(log.station("velib:16107").stateAt(seconds("2026-11-24T09:00:00Z")))
        .isEqualTo(new StationState(seconds("2026-11-24T09:00:00Z"), 6, 14, 20, 4, 2));
    assertThat(
            log.station("divvy:16107").stateAt(seconds("2026-11-24T08:30:00Z")).mechanical())
        .isEqualTo(-1);
  }
}
