package io.citypulse.app.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.storage.postgres.PostgresServer;
import io.citypulse.storage.schema.SchemaMigrator;
import io.citypulse.storage.sink.JdbcBatchWriter;
import io.citypulse.storage.sink.RetryPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code citypulse history} in-process against the embedded PostgreSQL: the data directory is
 * prepared by the real sink and the server stopped, so the command starts it (and stops it) itself.
 */
class HistoryCommandIT {
  @TempDir
  static Path stateDir;

  @TempDir
  static Path parquetDir;

  private record Result(int code, String out, String err) {}

  static Instant at(String hhmm) {
    return Instant.parse("2026-11-24T" + hhmm + ":00Z");
  }

  static StationRecord station(String code, String name, int bikes, Instant lastReported) {
    return new StationRecord(
        "velib",
        code,
        "id-" + code,
        name,
        48.85,
        2.35,
        20,
        "75013",
        "Paris",
        bikes,
        bikes - 1,
        1,
        20 - bikes,
        true,
        true,
        bikes < 20,
        lastReported,
        lastReported.plusSeconds(30));
  }

  static PostcodeAvailability postcode(int bikes, Instant updatedAt) {
    return new PostcodeAvailability(
        "75001", "Paris 1er", 3, bikes, bikes - 2L, 2L, 60 - bikes, 60, updatedAt, 0L);
  }

  static final List<StationRecord> STATIONS = List.of(
      station("16107", "Benjamin Godard - Victor Hugo", 5, at("07:30")),
      station("16107", "Benjamin Godard - Victor Hugo", 7, at("08:10")),
      station("16107", "Benjamin Godard - Victor Hugo", 20, at("08:40")),
      station("16107", "Benjamin Godard - Victor Hugo", 4, at("09:30")),
      station("32017", "Porte d'Italie, \"Hôpital\"", 2, at("08:20")));

  @BeforeAll
  static void prepareAStoppedEmbeddedDatabase() {
    try (PostgresServer server = PostgresServer.start(stateDir.resolve("postgres"))) {
      SchemaMigrator.migrate(server.target());
      try (var stations = JdbcBatchWriter.stations(server.target(), RetryPolicy.DEFAULT);
          var postcodes = JdbcBatchWriter.postcodes(server.target(), RetryPolicy.DEFAULT)) {
        stations.write("stations", 0, STATIONS);
        postcodes.write(
            "postcodes",
            0,
            List.of(
                postcode(12, at("08:00")),
                postcode(15, at("08:30")),
                // The feed stopped giving a breakdown by bike type: unknown, not 0.
                new PostcodeAvailability(
                    "75001", "Paris 1er", 3, 16, null, null, 44, 60, at("09:00"), 16L)));
      }
    }
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        CitypulseCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void aTableOfEveryStateInTheRangeFromTheEmbeddedDatabaseItStartsAndStops() {
    Result result = run(
        "history",
        "--state-dir",
        stateDir.toString(),
        "--station",
        "16107",
        "--from",
        "2026-11-24T08:00:00Z",
        "--to",
        "2026-11-24T09:00:00Z");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("""
        last_reported         name                           bikes_available  mechanical  ebike  docks_available  capacity  is_renting  is_returning
        --------------------  -----------------------------  ---------------  ----------  -----  ---------------  --------  ----------  ------------
        2026-11-24T08:10:00Z  Benjamin Godard - Victor Hugo                7           6      1               13        20  true        true
        2026-11-24T08:40:00Z  Benjamin Godard - Victor Hugo               20          19      1                0        20  true        false
        """);
    assertThat(stateDir.resolve("postgres/postmaster.pid")).doesNotExist();
  }

  @Test
  void aSampledCsvInLocalTime() {
    Result result = run(
        "history",
        "--state-dir",
        stateDir.toString(),
        "--station",
        "32017",
        "--system",
        "velib",
        "--from",
        "2026-11-24T09:00",
        "--to",
        "2026-11-24T10:00",
        "--zone",
        "Europe/Paris",
        "--step",
        "20m",
        "--format",
        "csv");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "at,last_reported,name,bikes_available,mechanical,ebike,docks_available,capacity,is_renting,is_returning\r\n"
                + "2026-11-24T09:00:00+01:00,,,,,,,,,\r\n"
                + "2026-11-24T09:20:00+01:00,2026-11-24T09:20:00+01:00,\"Porte d'Italie, \"\"Hôpital\"\"\",2,1,1,18,20,true,true\r\n"
                + "2026-11-24T09:40:00+01:00,2026-11-24T09:20:00+01:00,\"Porte d'Italie, \"\"Hôpital\"\"\",2,1,1,18,20,true,true\r\n"
                + "2026-11-24T10:00:00+01:00,2026-11-24T09:20:00+01:00,\"Porte d'Italie, \"\"Hôpital\"\"\",2,1,1,18,20,true,true\r\n");
  }

  @Test
  void postcodeStatesAsJson() {
    Result result = run(
        "history",
        "--state-dir",
        stateDir.toString(),
        "--postcode",
        "75001",
        "--from",
        "2026-11-24",
        "--to",
        "2026-11-25",
        "--zone",
        "UTC",
        "--format",
        "JSON");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("""
        [
        {"updated_at":"2026-11-24T08:00:00Z","commune":"Paris 1er","stations":3,"bikes_available":12,"mechanical":10,"ebike":2,"untyped_bikes":0,"docks_available":48,"capacity":60},
        {"updated_at":"2026-11-24T08:30:00Z","commune":"Paris 1er","stations":3,"bikes_available":15,"mechanical":13,"ebike":2,"untyped_bikes":0,"docks_available":45,"capacity":60},
        {"updated_at":"2026-11-24T09:00:00Z","commune":"Paris 1er","stations":3,"bikes_available":16,"mechanical":null,"ebike":null,"untyped_bikes":16,"docks_available":44,"capacity":60}
        ]
        """);
  }

  @Test
  void anUnknownStationListsTheStationsWithHistory() {
    Result result = run(
        "history",
        "--state-dir",
        stateDir.toString(),
        "--station",
        "99999",
        "--from",
        "2026-11-24T08:00:00Z",
        "--to",
        "2026-11-24T09:00:00Z");

    assertThat(result.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .contains(
            "citypulse: no history for station 99999 of system velib between"
                + " 2026-11-24T08:00:00Z and 2026-11-24T09:00:00Z; stations with history: 16107, 32017\n");
  }

  @Test
  void aKnownStationWithNothingInTheRangePrintsTheHeaderAndANote() {
    Result result = run(
        "history",
        "--state-dir",
        stateDir.toString(),
        "--station",
        "16107",
        "--format",
        "csv",
        "--from",
        "2026-11-25T08:00:00Z",
        "--to",
        "2026-11-25T09:00:00Z");

    assertThat(result.code()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "last_reported,name,bikes_available,mechanical,ebike,docks_available,capacity,is_renting,is_returning\r\n");
    assertThat(result.err())
        .contains("citypulse: no stored state of station 16107 of system velib between"
            + " 2026-11-25T08:00:00Z and 2026-11-25T09:00:00Z");
  }

  @Test
  void aRunningServerIsReadThroughItsJdbcUrl() {
    try (PostgresServer server = PostgresServer.start(stateDir.resolve("postgres"))) {
      Result result = run(
          "history",
          "--jdbc-url",
          server.jdbcUrl(),
          "--set",
          "storage.postgres.user=postgres",
          "--postcode",
          "75001",
          "--from",
          "2026-11-24T08:15:00Z",
          "--to",
          "2026-11-24T08:45:00Z",
          "--step",
          "15m",
          "--format",
          "csv");

      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.out())
          .isEqualTo(
              "at,updated_at,commune,stations,bikes_available,mechanical,ebike,untyped_bikes,docks_available,capacity\r\n"
                  + "2026-11-24T08:15:00Z,2026-11-24T08:00:00Z,Paris 1er,3,12,10,2,0,48,60\r\n"
                  + "2026-11-24T08:30:00Z,2026-11-24T08:30:00Z,Paris 1er,3,15,13,2,0,45,60\r\n"
                  + "2026-11-24T08:45:00Z,2026-11-24T08:30:00Z,Paris 1er,3,15,13,2,0,45,60\r\n");
    }
  }

  @Test
  void anUnknownSplitIsAnEmptyCellNotZero() {
    Result csv = run(
        "history",
        "--state-dir",
        stateDir.toString(),
        "--postcode",
        "75001",
        "--from",
        "2026-11-24T08:45:00Z",
        "--to",
        "2026-11-24T09:15:00Z",
        "--format",
        "csv");
    Result table = run(
        "history",
        "--state-dir",
        stateDir.toString(),
        "--postcode",
        "75001",
        "--from",
        "2026-11-24T08:45:00Z",
        "--to",
        "2026-11-24T09:15:00Z");

    assertThat(csv.code()).as(csv.err()).isZero();
    assertThat(csv.out())
        .isEqualTo(
            "updated_at,commune,stations,bikes_available,mechanical,ebike,untyped_bikes,docks_available,capacity\r\n"
                + "2026-11-24T09:00:00Z,Paris 1er,3,16,,,16,44,60\r\n");
    assertThat(table.code()).as(table.err()).isZero();
    assertThat(table.out()).isEqualTo("""
        updated_at            commune    stations  bikes_available  mechanical  ebike  untyped_bikes  docks_available  capacity
        --------------------  ---------  --------  ---------------  ----------  -----  -------------  ---------------  --------
        2026-11-24T09:00:00Z  Paris 1er         3               16           -      -             16               44        60
        """);
  }

  @Test
  void theParquetHistoryIsReadWithItsOwnLocalSpark() {
    // The contract layout, written by a Spark batch write: stations/system=velib/date=2026-11-24/.
    SparkSession spark = SparkSessions.local("local[1]", 1, parquetDir.resolve("writer"));
    try {
      List<String> json = STATIONS.stream().map(Json::writeString).toList();
      spark
          .read()
          .schema("system STRING, station_code STRING, station_id STRING, name STRING, lat DOUBLE,"
              + " lon DOUBLE, capacity INT, postcode STRING, commune STRING, bikes_available INT, mechanical INT,"
              + " ebike INT, docks_available INT, is_installed BOOLEAN, is_renting BOOLEAN, is_returning BOOLEAN,"
              + " last_reported TIMESTAMP, fetched_at TIMESTAMP")
          .json(spark.createDataset(json, Encoders.STRING()))
          .withColumn("kafka_timestamp", col("fetched_at"))
          .withColumn("date", date_format(col("last_reported"), "yyyy-MM-dd"))
          .write()
          .partitionBy("system", "date")
          .parquet(parquetDir.resolve("history/stations").toString());
    } finally {
      spark.stop();
    }

    Result result = run(
        "history",
        "--parquet",
        parquetDir.resolve("history").toUri().toString(),
        // A state dir without a database: only the Parquet history can answer.
        "--state-dir",
        parquetDir.resolve("no-database").toString(),
        "--station",
        "16107",
        "--from",
        "2026-11-24T08:00:00Z",
        "--to",
        "2026-11-24T09:00:00Z");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out())
        .isEqualTo(run(
                "history",
                "--state-dir",
                stateDir.toString(),
                "--station",
                "16107",
                "--from",
                "2026-11-24T08:00:00Z",
                "--to",
                "2026-11-24T09:00:00Z")
            .out())
        .contains("08:40:00Z");
  }
}
