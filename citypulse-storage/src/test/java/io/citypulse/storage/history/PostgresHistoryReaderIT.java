package io.citypulse.storage.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.storage.postgres.PostgresServer;
import io.citypulse.storage.schema.SchemaMigrator;
import io.citypulse.storage.sink.JdbcBatchWriter;
import io.citypulse.storage.sink.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL reader on a real embedded server, with rows written by the real sink. */
class PostgresHistoryReaderIT {
  @TempDir
  static Path stateDir;

  static PostgresServer server;
  static PostgresHistoryReader reader;

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

  @BeforeAll
  static void startServerAndWriteHistory() {
    server = PostgresServer.start(stateDir.resolve("postgres"));
    SchemaMigrator.migrate(server.target());
    try (var stations = JdbcBatchWriter.stations(server.target(), RetryPolicy.DEFAULT);
        var postcodes = JdbcBatchWriter.postcodes(server.target(), RetryPolicy.DEFAULT);
        var weather = JdbcBatchWriter.weather(server.target(), RetryPolicy.DEFAULT)) {
      stations.write(
          "stations",
          0,
          List.of(
              station(
                  "velib", "16107", "Benjamin Godard - Victor Hugo", 5, at("07:30"), at("07:31")),
              station(
                  "velib", "16107", "Benjamin Godard - Victor Hugo", 7, at("08:10"), at("08:11")),
              station("velib", "32017", "Basilique, \"Saint-Denis\"", 2, at("08:20"), at("08:21")),
              // The same code in another system must never leak into velib's series.
              station("lyon", "16107", "Lyon", 11, at("08:15"), at("08:16"))));
      stations.write(
          "stations",
          1,
          List.of(
              station(
                  "velib", "16107", "Benjamin Godard - Victor Hugo", 20, at("08:40"), at("08:41")),
              // No last_reported: the sink files the state under fetched_at.
              station("velib", "16107", "Benjamin Godard - Victor Hugo", 3, null, at("09:00")),
              station(
                  "velib", "16107", "Benjamin Godard - Victor Hugo", 4, at("09:30"), at("09:31"))));
      postcodes.write(
          "postcodes",
          0,
          List.of(postcode("75001", 10, at("08:00")), postcode("75002", 1, at("08:00"))));
      // A later batch revises 08:00 (more stations of the same fetch folded in).
      postcodes.write(
          "postcodes",
          1,
          List.of(
              postcode("75001", 12, at("08:00")),
              postcode("75001", 15, at("08:30")),
              untypedPostcode("75002", 42, at("10:30"))));
      // A catalogue-wide run's area of the same name: its own series, never mixed with 75001's.
      postcodes.write(
          "postcodes",
          2,
          List.of(new PostcodeAvailability(
              "75001", null, 1, 99, null, null, 1, 100, at("08:10"), 99L, "sim-0001")));
      weather.write(
          "weather",
          0,
          List.of(weather("thies", 30.5, at("08:00")), weather("thies", null, at("08:10"))));
    }
    reader = new PostgresHistoryReader(server.target());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyStationStateInTheRangeWithItsValues() {
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
  }

  @Test
  void aSampledStationSeriesStartsFromTheStateBeforeFrom() {
    TimeSeries series = reader.read(new HistoryRequest(
        HistorySubject.STATION, null, "16107", at("08:00"), at("09:00"), Duration.ofMinutes(20)));

    assertThat(series.columnNames()).startsWith("at", "last_reported", "name", "bikes_available");
    assertThat(series.rows())
        .extracting(r -> r.get(0) + " " + r.get(1) + " " + r.get(3))
        .containsExactly(
            at("08:00") + " " + at("07:30") + " 5",
            at("08:20") + " " + at("08:10") + " 7",
            at("08:40") + " " + at("08:40") + " 20",
            at("09:00") + " " + at("09:00") + " 3");
  }

  @Test
  void theSameCodeInAnotherSystemIsAnotherStation() {
    TimeSeries lyon = reader.read(
        HistoryRequest.all(HistorySubject.STATION, "lyon", "16107", at("08:00"), at("09:00")));
    assertThat(lyon.rows()).extracting(r -> r.get(2)).containsExactly(11L);
    TimeSeries quoted = reader.read(
        HistoryRequest.all(HistorySubject.STATION, "velib", "32017", at("08:00"), at("09:00")));
    assertThat(quoted.rows())
        .extracting(r -> r.get(1))
        .containsExactly("Basilique, \"Saint-Denis\"");
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
  void aSystemsAreaIsReadByItsTopicKeyOrWithItsSystemAndNeverMixedWithAnother() {
    TimeSeries keyed = reader.read(HistoryRequest.all(
        HistorySubject.POSTCODE, null, "sim-0001:75001", at("07:00"), at("09:00")));
    assertThat(keyed.rows())
        .containsExactly(Arrays.asList(at("08:10"), null, 1L, 99L, null, null, 99L, 1L, 100L));
    assertThat(reader
            .read(HistoryRequest.all(
                HistorySubject.POSTCODE, "sim-0001", "75001", at("07:00"), at("09:00")))
            .rows())
        .isEqualTo(keyed.rows());
    assertThatThrownBy(() -> reader.read(HistoryRequest.all(
            HistorySubject.POSTCODE, "sim-0002", "75001", at("07:00"), at("09:00"))))
        .isInstanceOf(NoHistoryException.class)
        .hasMessageContaining("no postcode of system sim-0002 has any history")
        .hasMessageEndingWith("; systems with history: (no system), sim-0001");
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

  @Test
  void weatherCellsKeepTheirNulls() {
    TimeSeries series = reader.read(
        HistoryRequest.all(HistorySubject.LOCATION, null, "thies", at("08:00"), at("08:10")));
    assertThat(series.columnNames())
        .containsExactly(
            "observed_at",
            "city",
            "source",
            "temperature_c",
            "humidity_pct",
            "pressure_hpa",
            "wind_speed_ms",
            "heat_index",
            "severity_index",
            "time_of_day",
            "temperature_change_1h");
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
  void aKnownKeyWithNothingInTheRangeGivesAnEmptySeries() {
    assertThat(reader
            .read(HistoryRequest.all(
                HistorySubject.POSTCODE, null, "75002", at("09:00"), at("10:00")))
            .rows())
        .isEmpty();
  }

  @Test
  void anUnknownKeyNamesTheKeysThatHaveHistory() {
    assertThatThrownBy(() -> reader.read(
            HistoryRequest.all(HistorySubject.STATION, "velib", "99999", at("08:00"), at("09:00"))))
        .isInstanceOf(NoHistoryException.class)
        .hasMessage("no history for station 99999 of system velib between 2026-11-24T08:00:00Z and"
            + " 2026-11-24T09:00:00Z; stations with history: 16107, 32017");
    assertThatThrownBy(() -> reader.read(
            HistoryRequest.all(HistorySubject.POSTCODE, null, "93200", at("08:00"), at("09:00"))))
        .hasMessageEndingWith("; postcodes with history: 75001, 75002");
  }

  @Test
  void anUnknownSystemNamesTheSystemsAndAnEmptyStreamSaysSo() {
    assertThatThrownBy(() -> reader.read(
            HistoryRequest.all(HistorySubject.STATION, "bicing", "1", at("08:00"), at("09:00"))))
        .hasMessageStartingWith(
            "no history for station 1 of system bicing: no station of system bicing has any"
                + " history in PostgreSQL at jdbc:postgresql://127.0.0.1:")
        .hasMessageEndingWith("; systems with history: lyon, velib");
  }
}
