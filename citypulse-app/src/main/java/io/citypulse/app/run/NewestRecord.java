package io.citypulse.app.run;

import io.citypulse.model.Json;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an output topic as a user's consumer would (no group; from the last record already
 * there) and keeps the newest record that parses as {@code T}, for the status lines. Used from one
 * thread.
 */
final class NewestRecord<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NewestRecord.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Class<T> type;
  private T newest;

  NewestRecord(String bootstrapServers, String topic, Class<T> type, String clientId) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    this.consumer = new KafkaConsumer<>(props);
    this.topic = topic;
    this.type = type;
  }

  /** Reads what arrived since the last call (up to 100 ms); returns the newest record, or null. */
  T poll() {
    if (consumer.assignment().isEmpty()) {
      // From the last record of each partition, not the end: a record written before the first
      // report must still show (weather changes every 10-15 min with the real APIs).
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer
          .endOffsets(partitions)
          .forEach((partition, end) -> consumer.seek(partition, Math.max(0, end - 1)));
    }
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
      try {
        newest = Json.read(record.value(), type);
      } catch (IllegalArgumentException notOurs) {
        LOG.debug("skipping a record of {} that is not a {}", topic, type.getSimpleName());
      }
    }
    return newest;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
