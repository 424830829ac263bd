package io.citypulse.sources.publish;

import io.citypulse.model.Json;
import io.citypulse.model.StationRecord;
import io.citypulse.sources.metrics.Counters;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes station records to the stations topic, keyed by {@link StationRecord#key()} (so a
 * compacted topic keeps each station's latest state), value {@link Json#write}. Send failures are
 * logged and counted, never thrown. The producer is the caller's: this class does not close it.
 */
public final class StationPublisher implements StationSink {
  private static final Logger LOG = LoggerFactory.getLogger(StationPublisher.class);

  public static final String ACKED = "publish.acked";
  public static final String FAILED = "publish.errors";

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final Counters counters;

  /** @param producer configured like {@link ProducerSettings#producerConfig} */
  public StationPublisher(Producer<String, byte[]> producer, String topic, Counters counters) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.counters = Objects.requireNonNull(counters, "counters");
  }

  @Override
  public void publish(StationRecord record, Consumer<Exception> onFailure) {
    String key = record.key();
    try {
      producer.send(new ProducerRecord<>(topic, key, Json.write(record)), (metadata, error) -> {
        if (error == null) {
          counters.increment(ACKED);
        } else {
          failed(key, error, onFailure);
        }
      });
    } catch (RuntimeException e) {
      // send() itself throws when metadata cannot be fetched in max.block.ms, or on close.
      failed(key, e, onFailure);
    }
  }

  public void publish(StationRecord record) {
    publish(record, error -> { });
  }

  /** Waits until every record sent so far is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  public String topic() {
    return topic;
  }

  private void failed(String key, Exception error, Consumer<Exception> onFailure) {
    counters.increment(FAILED);
    LOG.warn("Could not publish station {} to {}: {}", key, topic, error.toString());
    try {
      onFailure.accept(error);
    } catch (RuntimeException e) {
      LOG.error("Failure callback for station {} failed", key, e);
    }
  }
}
