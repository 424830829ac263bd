package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.dashboard.state.PostcodePoint;
import io.citypulse.dashboard.state.SeriesOrigin;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.storage.JdbcTarget;
import io.citypulse.testkit.LogCapture;
import io.citypulse.testkit.MutableClock;
import io.citypulse.testkit.Ports;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The background seeding without a database: no store, a store still starting, a store that is away. */
class HistorySeedTest {
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  static final Instant FROM = NOW.minus(HistorySeed.WINDOW);

  private final DashboardState state = new DashboardState(new MutableClock(NOW), 10);

  @Test
  void withoutAStoreTheSeriesComeFromTheTopics() throws Exception {
    HistorySeed seed = HistorySeed.start(null, state);

    assertThat(seed.done()).isCompletedWithValue(SeriesOrigin.topics());
    assertThat(state.seriesOrigin().caption()).isEqualTo("since the dashboard started");
    assertThat(HistorySeed.start(() -> null, state).done().get(10, TimeUnit.SECONDS))
        .isEqualTo(SeriesOrigin.topics());
  }

  @Test
  void startReturnsAtOnceWhileTheStoreIsStillStartingAndSaysLoading() throws Exception {
    CountDownLatch serverUp = new CountDownLatch(1);
    Supplier<JdbcTarget> slow = () -> {
      try {
        serverUp.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    };

    HistorySeed seed = HistorySeed.start(slow, state);

    assertThat(seed.done()).isNotDone();
    assertThat(state.seriesOrigin()).isEqualTo(SeriesOrigin.loading(null, FROM));
    serverUp.countDown();
    assertThat(seed.done().get(10, TimeUnit.SECONDS).source())
        .isEqualTo(SeriesOrigin.Source.TOPICS);
  }

  @Test
  void anUnreachableStoreLogsOneWarningNamingItWithoutThePasswordAndKeepsTheTopicSeries()
      throws Exception {
    int closed = Ports.freePort();
    state.apply(new PostcodeAvailability("75001", "Paris", 3, 7, 5L, 2L, 10, 20, NOW, 0L));
    JdbcTarget away = new JdbcTarget(
        "jdbc:postgresql://127.0.0.1:" + closed + "/citypulse?password=s3cret",
        "citypulse",
        "s3cret");

    SeriesOrigin origin;
    try (LogCapture log = LogCapture.of(HistorySeed.class.getName())) {
      origin = HistorySeed.start(() -> away, state).done().get(30, TimeUnit.SECONDS);

      assertThat(log.lines())
          .filteredOn(l -> l.startsWith("WARN"))
          .singleElement()
          .asString()
          .contains("Dashboard charts show only what the topics deliver from now on")
          .contains("PostgreSQL at 127.0.0.1:" + closed + "/citypulse")
          .doesNotContain("s3cret");
      assertThat(log.text()).doesNotContain("s3cret");
    }
    assertThat(origin)
        .isEqualTo(SeriesOrigin.unavailable("127.0.0.1:" + closed + "/citypulse", FROM));
    assertThat(state.seriesOrigin()).isEqualTo(origin);
    assertThat(state.postcodeSeries("75001"))
        .containsExactly(new PostcodePoint(NOW, 7, 5L, 2L, 10));
  }

  @Test
  void aFailingSupplierIsTheSameOneWarning() throws Exception {
    try (LogCapture log = LogCapture.of(HistorySeed.class.getName())) {
      SeriesOrigin origin = HistorySeed.start(
              () -> {
                throw new IllegalStateException("PostgreSQL did not start");
              },
              state)
          .done()
          .get(10, TimeUnit.SECONDS);

      assertThat(origin.source()).isEqualTo(SeriesOrigin.Source.UNAVAILABLE);
      assertThat(log.lines())
          .filteredOn(l -> l.startsWith("WARN"))
          .singleElement()
          .asString()
          .endsWith("from now on: PostgreSQL did not start");
    }
  }

  @Test
  void theConfiguredStoreIsTheJdbcUrlOfTheSettings() {
    assertThat(HistorySeed.configured(Settings.load(null, Map.of(), Map.of()))).isNull();

    Supplier<JdbcTarget> configured = HistorySeed.configured(Settings.load(
        null,
        Map.of(),
        Map.of(
            "storage.postgres.jdbc-url",
            " jdbc:postgresql://db:5432/city ",
            "storage.postgres.user",
            "u",
            "storage.postgres.password",
            "p")));
    assertThat(configured.get())
        .isEqualTo(new JdbcTarget("jdbc:postgresql://db:5432/city", "u", "p"));

    assertThatThrownBy(() -> HistorySeed.configured(Settings.load(
            null, Map.of(), Map.of("storage.postgres.jdbc-url", "jdbc:mysql://db/city"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("storage.postgres.jdbc-url: not a PostgreSQL");
  }
}
