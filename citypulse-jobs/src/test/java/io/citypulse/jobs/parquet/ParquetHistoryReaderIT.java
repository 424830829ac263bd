package io.citypulse.jobs.parquet;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.storage.history.HistoryRequest;
import io.citypulse.storage.history.HistorySubject;
import io.citypulse.storage.history.NoHistoryException;
import io.citypulse.storage.history.TimeSeries;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Parquet reader on a real local Spark, over a history written here by a Spark batch write in
 * the contract layout ({@code <base>/stations/system=.../date=.../}, {@code postcodes/date=...},
 * {@code weather/date=...}, record fields plus {@code kafka_timestamp}). The expected rows are
 * the PostgreSQL reader's (PostgresHistoryReaderIT) for the same states.
 */
class ParquetHistoryReaderIT {
  private static final String STATION_SCHEMA =
      "system STRING, station_code STRING, station_id STRING, name STRING,"
          + " lat DOUBLE, lon DOUBLE, capacity INT, postcode STRING, commune STRING, bikes_available INT, mechanical INT,"
          + " ebike INT, docks_available INT, is_installed BOOLEAN, is_renting BOOLEAN, is_returning BOOLEAN,"
          + " last_reported TIMESTAMP, fetched_at TIMESTAMP, kafka_timestamp TIMESTAMP";
  private static final String POSTCODE_SCHEMA =
      "postcode STRING, commune STRING, stations INT, bikes_available BIGINT,"
          + " mechanical BIGINT, ebike BIGINT, docks_available BIGINT, capacity BIGINT, updated_at TIMESTAMP,"
          + " untyped_bikes BIGINT, system STRING, kafka_timestamp TIMESTAMP";
  private static final String WEATHER_SCHEMA =
      "location STRING, city STRING, country STRING, lat DOUBLE, lon DOUBLE,"
          + " observed_at TIMESTAMP, local_time STRING, utc_offset_seconds INT, time_of_day STRING, source STRING,"
          + " temperature_c DOUBLE, feels_like_c DOUBLE, humidity_pct DOUBLE, pressure_hpa DOUBLE, wind_speed_ms DOUBLE,"
          + " wind_direction_deg DOUBLE, wind_gust_ms DOUBLE, clouds_pct DOUBLE, precipitation_mm DOUBLE,"
          + " weather_code STRING, weather_description STRING, heat_index DOUBLE, severity_index DOUBLE,"
          + " dew_point_c DOUBLE, humidex_category STRING, wind_chill_c DOUBLE, beaufort INT,"
          + " temperature_change_1h DOUBLE, pressure_change_1h DOUBLE, observations_1h INT, kafka_timestamp TIMESTAMP";

  @TempDir
  static Path workDir;

  static SparkSession spark;
  static ParquetHistoryReader reader;
  static Path base;

  static Instant at(String hhmm) {
    return Instant.parse("2026-11-24T" + hhmm + ":00Z");
  }

  static StationRecord station(
      String system, String code, String name, int bikes, Instant lastReported, Instant fetchedAt) {
    return new StationRecord(
        system,
        code,
        "id-" + code,
        name,
        48.85,
        2.35,
        20,
        "75001",
        "Paris",
        bikes,
        bikes - 1,
        1,
        20 - bikes,
        true,
        true,
        bikes < 20,
        lastReported,
        fetchedAt);
  }

  static PostcodeAvailability postcode(String postcode, int bikes, Instant updatedAt) {
    return new PostcodeAvailability(
        postcode, "Paris 1er", 3, bikes, bikes - 2L, 2L, 60 - bikes, 60, updatedAt, 0L);
  }

  /** A postcode none of whose stations gives a breakdown by propulsion (GBFS 1.x). */
  static PostcodeAvailability untypedPostcode(String postcode, int bikes, Instant updatedAt) {
    return new PostcodeAvailability(
        postcode, "Paris 2e", 2, bikes, null, null, 60 - bikes, 60, updatedAt, (long) bikes);
  }

  static WeatherFeatures weather(String location, Double temperature, Instant observedAt) {
    return new WeatherFeatures(
        location,
        "Thiès",
        "SN",
        14.79,
        -16.93,
        observedAt,
        "2026-11-24T08:00:00",
        0,
        "morning",
        "generator",
        temperature,
        null,
        70.0,
        1012.5,
        3.5,
        220.0,
        null,
        10.0,
        0.0,
        "800",
        "clear",
        31.25,
        0.5,
        20.0,
        "comfortable",
        null,
        2,
        null,
        null,
        1);
  }

  /** A record's JSON with the time Kafka received it, as the history job writes it. */
  static String arrived(Object record, int secondsAfterT8) {
    ObjectNode json = Json.MAPPER.valueToTree(record);
    json.put("kafka_timestamp", at("08:00").plusSeconds(secondsAfterT8).toString());
    return json.toString();
  }

  static void write(
      String schema,
      List<String> json,
      String dataset,
      String timeExpression,
      String... partitions) {
    Dataset<Row> rows =
        spark.read().schema(schema).json(spark.createDataset(json, Encoders.STRING()));
    List<String> times = Arrays.asList(timeExpression.split(","));
    rows.withColumn(
            "date",
            date_format(
                coalesce(
                    times.stream().map(t -> col(t)).toArray(org.apache.spark.sql.Column[]::new)),
                "yyyy-MM-dd"))
        .write()
        .partitionBy(partitions)
        .parquet(base.resolve(dataset).toString());
  }

  @BeforeAll
  static void writeHistory() {
    spark = SparkSessions.local("local[2]", SparkSessions.defaultPartitions("local[2]"), workDir);
    base = workDir.resolve("history");
    String godard = "Benjamin Godard - Victor Hugo";
    write(
        STATION_SCHEMA,
        List.of(
            // Three days before: only reachable by the look-back beyond the day before from.
            arrived(
                station("velib", "16107", godard, 9, Instant.parse("2026-11-21T12:00:00Z"), null),
                -3 * 86_400),
            arrived(station("velib", "16107", godard, 5, at("07:30"), at("07:31")), 1),
            arrived(station("velib", "16107", godard, 7, at("08:10"), at("08:11")), 2),
            // The same state polled again later: the first one stays, as in PostgreSQL.
            arrived(station("velib", "16107", godard, 8, at("08:10"), at("08:12")), 3),
            arrived(
                station(
                    "velib", "32017", "Basilique, \"Saint-Denis\"", 2, at("08:20"), at("08:21")),
                4),
            arrived(station("lyon", "16107", "Lyon", 11, at("08:15"), at("08:16")), 5),
            arrived(station("velib", "16107", godard, 20, at("08:40"), at("08:41")), 6),
            arrived(station("velib", "16107", godard, 3, null, at("09:00")), 7),
            arrived(station("velib", "16107", godard, 4, at("09:30"), at("09:31")), 8)),
        "stations",
        "last_reported,fetched_at",
        "system",
        "date");
    write(
        POSTCODE_SCHEMA,
        List.of(
            arrived(postcode("75001", 10, at("08:00")), 1),
            arrived(postcode("75002", 1, at("08:00")), 2),
            // A later revision of 08:00 wins, as in PostgreSQL.
            arrived(postcode("75001", 12, at("08:00")), 3),
            arrived(postcode("75001", 15, at("08:30")), 4),
            arrived(untypedPostcode("75002", 42, at("10:30")), 5),
            // A catalogue-wide run's area of the same name: its own series.
            arrived(
                new PostcodeAvailability(
                    "75001", null, 1, 99, null, null, 1, 100, at("08:10"), 99L, "sim-0001"),
                6)),
        "postcodes",
        "updated_at",
        "date");
    write(
        WEATHER_SCHEMA,
        List.of(
            arrived(weather("thies", 30.5, at("08:00")), 1),
            arrived(weather("thies", null, at("08:10")), 2),
            arrived(weather("thies", 31.0, Instant.parse("2026-11-26T08:00:00Z")), 3)),
        "weather",
        "observed_at",
        "date");
    reader = new ParquetHistoryReader(spark, base.toUri().toString());
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void everyStationStateInTheRangeOfThatStationAndSystemOnly() {
    TimeSeries series = reader.read(
        HistoryRequest.all(HistorySubject.STATION, "velib", "16107", at("08:00"), at("09:00")));

    assertThat(series.columnNames())
        .containsExactly(
            "last_reported",
            "name",
            "bikes_available",
            "mechanical",
            "ebike",
            "docks_available",
            "capacity",
            "is_renting",
            "is_returning");
    assertThat(series.rows())
        .containsExactly(
            List.of(at("08:10"), "Benjamin Godard - Victor Hugo", 7L, 6L, 1L, 13L, 20L, true, true),
            List.of(
                at("08:40"), "Benjamin Godard - Victor Hugo", 20L, 19L, 1L, 0L, 20L, true, false),
            List.of(
                at("09:00"), "Benjamin Godard - Victor Hugo", 3L, 2L, 1L, 17L, 20L, true, true));
    TimeSeries lyon = reader.read(
        HistoryRequest.all(HistorySubject.STATION, "lyon", "16107", at("08:00"), at("09:00")));
    assertThat(lyon.rows()).extracting(r -> r.get(2)).containsExactly(11L);
  }

  @Test
  void aSampledStationSeriesStartsFromTheStateBeforeFrom() {
    TimeSeries series = reader.read(new HistoryRequest(
        HistorySubject.STATION, null, "16107", at("08:00"), at("09:00"), Duration.ofMinutes(20)));

    assertThat(series.rows())
        .extracting(r -> r.get(0) + " " + r.get(1) + " " + r.get(3))
        .containsExactly(
            at("08:00") + " " + at("07:30") + " 5",
            at("08:20") + " " + at("08:10") + " 7",
            at("08:40") + " " + at("08:40") + " 20",
            at("09:00") + " " + at("09:00") + " 3");
  }

  @Test
  void aStateOlderThanTheDayBeforeFromIsStillFound() {
    TimeSeries series = reader.read(new HistoryRequest(
        HistorySubject.STATION,
        "velib",
        "16107",
        Instant.parse("2026-11-24T00:00:00Z"),
        Instant.parse("2026-11-24T02:00:00Z"),
        Duration.ofHours(1)));

    assertThat(series.rows())
        .extracting(r -> r.get(1) + " " + r.get(3))
        .containsOnly("2026-11-21T12:00:00Z 9")
        .hasSize(3);
  }

  @Test
  void aPostcodeSeriesShowsTheRevisedStateAndSamplesBeforeTheFirstOneAreEmpty() {
    TimeSeries all = reader.read(
        HistoryRequest.all(HistorySubject.POSTCODE, null, "75001", at("07:00"), at("09:00")));
    assertThat(all.rows())
        .containsExactly(
            List.of(at("08:00"), "Paris 1er", 3L, 12L, 10L, 2L, 0L, 48L, 60L),
            List.of(at("08:30"), "Paris 1er", 3L, 15L, 13L, 2L, 0L, 45L, 60L));

    TimeSeries sampled = reader.read(new HistoryRequest(
        HistorySubject.POSTCODE, null, "75001", at("07:30"), at("08:30"), Duration.ofMinutes(30)));
    assertThat(sampled.rows())
        .containsExactly(
            Arrays.asList(at("07:30"), null, null, null, null, null, null, null, null, null),
            List.of(at("08:00"), at("08:00"), "Paris 1er", 3L, 12L, 10L, 2L, 0L, 48L, 60L),
            List.of(at("08:30"), at("08:30"), "Paris 1er", 3L, 15L, 13L, 2L, 0L, 45L, 60L));
  }

  @Test
  void aPostcodeWithoutBreakdownHasEmptyMechanicalAndEbikeCellsNotZero() {
    TimeSeries series = reader.read(
        HistoryRequest.all(HistorySubject.POSTCODE, null, "75002", at("10:00"), at("11:00")));

    assertThat(series.columnNames())
        .containsExactly(
            "updated_at",
            "commune",
            "stations",
            "bikes_available",
            "mechanical",
            "ebike",
            "untyped_bikes",
            "docks_available",
            "capacity");
    assertThat(series.rows())
        .containsExactly(
            Arrays.asList(at("10:30"), "Paris 2e", 2L, 42L, null, null, 42L, 18L, 60L));
  }

  /**
   * A history begun by an earlier citypulse: its files declare mechanical and ebike required
   * (written here with Parquet's own writer, as Spark might not keep that flag) and lack
   * untyped_bikes; newer files beside them have null splits and untyped_bikes. Whichever file
   * Spark takes the schema from, every state reads back.
   */
  @Test
  void aHistoryBegunBeforeUnknownSplitsReadsItsOldAndNewFiles() throws Exception {
    Path oldBase = workDir.resolve("history-before-v2");
    Path day = java.nio.file.Files.createDirectories(oldBase.resolve("postcodes/date=2026-11-24"));
    MessageType v1 = MessageTypeParser.parseMessageType("""
        message spark_schema {
          optional binary postcode (STRING);
          optional binary commune (STRING);
          required int32 stations;
          required int64 bikes_available;
          required int64 mechanical;
          required int64 ebike;
          required int64 docks_available;
          required int64 capacity;
          optional int64 updated_at (TIMESTAMP(MICROS,true));
          optional int64 kafka_timestamp (TIMESTAMP(MICROS,true));
        }""");
    long micros = at("08:00").getEpochSecond() * 1_000_000L;
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(
            new org.apache.hadoop.fs.Path(day.resolve("part-00000-v1.parquet").toUri()))
        .withType(v1)
        .withConf(new org.apache.hadoop.conf.Configuration())
        .build()) {
      writer.write(new SimpleGroupFactory(v1)
          .newGroup()
          .append("postcode", "75001")
          .append("commune", "Paris 1er")
          .append("stations", 3)
          .append("bikes_available", 12L)
          .append("mechanical", 10L)
          .append("ebike", 2L)
          .append("docks_available", 48L)
          .append("capacity", 60L)
          .append("updated_at", micros)
          .append("kafka_timestamp", micros));
    }
    assertThat(spark.read().parquet(day.toString()).schema().fieldNames())
        .doesNotContain("untyped_bikes");
    ParquetHistoryReader old = new ParquetHistoryReader(spark, oldBase.toString());

    assertThat(old.read(HistoryRequest.all(
                HistorySubject.POSTCODE, null, "75001", at("07:00"), at("09:00")))
            .rows())
        .as("old files only")
        .containsExactly(Arrays.asList(at("08:00"), "Paris 1er", 3L, 12L, 10L, 2L, null, 48L, 60L));

    Dataset<Row> newer = spark
        .read()
        .schema(POSTCODE_SCHEMA)
        .json(spark.createDataset(
            List.of(arrived(untypedPostcode("75001", 20, at("08:30")), 10)), Encoders.STRING()));
    newer.write().mode("append").parquet(day.toString());

    assertThat(old.read(HistoryRequest.all(
                HistorySubject.POSTCODE, null, "75001", at("07:00"), at("09:00")))
            .rows())
        .as("old and new files")
        .containsExactly(
            Arrays.asList(at("08:00"), "Paris 1er", 3L, 12L, 10L, 2L, null, 48L, 60L),
            Arrays.asList(at("08:30"), "Paris 2e", 2L, 20L, null, null, 20L, 40L, 60L));
  }

  @Test
  void weatherCellsKeepTheirNullsAndLaterDaysStayOut() {
    TimeSeries series = reader.read(HistoryRequest.all(
        HistorySubject.LOCATION,
        null,
        "thies",
        at("08:00"),
        Instant.parse("2026-11-25T08:00:00Z")));
    assertThat(series.rows())
        .containsExactly(
            Arrays.asList(
                at("08:00"),
                "Thiès",
                "generator",
                30.5,
                70.0,
                1012.5,
                3.5,
                31.25,
                0.5,
                "morning",
                null),
            Arrays.asList(
                at("08:10"),
                "Thiès",
                "generator",
                null,
                70.0,
                1012.5,
                3.5,
                31.25,
                0.5,
                "morning",
                null));
  }

  @Test
  void theRangeQueryOpensOnlyTheDatePartitionsAroundTheRange() {
    HistoryRequest request =
        HistoryRequest.all(HistorySubject.LOCATION, null, "thies", at("08:00"), at("09:00"));
    SparkPlan plan = reader
        .inRange(reader.load(HistorySubject.LOCATION), request)
        .queryExecution()
        .executedPlan();
    FileSourceScanExec scan = CollectionConverters.asJava(plan.collectLeaves()).stream()
        .filter(FileSourceScanExec.class::isInstance)
        .map(FileSourceScanExec.class::cast)
        .findFirst()
        .orElseThrow();

    // weather/ holds date=2026-11-24 and date=2026-11-26; the range with a day of slack is 23-25.
    assertThat(CollectionConverters.asJava(scan.partitionFilters()).toString()).contains("date");
    assertThat(scan.selectedPartitions().partitionCount()).isEqualTo(1);
    assertThat(spark
            .read()
            .parquet(base.resolve("weather").toString())
            .select("date")
            .distinct()
            .count())
        .isEqualTo(2);
  }

  @Test
  void aSystemsAreaIsReadByItsTopicKeyAndNeverMixedWithAOneSystemArea() {
    assertThat(reader
            .read(HistoryRequest.all(
                HistorySubject.POSTCODE, null, "sim-0001:75001", at("07:00"), at("09:00")))
            .rows())
        .containsExactly(Arrays.asList(at("08:10"), null, 1L, 99L, null, null, 99L, 1L, 100L));
    assertThat(reader
            .read(HistoryRequest.all(
                HistorySubject.POSTCODE, null, "75001", at("07:00"), at("09:00")))
            .rows())
        .extracting(r -> r.get(0))
        .containsExactly(at("08:00"), at("08:30"));
    assertThatThrownBy(() -> reader.read(HistoryRequest.all(
            HistorySubject.POSTCODE, "sim-0002", "75001", at("07:00"), at("09:00"))))
        .isInstanceOf(NoHistoryException.class)
        .hasMessageEndingWith("; systems with history: (no system), sim-0001");
  }

  @Test
  void anUnknownKeyOrSystemNamesThoseWithHistory() {
    assertThatThrownBy(() -> reader.read(
            HistoryRequest.all(HistorySubject.STATION, "velib", "99999", at("08:00"), at("09:00"))))
        .isInstanceOf(NoHistoryException.class)
        .hasMessage("no history for station 99999 of system velib between 2026-11-24T08:00:00Z and"
            + " 2026-11-24T09:00:00Z; stations with history: 16107, 32017");
    assertThatThrownBy(() -> reader.read(
            HistoryRequest.all(HistorySubject.STATION, "bicing", "1", at("08:00"), at("09:00"))))
        .hasMessageEndingWith("; systems with history: lyon, velib");
  }

  @Test
  void aKnownKeyWithNothingInTheRangeGivesAnEmptySeries() {
    assertThat(reader
            .read(HistoryRequest.all(
                HistorySubject.POSTCODE, null, "75002", at("09:00"), at("10:00")))
            .rows())
        .isEmpty();
  }

  @Test
  void anEmptyDatasetHasNoHistoryYetAndAnUnreadableFileIsAStorageError() throws Exception {
    Path emptyBase = workDir.resolve("empty");
    java.nio.file.Files.createDirectories(emptyBase.resolve("weather/_spark_metadata"));
    assertThatThrownBy(() -> new ParquetHistoryReader(spark, emptyBase.toString())
            .read(HistoryRequest.all(
                HistorySubject.LOCATION, null, "paris", at("08:00"), at("09:00"))))
        .isInstanceOf(NoHistoryException.class)
        .hasMessageEndingWith("/weather yet");

    Path brokenBase = workDir.resolve("broken");
    Path partition =
        java.nio.file.Files.createDirectories(brokenBase.resolve("weather/date=2026-11-24"));
    java.nio.file.Files.writeString(partition.resolve("part-00000.parquet"), "not parquet at all");
    assertThatThrownBy(() -> new ParquetHistoryReader(spark, brokenBase.toString())
            .read(HistoryRequest.all(
                HistorySubject.LOCATION, null, "paris", at("08:00"), at("09:00"))))
        .isInstanceOf(io.citypulse.storage.StorageException.class)
        .hasMessageContaining("cannot read")
        .hasMessageContaining("weather");
  }

  @Test
  void aStreamThatWasNeverWrittenIsNamed() {
    ParquetHistoryReader empty =
        new ParquetHistoryReader(spark, workDir.resolve("nothing").toString());
    assertThatThrownBy(() -> empty.read(
            HistoryRequest.all(HistorySubject.LOCATION, null, "paris", at("08:00"), at("09:00"))))
        .isInstanceOf(NoHistoryException.class)
        .hasMessageStartingWith("no Parquet history of weather at ")
        .hasMessageContaining("storage.parquet.streams including weather");
  }
}
