package io.citypulse.dashboard.feed;

import static io.citypulse.dashboard.state.Fixtures.T0;
import static io.citypulse.dashboard.state.Fixtures.postcode;
import static io.citypulse.dashboard.state.Fixtures.station;
import static io.citypulse.dashboard.state.Fixtures.weather;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.dashboard.health.FeedHealth;
import io.citypulse.dashboard.health.FeedStatus;
import io.citypulse.dashboard.health.PipelineReport;
import io.citypulse.dashboard.health.ReportedPipelines;
import io.citypulse.dashboard.state.Change;
import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.dashboard.state.Kind;
import io.citypulse.model.Json;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LogCapture;
import io.citypulse.testkit.MutableClock;
import io.citypulse.testkit.Ports;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicFeedIT {

  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");

  @Test
  void readsThePipelinesHealthReportsAndSkipsUnreadableOnes() throws Exception {
    FeedTopics topics = new FeedTopics("s4", "p4", "w4");
    KAFKA.createTopic("h4", 1, COMPACTED);
    Instant now = Instant.now();
    KAFKA.produce("h4", "laptop:/a", "{not json");
    KAFKA.produce(
        "h4",
        "laptop:/a",
        Json.writeString(new PipelineReport(
            "laptop:/a",
            now,
            List.of(new FeedHealth(
                "gbfs velib", FeedStatus.OK, "2 stations", now, now, 0L, 60L, 1, 0, 0, null, null)),
            List.of())));

    ReportedPipelines reports =
        new ReportedPipelines(java.time.Clock.systemUTC(), Duration.ofMinutes(5));
    try (LogCapture log = LogCapture.of(TopicFeed.class.getName());
        TopicFeed feed = new TopicFeed(
                TopicFeed.consumerConfig(KAFKA.bootstrapServers()),
                topics,
                null,
                new ReaderPosition(),
                new DashboardState(new MutableClock(T0)),
                change -> {})
            .withHealthReports("h4", reports)) {
      feed.start();
      await(() -> !reports.feeds().isEmpty(), () -> "a health report read");

      assertThat(reports.feeds()).extracting(FeedHealth::feed).containsExactly("gbfs velib");
      assertThat(log.text()).contains("unreadable health report at h4-0@0");
    }
  }

  @Test
  void readsTheAlertRecordsIntoTheAlertBoardAndSkipsUnreadableOnes() throws Exception {
    FeedTopics topics = new FeedTopics("s5", "p5", "w5");
    KAFKA.createTopic("a5");
    KAFKA.produce("a5", "station:velib:1", "{not json");
    for (String state : List.of("raised", "cleared", "raised")) {
      KAFKA.produce(
          "a5",
          "station:velib:1",
          Json.writeString(new io.citypulse.alerts.Alert(
              "station:velib:1",
              io.citypulse.alerts.AlertKind.STATION_EMPTY,
              "bikes_available=0",
              io.citypulse.alerts.AlertState.valueOf(state.toUpperCase(java.util.Locale.ROOT)),
              T0,
              T0.plusSeconds(600),
              io.citypulse.alerts.Severity.WARNING,
              state,
              Map.of())));
    }
    DashboardState state = new DashboardState(new MutableClock(T0));
    try (LogCapture log = LogCapture.of(TopicFeed.class.getName());
        TopicFeed feed = new TopicFeed(
                TopicFeed.consumerConfig(KAFKA.bootstrapServers()),
                topics,
                null,
                new ReaderPosition(),
                state,
                change -> {})
            .withAlerts("a5")) {
      feed.start();
      await(() -> state.alerts().recent().size() == 3, () -> "three alert records read");

      assertThat(state.alerts().stationsWithOpenAlerts()).containsExactly("velib:1");
      assertThat(state.alerts().open())
          .extracting(io.citypulse.alerts.Alert::message)
          .containsExactly("raised");
      assertThat(log.text()).contains("unreadable alert record at a5-0@0");
    }
  }

  @Test
  void measuresItsLagPerStreamAndTheDeadLetterTopicsSize() throws Exception {
    FeedTopics topics = new FeedTopics("s3", "p3", "w3");
    KAFKA.createTopic("s3", 1, COMPACTED);
    KAFKA.createTopic("p3", 1, COMPACTED);
    KAFKA.createTopic("w3", 1, COMPACTED);
    KAFKA.createTopic("dlq3", 2, Map.of());
    KAFKA.produce("dlq3", "a", "bad body 1");
    KAFKA.produce("dlq3", "b", "bad body 2");
    KAFKA.produce("dlq3", "c", "bad body 3");
    KAFKA.produce("p3", "75001", Json.writeString(postcode("75001", 2, 3, T0)));

    ReaderPosition position = new ReaderPosition();
    DashboardState state = new DashboardState(new MutableClock(T0));
    try (LogCapture kafkaLog = LogCapture.of("org.apache.kafka");
        TopicFeed feed = new TopicFeed(
            TopicFeed.consumerConfig(KAFKA.bootstrapServers()),
            topics,
            "dlq3",
            position,
            state,
            change -> {})) {
      feed.start();
      await(
          () -> position.deadLetters() != null && position.deadLetters() == 3,
          () -> "3 dead letters measured, got " + position.deadLetters());
      // Measured every 5 s: the second measurement, after the record was read, says 0 behind.
      await(
          () ->
              feed.recordsRead() == 1 && position.lagByStream().getOrDefault("postcode", -1L) == 0,
          () -> "postcode lag 0, got " + position.lagByStream());
      assertThat(position.lagByStream()).containsOnlyKeys("station", "postcode", "weather");
      // Sizing a topic the reader is not assigned must not log (it did, every 5 s, through the
      // read_committed reader).
      assertThat(kafkaLog.text()).doesNotContain("no longer assigned");
    }
  }

  @Test
  void rebuildsTheStateFromTheBeginningThenFollowsNewRecords() throws Exception {
    FeedTopics topics = new FeedTopics("s1", "p1", "w1");
    KAFKA.createTopic("s1", 2, COMPACTED);
    KAFKA.createTopic("p1", 1, COMPACTED);
    KAFKA.createTopic("w1", 1, COMPACTED);
    KAFKA.produce("s1", "velib:1", Json.writeString(station("1", 1, 0, 9, 10, T0)));
    KAFKA.produce("s1", "velib:1", Json.writeString(station("1", 2, 0, 8, 10, T0.plusSeconds(60))));
    KAFKA.produce("s1", "velib:2", Json.writeString(station("2", 0, 3, 7, 10, T0)));
    KAFKA.produce("p1", "75001", Json.writeString(postcode("75001", 2, 3, T0)));
    KAFKA.produce("p1", "75001", "{broken");
    KAFKA.produce("w1", "paris", Json.writeString(weather("paris", 6.5, T0)));

    DashboardState state = new DashboardState(new MutableClock(T0));
    List<Change> changes = new CopyOnWriteArrayList<>();
    try (TopicFeed feed = new TopicFeed(
        TopicFeed.consumerConfig(KAFKA.bootstrapServers()), topics, state, changes::add)) {
      feed.start();
      await(() -> feed.recordsRead() == 6, () -> "6 records read, got " + feed.recordsRead());

      assertThat(state.station("velib:1").orElseThrow().record().mechanical()).isEqualTo(2);
      assertThat(state.stations()).hasSize(2);
      assertThat(state.postcode("75001").orElseThrow().availability().ebike()).isEqualTo(3);
      assertThat(state.weather("open-meteo:paris")).isPresent();
      assertThat(state.stats().get("postcode").unreadable()).isEqualTo(1);
      assertThat(changes).hasSize(5).contains(new Change(Kind.WEATHER, "open-meteo:paris"));

      KAFKA.produce("p1", "75001", Json.writeString(postcode("75001", 7, 0, T0.plusSeconds(60))));
      await(() -> changes.size() == 6, () -> "a 6th change, got " + changes);

      assertThat(changes.get(5)).isEqualTo(new Change(Kind.POSTCODE, "75001"));
      assertThat(state.postcodeSeries("75001")).hasSize(2);
    }
  }

  @Test
  void findsATopicCreatedAfterTheStart() throws Exception {
    FeedTopics topics = new FeedTopics("s2", "p2", "w2");
    KAFKA.createTopic("s2");
    DashboardState state = new DashboardState(new MutableClock(T0));
    try (TopicFeed feed = new TopicFeed(
        TopicFeed.consumerConfig(KAFKA.bootstrapServers()), topics, state, change -> {})) {
      feed.start();
      KAFKA.createTopic("w2");
      KAFKA.produce("w2", "lyon", Json.writeString(weather("lyon", 11.0, T0)));

      // discovery runs every 5 s
      await(() -> state.weather("open-meteo:lyon").isPresent(), () -> "lyon's weather");
    }
  }

  @Test
  void anUnreachableBrokerIsLoggedOnceAndTheFeedKeepsTrying() throws Exception {
    DashboardState state = new DashboardState(new MutableClock(T0));
    String nowhere = "127.0.0.1:" + Ports.freePort();
    try (LogCapture log = LogCapture.of(TopicFeed.class.getName());
        TopicFeed feed = new TopicFeed(
            TopicFeed.consumerConfig(nowhere), FeedTopics.defaults(), state, change -> {})) {
      feed.start();
      await(() -> log.text().contains("cannot reach Kafka"), () -> "a warning about the broker");
      // The first round logged it; the second, 5 s later, ends when its metadata request times out.
      await(() -> feed.discoveryRounds() >= 2, () -> "a second discovery round, failing too");

      assertThat(feed.isRunning()).isTrue();
      assertThat(log.lines())
          .filteredOn(line -> line.contains("cannot reach Kafka"))
          .hasSize(1)
          .allMatch(line -> line.startsWith("WARN") && line.contains(nowhere));
    }
  }

  @Test
  void closeStopsTheThreadPromptly() {
    DashboardState state = new DashboardState(new MutableClock(T0));
    TopicFeed feed = new TopicFeed(
        TopicFeed.consumerConfig(KAFKA.bootstrapServers()),
        new FeedTopics("s3", "p3", "w3"),
        state,
        change -> {});
    feed.start();
    long start = System.nanoTime();
    feed.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("dashboard-feed") && t.isAlive());
  }

  private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(condition.getAsBoolean())
            .as(() -> "timed out waiting for " + what.get())
            .isTrue());
  }
}
