package io.citypulse.storage.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.StorageException;
import io.citypulse.storage.history.RecentSeries.PostcodeRow;
import io.citypulse.storage.history.RecentSeries.WeatherRow;
import io.citypulse.storage.postgres.PostgresServer;
import io.citypulse.storage.schema.SchemaMigrator;
import io.citypulse.storage.sink.JdbcBatchWriter;
import io.citypulse.storage.sink.RetryPolicy;
import io.citypulse.testkit.Ports;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bulk reader on a real embedded server, with rows written by the real sink. */
class RecentSeriesReaderIT {
  @TempDir
  static Path stateDir;

  static PostgresServer server;
  static RecentSeriesReader reader;

  static Instant at(String hhmm) {
    return Instant.parse("2026-11-24T" + hhmm + ":00Z");
  }

  static PostcodeAvailability postcode(String postcode, int bikes, Instant updatedAt) {
    return new PostcodeAvailability(
        postcode, "Paris", 3, bikes, bikes - 2L, 2L, 60 - bikes, 60, updatedAt, 0L);
  }

  static WeatherFeatures weather(
      String location, Double temperature, Double precipitation, Instant observedAt) {
    return new WeatherFeatures(
        location,
        "Paris",
        "FR",
        48.85,
        2.35,
        observedAt,
        "2026-11-24T08:00:00",
        3600,
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
        precipitation,
        "800",
        "clear",
        null,
        0.5,
        5.0,
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
    try (var postcodes = JdbcBatchWriter.postcodes(server.target(), RetryPolicy.DEFAULT);
        var weather = JdbcBatchWriter.weather(server.target(), RetryPolicy.DEFAULT)) {
      postcodes.write(
          "postcodes",
          0,
          List.of(
              postcode("75002", 4, at("07:00")), // before the window
              postcode("75002", 5, at("08:00")),
              postcode("75001", 10, at("08:00")),
              postcode("75001", 11, at("08:01")),
              postcode("75001", 12, at("08:02"))));
      postcodes.write(
          "postcodes",
          1,
          List.of(
              postcode("75001", 13, at("08:03")),
              postcode("75001", 14, at("08:04")),
              postcode("75002", 6, at("08:05")),
              // no station of 75003 gives a breakdown by propulsion
              new PostcodeAvailability(
                  "75003", "Paris", 2, 9, null, null, 21, 30, at("08:06"), 9L)));
      weather.write(
          "weather",
          0,
          List.of(
              weather("paris", 8.5, 0.2, at("08:00")),
              weather("paris", null, null, at("08:10")),
              weather("lyon", 11.0, 0.0, at("07:59"))));
    }
    reader = new RecentSeriesReader(server.target());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theNewestStatesPerPostcodeSinceTheStartOfTheWindowWithTheirValues() {
    RecentSeries recent = reader.read(at("08:00"), 3);

    assertThat(recent.postcodes())
        .containsExactly(
            new PostcodeRow("75001", at("08:02"), 12, 10L, 2L, 48),
            new PostcodeRow("75001", at("08:03"), 13, 11L, 2L, 47),
            new PostcodeRow("75001", at("08:04"), 14, 12L, 2L, 46),
            new PostcodeRow("75002", at("08:00"), 5, 3L, 2L, 55),
            new PostcodeRow("75002", at("08:05"), 6, 4L, 2L, 54),
            // unknown, not 0
            new PostcodeRow("75003", at("08:06"), 9, null, null, 21));
  }

  @Test
  void weatherKeepsItsNullsAndTheWindowStartIsInclusive() {
    RecentSeries recent = reader.read(at("07:59"), 10);

    assertThat(recent.weather())
        .containsExactly(
            new WeatherRow("generator:lyon", at("07:59"), 11.0, 70.0, 3.5, 0.0),
            new WeatherRow("generator:paris", at("08:00"), 8.5, 70.0, 3.5, 0.2),
            new WeatherRow("generator:paris", at("08:10"), null, 70.0, 3.5, null));
    assertThat(reader.read(at("08:01"), 10).weather())
        .extracting(WeatherRow::at)
        .containsExactly(at("08:10"));
  }

  @Test
  void aWindowWithNothingStoredIsEmpty() {
    RecentSeries recent = reader.read(at("09:00"), 10);

    assertThat(recent.postcodes()).isEmpty();
    assertThat(recent.weather()).isEmpty();
  }

  @Test
  void anUnreachableServerIsAStorageExceptionNamingItWithoutThePassword() {
    int closed = Ports.freePort();
    RecentSeriesReader nowhere = new RecentSeriesReader(new JdbcTarget(
        "jdbc:postgresql://127.0.0.1:" + closed + "/citypulse?password=s3cret",
        "citypulse",
        "s3cret"));

    assertThatThrownBy(() -> nowhere.read(at("08:00"), 10))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith(
            "cannot read the recent series from PostgreSQL at 127.0.0.1:" + closed + "/citypulse")
        .hasMessageNotContaining("s3cret");
  }
}
