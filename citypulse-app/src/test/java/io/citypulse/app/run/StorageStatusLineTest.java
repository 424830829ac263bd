package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.app.sink.SinkHealth;
import io.citypulse.app.sink.TopicSink;
import io.citypulse.jobs.postgres.PostgresSinkStatus.Snapshot;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageStatusLineTest {
  private static final Instant NOW = Instant.parse("2026-11-24T08:00:10Z");

  private static Snapshot stored(
      long records, Instant lastCommit, Instant writingSince, long deadLetters) {
    return new Snapshot(3, 0, records, records, deadLetters, lastCommit, writingSince);
  }

  @Test
  void showsRowsPerStreamTheNewestWriteAndDeadLetters() {
    Map<String, Snapshot> postgres = new LinkedHashMap<>();
    postgres.put("stations", stored(1502, NOW.minusSeconds(4), null, 0));
    postgres.put("postcodes", stored(86, NOW.minusSeconds(1), null, 2));
    assertThat(StorageStatusLine.format(NOW, postgres, Map.of()))
        .isEqualTo(
            "08:00:10 UTC | storage | postgres stations 1502, postcodes 86 stored, last write 1 s ago,"
                + " dead letters 2");
  }

  @Test
  void aBatchInHandForMoreThanFiveSecondsIsReportedAsRetrying() {
    Map<String, Snapshot> postgres = new LinkedHashMap<>();
    postgres.put("stations", stored(10, NOW.minusSeconds(30), NOW.minusSeconds(12), 0));
    postgres.put("weather", stored(0, null, NOW.minusSeconds(3), 0));
    assertThat(StorageStatusLine.format(NOW, postgres, Map.of()))
        .isEqualTo(
            "08:00:10 UTC | storage | postgres stations 10, weather 0 stored, last write 30 s ago"
                + " | RETRYING: PostgreSQL unreachable or slow for 12 s");
  }

  @Test
  void aQuickBatchInHandIsNotReported() {
    Map<String, Snapshot> postgres =
        Map.of("stations", stored(10, NOW.minusSeconds(2), NOW.minusSeconds(2), 0));
    assertThat(StorageStatusLine.format(NOW, postgres, Map.of())).doesNotContain("RETRYING");
  }

  @Test
  void parquetAloneShowsRowsAppended() {
    Map<String, Long> parquet = new LinkedHashMap<>();
    parquet.put("stations", 3000L);
    parquet.put("postcodes", 120L);
    assertThat(StorageStatusLine.format(NOW, Map.of(), parquet))
        .isEqualTo("08:00:10 UTC | storage | parquet stations 3000, postcodes 120 appended");
  }

  @Test
  void topicSinksShowWhatTheyWroteTheirLagAndAnAwayServer() {
    TopicSink.Snapshot redis = new TopicSink.Snapshot(
        "redis",
        "Redis at redis://127.0.0.1:6379",
        new LinkedHashMap<>(Map.of("stations", 1503L)),
        0,
        0,
        NOW,
        SinkHealth.OK);
    TopicSink.Snapshot search = new TopicSink.Snapshot(
        "search",
        "the search index at http://127.0.0.1:9200",
        new LinkedHashMap<>(Map.of("weather", 14L)),
        2,
        40,
        NOW.minusSeconds(30),
        new SinkHealth(true, NOW.minusSeconds(12), "connection refused"));
    assertThat(StorageStatusLine.format(NOW, Map.of(), Map.of(), List.of(redis, search)))
        .isEqualTo("08:00:10 UTC | storage | redis stations 1503 written, lag 0 | search weather"
            + " 14 written, lag 40, dead letters 2 | RETRYING: the search index at"
            + " http://127.0.0.1:9200 away for 12 s (connection refused)");
  }
}
