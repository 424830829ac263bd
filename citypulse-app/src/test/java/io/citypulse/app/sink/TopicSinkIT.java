package io.citypulse.app.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.model.DeadLetterHeaders;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sink loop on a real broker, with a writer that keeps what it is given. */
class TopicSinkIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

  /** Keeps every record it is given; refuses keys starting with "refuse"; can be away. */
  static final class KeepingWriter implements SinkWriter {
    final List<SinkRecord> received = new CopyOnWriteArrayList<>();
    volatile boolean away;
    volatile Instant awaySince;

    @Override
    public String describe() {
      return "a list";
    }

    @Override
    public List<Refusal> write(List<SinkRecord> batch) throws InterruptedException {
      while (away) {
        if (awaySince == null) {
          awaySince = Instant.now();
        }
        Thread.sleep(50);
      }
      awaySince = null;
      List<Refusal> refused = new ArrayList<>();
      for (SinkRecord r : batch) {
        if (r.key().startsWith("refuse")) {
          refused.add(new Refusal(r, "refused by the test", "key " + r.key()));
        } else {
          received.add(r);
        }
      }
      return refused;
    }

    @Override
    public SinkHealth health() {
      Instant since = awaySince;
      return since == null ? SinkHealth.OK : new SinkHealth(true, since, "away for the test");
    }
  }

  private static String station(String code, int bikes, int minute) {
    return Json.writeString(new StationRecord(
        "velib",
        code,
        "id-" + code,
        "Station " + code,
        48.85,
        2.35,
        20,
        "75001",
        "Paris",
        bikes,
        bikes,
        0,
        20 - bikes,
        true,
        true,
        true,
        T0.plusSeconds(60L * minute),
        T0.plusSeconds(60L * minute)));
  }

  private static String postcode(String postcode, long bikes) {
    return Json.writeString(
        new PostcodeAvailability(postcode, "Paris", 2, bikes, bikes, 0L, 40 - bikes, 40, T0, 0L));
  }

  private static TopicSink.Settings settings(String name, String stations, String postcodes) {
    return new TopicSink.Settings(
        name,
        KAFKA.bootstrapServers(),
        Map.of(stations, "stations", postcodes, "postcodes"),
        name + "-dead-letters",
        100);
  }

  @Test
  void writesEachRecordOnceDeadLettersWhatItCannotTakeAndResumesAfterARestart() throws Exception {
    KAFKA.createTopic("s1-stations", 2, Map.of());
    KAFKA.createTopic("s1-postcodes");
    KAFKA.createTopic("s1-dead-letters");
    KAFKA.produce("s1-stations", "velib:1", station("1", 3, 0));
    KAFKA.produce("s1-stations", "velib:2", station("2", 5, 0));
    KAFKA.produce("s1-stations", "velib:3", "{not json");
    KAFKA.produce("s1-postcodes", "75001", postcode("75001", 8));
    KAFKA.produce("s1-postcodes", "refuse-75002", postcode("75002", 1));

    KeepingWriter writer = new KeepingWriter();
    TopicSink sink = new TopicSink(
            settings("s1", "s1-stations", "s1-postcodes"), writer, Clock.systemUTC())
        .start();
    await().atMost(Duration.ofSeconds(60)).until(() -> sink.snapshot().refused() == 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> writer.received.size() == 3);
    TopicSink.Snapshot first = sink.snapshot();
    assertThat(first.written()).containsEntry("stations", 2L).containsEntry("postcodes", 1L);
    assertThat(writer.received)
        .extracting(SinkRecord::key)
        .containsExactlyInAnyOrder("velib:1", "velib:2", "75001");
    assertThat(writer.received.stream()
            .filter(r -> r.key().equals("velib:1"))
            .findFirst()
            .orElseThrow()
            .value())
        .isInstanceOf(StationRecord.class);

    List<ConsumerRecord<String, String>> dead =
        KAFKA.consume("s1-dead-letters", 2, Duration.ofSeconds(30));
    assertThat(dead)
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("velib:3", "refuse-75002");
    assertThat(header(dead, "velib:3", DeadLetterHeaders.REASON)).isEqualTo("not a StationRecord");
    assertThat(header(dead, "refuse-75002", DeadLetterHeaders.REASON))
        .isEqualTo("refused by the test");
    assertThat(header(dead, "refuse-75002", DeadLetterHeaders.SOURCE))
        .startsWith("s1 s1-postcodes/0@");

    sink.close();
    // A new sink in the same group starts after what the first one committed.
    KAFKA.produce("s1-stations", "velib:1", station("1", 4, 1));
    KeepingWriter second = new KeepingWriter();
    try (TopicSink again = new TopicSink(
            settings("s1", "s1-stations", "s1-postcodes"), second, Clock.systemUTC())
        .start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> second.received.size() == 1);
      Thread.sleep(1_500);
      assertThat(second.received).hasSize(1);
      assertThat(((StationRecord) second.received.get(0).value()).bikesAvailable())
          .isEqualTo(4);
      assertThat(again.snapshot().lag()).isZero();
    }
  }

  @Test
  void aBatchHeldWhileTheServerIsAwayIsWrittenAfterARestartNotLost() throws Exception {
    KAFKA.createTopic("s2-stations");
    KAFKA.createTopic("s2-postcodes");
    KAFKA.createTopic("s2-dead-letters");
    KeepingWriter writer = new KeepingWriter();
    writer.away = true;
    TopicSink sink = new TopicSink(
            settings("s2", "s2-stations", "s2-postcodes"), writer, Clock.systemUTC())
        .start();
    KAFKA.produce("s2-stations", "velib:7", station("7", 2, 0));
    await().atMost(Duration.ofSeconds(60)).until(() -> sink.snapshot().health().retrying());
    assertThat(sink.snapshot().health().lastError()).isEqualTo("away for the test");
    assertThat(sink.snapshot().totalWritten()).isZero();
    sink.close(); // stopped while the server is away: nothing was committed

    KeepingWriter back = new KeepingWriter();
    try (TopicSink again = new TopicSink(
            settings("s2", "s2-stations", "s2-postcodes"), back, Clock.systemUTC())
        .start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> back.received.size() == 1);
      assertThat(back.received.get(0).key()).isEqualTo("velib:7");
      // Counted once committed, just after the write.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> again.snapshot().written().get("stations") == 1L);
      assertThat(again.snapshot().health().retrying()).isFalse();
    }
  }

  private static String header(
      List<ConsumerRecord<String, String>> records, String key, String name) {
    return records.stream()
        .filter(r -> key.equals(r.key()))
        .map(r -> new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8))
        .findFirst()
        .orElseThrow();
  }
}
