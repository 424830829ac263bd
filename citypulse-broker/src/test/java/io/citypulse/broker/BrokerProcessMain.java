package io.citypulse.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Child process for {@link UncleanRestartIT}: starts a broker, writes records and a committed
 * group offset, prints {@code READY}, then waits to be killed.
 */
public final class BrokerProcessMain {

  static final String TOPIC = "survivor";
  static final String GROUP = "survivor-group";
  static final int RECORDS = 10;
  static final long COMMITTED_OFFSET = 7;

  private BrokerProcessMain() {}

  public static void main(String[] args) throws Exception {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Path.of(args[0]), 0);
    TopicAdmin.ensureTopics(
        broker.bootstrapServers(), List.of(TopicSpec.of(TOPIC, 1)), Duration.ofSeconds(30));
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < RECORDS; i++) {
        producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i)).get();
      }
    }
    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
      consumer.commitSync(
          Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(COMMITTED_OFFSET)));
    }
    System.out.println("READY " + broker.port());
    System.out.flush();
    // Not a wait for a condition: this process must stay up, broker running, until the test kills
    // it.
    Thread.sleep(Long.MAX_VALUE);
  }
}
