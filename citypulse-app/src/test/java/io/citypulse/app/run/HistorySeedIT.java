package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.dashboard.state.PostcodePoint;
import io.citypulse.dashboard.state.SeriesOrigin;
import io.citypulse.dashboard.state.WeatherPoint;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.storage.postgres.PostgresServer;
import io.citypulse.storage.schema.SchemaMigrator;
import io.citypulse.storage.sink.JdbcBatchWriter;
import io.citypulse.storage.sink.RetryPolicy;
import io.citypulse.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's series seeded from a real embedded PostgreSQL written by the real sink, merged with topic records. */
class HistorySeedIT {
  static final Instant NOW = at("12:00");

  @TempDir
  static Path stateDir;

  static PostgresServer server;
  static String serverName;

  static Instant at(String hhmm) {
    return Instant.parse("2026-11-24T" + hhmm + ":00Z");
  }

  /** Bikes = mechanical + 2 e-bikes; docks = 60 - bikes. */
  static PostcodeAvailability postcode(String postcode, int bikes, Instant updatedAt) {
    return new PostcodeAvailability(
        postcode, "Paris", 3, bikes, bikes - 2L, 2L, 60 - bikes, 60, updatedAt, 0L);
  }

  static PostcodePoint point(int bikes, Instant at) {
    return new PostcodePoint(at, bikes, bikes - 2L, 2L, 60 - bikes);
  }

  static WeatherFeatures weather(Double temperature, Double precipitation, Instant observedAt) {
    return new WeatherFeatures(
        "paris",
        "Paris",
        "FR",
        48.85,
        2.35,
        observedAt,
        "2026-11-24T12:00:00",
        3600,
        "afternoon",
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
    serverName = "127.0.0.1:" + server.port() + "/" + PostgresServer.DATABASE;
    SchemaMigrator.migrate(server.target());
    try (var postcodes = JdbcBatchWriter.postcodes(server.target(), RetryPolicy.DEFAULT);
        var weather = JdbcBatchWriter.weather(server.target(), RetryPolicy.DEFAULT)) {
      postcodes.write(
          "postcodes",
          0,
          List.of(
              postcode("75001", 9, at("05:59")), // older than the six-hour window
              postcode("75001", 10, at("06:00")),
              postcode("75001", 11, at("08:00")),
              postcode("75001", 12, at("11:58")),
              postcode("75001", 13, at("11:59")),
              postcode("75002", 30, at("10:00"))));
      weather.write(
          "weather", 0, List.of(weather(8.5, 0.2, at("11:00")), weather(null, null, at("11:10"))));
    }
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theSeededSeriesAreTheStoredRowsMergedWithTheTopicRecords() throws Exception {
    DashboardState state = new DashboardState(new MutableClock(NOW), 10);
    // The feed started first: the compacted topic's last state (11:59, revised to 14 bikes by a
    // batch the history has not stored yet) and a newer one.
    state.apply(postcode("75001", 14, at("11:59")));
    state.apply(postcode("75001", 15, at("12:00")));

    SeriesOrigin origin = HistorySeed.start(server::target, state).done().get(60, TimeUnit.SECONDS);
    state.apply(postcode("75001", 16, at("12:01")));

    assertThat(state.postcodeSeries("75001"))
        .containsExactly(
            point(10, at("06:00")),
            point(11, at("08:00")),
            point(12, at("11:58")),
            point(14, at("11:59")),
            point(15, at("12:00")),
            point(16, at("12:01")));
    assertThat(state.postcodeSeries("75002")).containsExactly(point(30, at("10:00")));
    assertThat(state.weatherSeries("generator:paris"))
        .containsExactly(
            new WeatherPoint(at("11:00"), 8.5, 70.0, 3.5, 0.2),
            new WeatherPoint(at("11:10"), null, 70.0, 3.5, null));
    // The latest state is the topics' alone; the seeded 75002 is a series without a latest entry.
    assertThat(state.postcodes())
        .extracting(v -> v.availability().postcode())
        .containsExactly("75001");
    assertThat(state.snapshot().postcodeSeries()).containsOnlyKeys("75001", "75002");
    assertThat(origin).isEqualTo(SeriesOrigin.history(serverName, at("06:00"), 4, 2));
    assertThat(state.seriesOrigin()).isEqualTo(origin);
    assertThat(origin.caption()).isEqualTo("history from PostgreSQL");
  }

  @Test
  void eachKeyGetsAtMostTheSeriesBoundOfItsNewestStoredStates() throws Exception {
    DashboardState state = new DashboardState(new MutableClock(NOW), 2);

    SeriesOrigin origin = HistorySeed.start(server::target, state).done().get(60, TimeUnit.SECONDS);

    assertThat(state.postcodeSeries("75001"))
        .containsExactly(point(12, at("11:58")), point(13, at("11:59")));
    assertThat(origin.postcodePoints()).isEqualTo(3);
    assertThat(origin.weatherPoints()).isEqualTo(2);
  }
}
