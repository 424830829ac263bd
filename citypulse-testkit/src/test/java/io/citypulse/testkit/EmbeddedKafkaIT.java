package io.citypulse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.broker.TopicAdmin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedKafkaIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  @Test
  void brokerIsUpOnLoopback() {
    assertThat(KAFKA.bootstrapServers()).startsWith("127.0.0.1:");
    assertThat(TopicAdmin.isReachable(KAFKA.bootstrapServers(), Duration.ofSeconds(5)))
        .isTrue();
  }

  @Test
  void createTopicIsIdempotentAndHonoursPartitionsAndConfigs() throws Exception {
    KAFKA.createTopic("multi", 3, Map.of("cleanup.policy", "compact"));
    KAFKA.createTopic("multi", 3, Map.of("cleanup.policy", "compact"));

    try (Admin admin = Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      assertThat(admin
              .describeTopics(List.of("multi"))
              .allTopicNames()
              .get()
              .get("multi")
              .partitions())
          .hasSize(3);
      var resource = new org.apache.kafka.common.config.ConfigResource(
          org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "multi");
      assertThat(admin
              .describeConfigs(List.of(resource))
              .all()
              .get()
              .get(resource)
              .get("cleanup.policy")
              .value())
          .isEqualTo("compact");
    }
  }

  @Test
  void producedRecordsAreConsumedFromTheBeginning() {
    KAFKA.createTopic("roundtrip");
    KAFKA.produce("roundtrip", "k1", "v1");
    KAFKA.produce("roundtrip", "k2", "v2");

    List<ConsumerRecord<String, String>> records = KAFKA.consume("roundtrip", 2, TIMEOUT);

    assertThat(records).extracting(ConsumerRecord::key).containsExactly("k1", "k2");
    assertThat(records).extracting(ConsumerRecord::value).containsExactly("v1", "v2");
    // A second read starts from the beginning again (fresh consumer, no committed offsets).
    assertThat(KAFKA.consume("roundtrip", 2, TIMEOUT)).hasSize(2);
  }

  @Test
  void consumeUntilWaitsForRecordsProducedLater() throws Exception {
    KAFKA.createTopic("later");
    Thread producer = new Thread(() -> {
      for (int i = 0; i < 5; i++) {
        KAFKA.produce("later", "k", "v" + i);
      }
    });
    producer.start();

    List<ConsumerRecord<String, String>> records = KAFKA.consumeUntil(
        "later", received -> received.stream().anyMatch(r -> r.value().equals("v4")), TIMEOUT);
    producer.join();

    assertThat(records)
        .extracting(ConsumerRecord::value)
        .containsExactly("v0", "v1", "v2", "v3", "v4");
  }

  @Test
  void latestByKeyKeepsTheLastValueAndAppliesTombstones() {
    KAFKA.createTopic("latest", 2, Map.of());
    KAFKA.produce("latest", "75001", "1");
    KAFKA.produce("latest", "75002", "5");
    KAFKA.produce("latest", "75001", "2");
    KAFKA.produce("latest", "75003", "9");
    KAFKA.produce("latest", "75003", null);
    KAFKA.produce("latest", "done", "yes");

    Map<String, String> latest =
        KAFKA.latestByKey("latest", map -> map.containsKey("done"), TIMEOUT);

    assertThat(latest)
        .containsOnly(Map.entry("75001", "2"), Map.entry("75002", "5"), Map.entry("done", "yes"));
  }

  @Test
  void timeoutFailsWithWhatWasReceived() {
    KAFKA.createTopic("short");
    KAFKA.produce("short", "only", "record");

    assertThatThrownBy(() -> KAFKA.consume("short", 2, Duration.ofMillis(1500)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("short")
        .hasMessageContaining("received 1 record(s)")
        .hasMessageContaining("only = record");
  }

  @Test
  void missingTopicFailsWithAClearMessage() {
    assertThatThrownBy(() -> KAFKA.consume("never-created", 1, Duration.ofMillis(1500)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("never-created")
        .hasMessageContaining("exist");
  }
}
