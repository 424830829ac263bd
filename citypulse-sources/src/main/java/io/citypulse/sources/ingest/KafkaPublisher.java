package io.citypulse.sources.ingest;

import io.citypulse.model.Json;
import io.citypulse.model.StationRecord;
import io.citypulse.sources.metrics.Counters;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends station records (key {@code system:station_code}, JSON value) and dead letters (raw
 * payload, headers {@code source}, {@code reason}, {@code timestamp}). Idempotent producer with
 * {@code acks=all}: a retried send is never written twice. Send failures are logged and counted;
 * they never stop the poller.
 */
public final class KafkaPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);

  private final KafkaProducer<String, byte[]> producer;
  private final String stationsTopic;
  private final String deadLetterTopic;
  private final Counters counters;
  private final Clock clock;

  public KafkaPublisher(String bootstrapServers, String stationsTopic, String deadLetterTopic,
      Counters counters, Clock clock) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "citypulse-gbfs");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(props);
    this.stationsTopic = stationsTopic;
    this.deadLetterTopic = deadLetterTopic;
    this.counters = counters;
    this.clock = clock;
  }

  /**
   * Sends one station record.
   *
   * @param onFailure called (on the producer thread) if the send finally fails
   */
  public void publish(StationRecord record, Consumer<StationRecord> onFailure) {
    producer.send(new ProducerRecord<>(stationsTopic, record.key(), Json.write(record)),
        (metadata, error) -> {
          if (error == null) {
            counters.increment("records.published");
          } else {
            counters.increment("publish.errors");
            LOG.warn("could not publish station {} to {}: {}", record.key(), stationsTopic, error.toString());
            onFailure.accept(record);
          }
        });
  }

  /** Sends a payload that could not be parsed to the dead-letter topic, with why and from where. */
  public void deadLetter(String source, String reason, byte[] payload) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("source", source.getBytes(StandardCharsets.UTF_8));
    headers.add("reason", reason.getBytes(StandardCharsets.UTF_8));
    headers.add("timestamp", clock.instant().toString().getBytes(StandardCharsets.UTF_8));
    counters.increment("dead_letters");
    producer.send(new ProducerRecord<>(deadLetterTopic, null, null, source, payload, headers),
        (metadata, error) -> {
          if (error != null) {
            counters.increment("publish.errors");
            LOG.warn("could not write a dead letter to {}: {}", deadLetterTopic, error.toString());
          }
        });
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
