package io.citypulse.sources.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.Json;
import io.citypulse.model.StationRecord;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.testkit.EmbeddedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StationPublisherIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private final Counters counters = new Counters();

  private static StationRecord record(String code, int bikes) {
    return new StationRecord(
        "velib",
        code,
        "213688169",
        "Benjamin Godard - Victor Hugo",
        48.865983,
        2.275725,
        35,
        "75116",
        "Paris",
        bikes,
        1,
        bikes - 1,
        30,
        true,
        true,
        true,
        Instant.parse("2025-10-18T08:31:34Z"),
        Instant.parse("2025-10-18T09:00:02Z"));
  }

  @Test
  void recordsAreKeyedBySystemAndStationCodeWithTheModelJson() {
    KAFKA.createTopic("stations-keyed", 2, Map.of());
    try (Producer<String, byte[]> producer = new KafkaProducer<>(
        ProducerSettings.producerConfig(KAFKA.bootstrapServers(), "publisher-it"))) {
      StationPublisher publisher = new StationPublisher(producer, "stations-keyed", counters);

      publisher.publish(record("16107", 5));
      publisher.publish(record("32017", 9));
      publisher.flush();
    }

    List<ConsumerRecord<String, String>> records =
        KAFKA.consume("stations-keyed", 2, Duration.ofSeconds(30));
    assertThat(records)
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("velib:16107", "velib:32017");
    ConsumerRecord<String, String> godard =
        records.stream().filter(r -> r.key().equals("velib:16107")).findFirst().orElseThrow();
    assertThat(Json.read(godard.value(), StationRecord.class)).isEqualTo(record("16107", 5));
    assertThat(godard.value()).startsWith("{\"system\":\"velib\",\"station_code\":\"16107\"");
    assertThat(counters.get(StationPublisher.ACKED)).isEqualTo(2);
  }

  @Test
  void aSendThatFailsIsCountedAndReportedNeverThrown() throws Exception {
    Map<String, Object> config = new java.util.HashMap<>(
        ProducerSettings.producerConfig(KAFKA.bootstrapServers(), "publisher-it-missing"));
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
    CompletableFuture<Exception> reported = new CompletableFuture<>();
    try (Producer<String, byte[]> producer = new KafkaProducer<>(config)) {
      StationPublisher publisher = new StationPublisher(producer, "no-such-topic", counters);

      publisher.publish(record("16107", 5), reported::complete);

      assertThat(reported.get(20, TimeUnit.SECONDS)).isNotNull();
    }
    assertThat(counters.get(StationPublisher.FAILED)).isEqualTo(1);
    assertThat(counters.get(StationPublisher.ACKED)).isZero();
  }

  @Test
  void producerSettingsAreSafeByDefaultAndOverridable() {
    Map<String, Object> config =
        ProducerSettings.producerConfig("b:9092", "c", Map.of(ProducerConfig.LINGER_MS_CONFIG, 5));

    assertThat(config)
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5)
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9092");
  }
}
