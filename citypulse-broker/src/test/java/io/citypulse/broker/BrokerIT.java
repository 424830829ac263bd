package io.citypulse.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir
  Path dataDir;

  @Test
  void createsTopicsIdempotentlyAndRoundTripsARecord() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
      assertThat(broker.port()).isPositive();
      System.out.printf("embedded broker startup: %d ms%n", broker.startupTime().toMillis());

      List<TopicSpec> specs = List.of(
          new TopicSpec("stations", 3, (short) 1, Map.of("cleanup.policy", "compact")),
          TopicSpec.of("aggregates", 1));
      TopicAdmin.ensureTopics(broker.bootstrapServers(), specs, TIMEOUT);
      TopicAdmin.ensureTopics(broker.bootstrapServers(), specs, TIMEOUT);
      // A differing partition count on an existing topic is tolerated (logged), not an error.
      TopicAdmin.ensureTopics(
          broker.bootstrapServers(), List.of(TopicSpec.of("stations", 5)), TIMEOUT);

      try (Admin admin = Admin.create(
          Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get()).contains("stations", "aggregates");
        assertThat(admin
                .describeTopics(List.of("stations"))
                .allTopicNames()
                .get()
                .get("stations")
                .partitions())
            .hasSize(3);
      }

      produce(broker.bootstrapServers(), "aggregates", "75001", "{\"bikes\":3}");
      assertThat(consumeAll(broker.bootstrapServers(), "aggregates", 1))
          .extracting(ConsumerRecord::key, ConsumerRecord::value)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("75001", "{\"bikes\":3}"));
    }
  }

  @Test
  void restartOnSameDirectoryKeepsTopicsAndRecords() throws Exception {
    int firstPort;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      firstPort = broker.port();
      TopicAdmin.ensureTopics(broker.bootstrapServers(), List.of(TopicSpec.of("kept", 1)), TIMEOUT);
      produce(broker.bootstrapServers(), "kept", "k", "before-restart");
    }
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, firstPort)) {
      assertThat(broker.port()).isEqualTo(firstPort);
      try (Admin admin = Admin.create(
          Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get()).contains("kept");
      }
      assertThat(consumeAll(broker.bootstrapServers(), "kept", 1))
          .extracting(ConsumerRecord::value)
          .containsExactly("before-restart");
    }
  }

  @Test
  void secondBrokerOnTheSameDirectoryFailsFastAndTheFirstKeepsWorking() {
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(dataDir, 0)) {
      assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dataDir, 0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(dataDir.toAbsolutePath().toString())
          .hasMessageContaining("in use");
      TopicAdmin.ensureTopics(
          first.bootstrapServers(), List.of(TopicSpec.of("still-fine", 1)), TIMEOUT);
    }
    // The lock is released on close: the directory can be reused.
    try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(dataDir, 0)) {
      assertThat(TopicAdmin.isReachable(again.bootstrapServers(), TIMEOUT)).isTrue();
    }
  }

  @Test
  void closeIsIdempotent() {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0);
    broker.close();
    broker.close();
    assertThat(TopicAdmin.isReachable(broker.bootstrapServers(), Duration.ofSeconds(2)))
        .isFalse();
  }

  @Test
  void portInUseFailsWithAMessageNamingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dataDir, port))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("port " + port + " is in use: pass --kafka-port or --bootstrap-servers");
    }
  }

  @Test
  void unreachableBrokerIsReportedWithItsAddress() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    String bootstrap = "127.0.0.1:" + closedPort;
    assertThat(TopicAdmin.isReachable(bootstrap, Duration.ofMillis(500))).isFalse();
    assertThatThrownBy(() -> TopicAdmin.ensureTopics(
            bootstrap, List.of(TopicSpec.of("t", 1)), Duration.ofSeconds(1)))
        .isInstanceOf(BrokerUnavailableException.class)
        .hasMessageContaining(bootstrap);
  }

  private static void produce(String bootstrap, String topic, String key, String value)
      throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private static List<ConsumerRecord<String, String>> consumeAll(
      String bootstrap, String topic, int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "broker-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (received.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
      }
    }
    return received;
  }
}
