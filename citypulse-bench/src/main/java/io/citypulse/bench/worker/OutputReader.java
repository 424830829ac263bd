package io.citypulse.bench.worker;

import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the per-postcode output topic from its beginning (no group, nothing committed). */
final class OutputReader implements AutoCloseable {

  /** One output record as read, with when the poll returned it. */
  record Output(String postcode, PostcodeAvailability value, long arrivalNanos) {}

  private final KafkaConsumer<String, String> consumer;
  private long unreadable;

  OutputReader(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(props);
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
      partitions.add(new TopicPartition(topic, p.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** The records of one poll; values that are not PostcodeAvailability JSON are counted, not returned. */
  List<Output> poll(Duration timeout) {
    List<Output> out = new ArrayList<>();
    var records = consumer.poll(timeout);
    long now = System.nanoTime();
    for (ConsumerRecord<String, String> r : records) {
      try {
        out.add(new Output(
            r.key(),
            r.value() == null ? null : Json.read(r.value(), PostcodeAvailability.class),
            now));
      } catch (IllegalArgumentException e) {
        unreadable++;
      }
    }
    return out;
  }

  long unreadable() {
    return unreadable;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
