package io.citypulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.files.FileFormat;
import io.citypulse.files.RecordReader;
import io.citypulse.files.Row;
import io.citypulse.files.RowResult;
import io.citypulse.files.StationRows;
import io.citypulse.files.WeatherRows;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.model.WeatherObservation;
import io.citypulse.storage.postgres.PostgresServer;
import io.citypulse.storage.schema.SchemaMigrator;
import io.citypulse.storage.sink.JdbcBatchWriter;
import io.citypulse.storage.sink.RetryPolicy;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code citypulse export --from/--to} against the embedded PostgreSQL: the data directory is
 * written by the real sink and the server stopped, so the command starts (and stops) it itself,
 * as {@code history} does.
 */
class HistoryExportIT {
  @TempDir
  static Path stateDir;

  @TempDir
  Path dir;

  private record Result(int code, String out, String err) {}

  static Instant at(String hhmm) {
    return Instant.parse("2026-11-24T" + hhmm + ":00Z");
  }

  static StationRecord station(String system, String code, int bikes, Instant lastReported) {
    return new StationRecord(
        system,
        code,
        "id-" + code,
        "Station " + code,
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

  static WeatherFeatures weather(String location, double temperature, Instant observedAt) {
    return new WeatherFeatures(
        location,
        location.equals("dakar") ? "Dakar" : "Thiès",
        "SN",
        14.7,
        -17.4,
        observedAt,
        "2026-11-24T08:00:00",
        0,
        "morning",
        "generator",
        temperature,
        temperature + 1,
        70.0,
        1012.5,
        3.5,
        220.0,
        null,
        10.0,
        0.0,
        "800",
        "clear sky",
        30.0,
        0.5,
        20.0,
        "comfortable",
        null,
        2,
        null,
        null,
        1);
  }

  @BeforeAll
  static void prepareAStoppedEmbeddedDatabase() {
    try (PostgresServer server = PostgresServer.start(stateDir.resolve("postgres"))) {
      SchemaMigrator.migrate(server.target());
      try (var stations = JdbcBatchWriter.stations(server.target(), RetryPolicy.DEFAULT);
          var postcodes = JdbcBatchWriter.postcodes(server.target(), RetryPolicy.DEFAULT);
          var weather = JdbcBatchWriter.weather(server.target(), RetryPolicy.DEFAULT)) {
        stations.write(
            "stations",
            0,
            List.of(
                station("velib", "16107", 5, at("07:30")),
                station("velib", "16107", 7, at("08:10")),
                station("velib", "32017", 2, at("08:20")),
                station("citibike", "16107", 9, at("08:30")),
                station("velib", "16107", 20, at("08:40")),
                station("velib", "16107", 4, at("09:30"))));
        postcodes.write(
            "postcodes",
            0,
            List.of(
                new PostcodeAvailability(
                    "75001", "Paris 1er", 3, 12, 10L, 2L, 48, 60, at("08:00"), 0L),
                // No breakdown by bike type: unknown, not 0.
                new PostcodeAvailability(
                    "75001", "Paris 1er", 3, 16, null, null, 44, 60, at("08:30"), 16L)));
        weather.write(
            "weather",
            0,
            List.of(
                weather("dakar", 27.5, at("08:00")),
                weather("thies", 29.0, at("08:00")),
                weather("dakar", 28.0, at("09:00")),
                weather("dakar", 30.0, at("12:00"))));
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

  /** export --from FROM --to TO --out OUT, from the embedded database, with more arguments. */
  private Result export(Path out, String from, String to, String... args) {
    List<String> all = new ArrayList<>(List.of(
        "export",
        "--state-dir",
        stateDir.toString(),
        "--quiet",
        "--out",
        out.toString(),
        "--from",
        from,
        "--to",
        to));
    all.addAll(List.of(args));
    return run(all.toArray(String[]::new));
  }

  private static List<Map<String, String>> rows(FileFormat format, Path file) throws Exception {
    List<Map<String, String>> rows = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file);
        RecordReader reader = RecordReader.open(format, in)) {
      for (Row row = reader.next(); row != null; row = reader.next()) {
        assertThat(row.isError()).as(String.valueOf(row.error())).isFalse();
        rows.add(row.fields());
      }
    }
    return rows;
  }

  @Test
  void everyStationBetweenTwoTimesInTimeOrderWithTheTopicExportsColumns() throws Exception {
    Path csv = dir.resolve("stations.csv");
    Result result =
        export(csv, "2026-11-24T08:00:00Z", "2026-11-24T09:00:00Z", "--kind", "stations");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err())
        .contains("export stations history: 4 rows (stations between"
            + " 2026-11-24T08:00:00Z and 2026-11-24T09:00:00Z) written to " + csv);
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo(String.join(",", StationRows.COLUMNS));
    assertThat(lines.subList(1, lines.size()))
        .containsExactly(
            "velib,16107,id-16107,\"Station 16107\",48.85,2.35,20,75013,Paris,7,6,1,13,true,true,true,"
                + "2026-11-24T08:10:00Z,2026-11-24T08:10:30Z",
            "velib,32017,id-32017,\"Station 32017\",48.85,2.35,20,75013,Paris,2,1,1,18,true,true,true,"
                + "2026-11-24T08:20:00Z,2026-11-24T08:20:30Z",
            "citibike,16107,id-16107,\"Station 16107\",48.85,2.35,20,75013,Paris,9,8,1,11,true,true,"
                + "true,2026-11-24T08:30:00Z,2026-11-24T08:30:30Z",
            "velib,16107,id-16107,\"Station 16107\",48.85,2.35,20,75013,Paris,20,19,1,0,true,true,false,"
                + "2026-11-24T08:40:00Z,2026-11-24T08:40:30Z");
    // What export writes, import reads back into the records that were stored.
    for (Map<String, String> row : rows(FileFormat.CSV, csv)) {
      assertThat(StationRows.fromRow(row)).isInstanceOf(RowResult.Ok.class);
    }
  }

  @Test
  void oneStationOfOneSystemAsJsonLines() throws Exception {
    Path jsonl = dir.resolve("one.jsonl");
    Result result = export(
        jsonl,
        "2026-11-24T07:00:00Z",
        "2026-11-24T10:00:00Z",
        "--station",
        "16107",
        "--system",
        "velib");

    assertThat(result.code()).as(result.err()).isZero();
    List<Map<String, String>> rows = rows(FileFormat.JSONL, jsonl);
    assertThat(rows)
        .extracting(r -> r.get("last_reported"))
        .containsExactly(
            "2026-11-24T07:30:00Z",
            "2026-11-24T08:10:00Z",
            "2026-11-24T08:40:00Z",
            "2026-11-24T09:30:00Z");
    assertThat(rows).extracting(r -> r.get("system")).containsOnly("velib");
  }

  @Test
  void postcodesKeepUnknownCountsEmptyAndAOneSystemRunHasNoSystem() throws Exception {
    Path csv = dir.resolve("postcodes.csv");
    Result result =
        export(csv, "2026-11-24T07:00:00Z", "2026-11-24T10:00:00Z", "--kind", "postcodes");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(Files.readAllLines(csv))
        .containsExactly(
            "postcode,commune,stations,bikes_available,mechanical,ebike,docks_available,capacity,"
                + "updated_at,untyped_bikes,system",
            "75001,\"Paris 1er\",3,12,10,2,48,60,2026-11-24T08:00:00Z,0,",
            "75001,\"Paris 1er\",3,16,,,44,60,2026-11-24T08:30:00Z,16,");
  }

  @Test
  void weatherOfOneLocationIsImportableAndFeaturesCarryTheDerivedValues() throws Exception {
    Path xlsx = dir.resolve("dakar.xlsx");
    Result weather =
        export(xlsx, "2026-11-24T07:00:00Z", "2026-11-24T10:00:00Z", "--location", "dakar");

    assertThat(weather.code()).as(weather.err()).isZero();
    List<Map<String, String>> rows = rows(FileFormat.XLSX, xlsx);
    assertThat(rows).hasSize(2);
    // An XLSX row leaves empty cells out (wind_gust_ms, fetched_at): the header is the CSV's.
    assertThat(WeatherRows.COLUMNS).containsAll(rows.get(0).keySet());
    Path header = dir.resolve("dakar.csv");
    assertThat(export(header, "2026-11-24T07:00:00Z", "2026-11-24T10:00:00Z", "--location", "dakar")
            .code())
        .isZero();
    assertThat(Files.readAllLines(header).get(0)).isEqualTo(String.join(",", WeatherRows.COLUMNS));
    RowResult<WeatherObservation> first = WeatherRows.fromRow(rows.get(0));
    assertThat(first).isInstanceOf(RowResult.Ok.class);
    WeatherObservation observation = ((RowResult.Ok<WeatherObservation>) first).value();
    assertThat(observation.location()).isEqualTo("dakar");
    assertThat(observation.observedAt()).isEqualTo(at("08:00"));
    assertThat(observation.temperatureC()).isEqualTo(27.5);
    assertThat(observation.source()).isEqualTo("generator");
    assertThat(observation.fetchedAt()).as("not stored").isNull();

    Path csv = dir.resolve("features.csv");
    Result features =
        export(csv, "2026-11-24T07:00:00Z", "2026-11-24T08:30:00Z", "--kind", "features");
    assertThat(features.code()).as(features.err()).isZero();
    List<Map<String, String>> all = rows(FileFormat.CSV, csv);
    assertThat(all).extracting(r -> r.get("location")).containsExactly("dakar", "thies");
    assertThat(all).extracting(r -> r.get("heat_index")).containsOnly("30");
  }

  @Test
  void nothingStoredInTheRangeIsAnEmptyFileAndANote() throws Exception {
    Path csv = dir.resolve("none.csv");
    Result result =
        export(csv, "2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z", "--kind", "stations");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(Files.readAllLines(csv)).containsExactly(String.join(",", StationRows.COLUMNS));
    assertThat(result.err()).contains("no stored stations between 2026-11-25T00:00:00Z");
  }
}
