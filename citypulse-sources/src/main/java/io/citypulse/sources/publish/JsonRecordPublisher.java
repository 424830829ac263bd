package io.citypulse.sources.publish;

import io.citypulse.model.Json;
import io.citypulse.sources.metrics.Counters;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records of one kind to one topic: key from the record, value {@link Json#write}. Send
 * failures are logged and counted, never thrown. The producer is the caller's (configured like
 * {@link ProducerSettings#producerConfig}): this class does not close it.
 */
public final class JsonRecordPublisher<T> {
  private static final Logger LOG = LoggerFactory.getLogger(JsonRecordPublisher.class);

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final Counters counters;
  private final String ackedCounter;
  private final String failedCounter;
  private final Function<T, String> key;
  private final String what;

  /**
   * @param ackedCounter counter incremented per acknowledged record
   * @param failedCounter counter incremented per record that could not be written
   * @param what how log lines name a record, e.g. "station" gives "station velib:16107"
   */
  public JsonRecordPublisher(
      Producer<String, byte[]> producer,
      String topic,
      Counters counters,
      String ackedCounter,
      String failedCounter,
      Function<T, String> key,
      String what) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.ackedCounter = ackedCounter;
    this.failedCounter = failedCounter;
    this.key = key;
    this.what = what;
  }

  /** @param onFailure called (on the producer's thread) when the record could not be written */
  public void publish(T record, Consumer<Exception> onFailure) {
    String recordKey = key.apply(record);
    try {
      producer.send(
          new ProducerRecord<>(topic, recordKey, Json.write(record)), (metadata, error) -> {
            if (error == null) {
              counters.increment(ackedCounter);
            } else {
              failed(recordKey, error, onFailure);
            }
          });
    } catch (RuntimeException e) {
      // send() itself throws when metadata cannot be fetched in max.block.ms, or on close.
      failed(recordKey, e, onFailure);
    }
  }

  /** Waits until every record sent so far is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  public String topic() {
    return topic;
  }

  private void failed(String recordKey, Exception error, Consumer<Exception> onFailure) {
    counters.increment(failedCounter);
    LOG.warn("Could not publish {} {} to {}: {}", what, recordKey, topic, error.toString());
    try {
      onFailure.accept(error);
    } catch (RuntimeException e) {
      LOG.error("Failure callback for {} {} failed", what, recordKey, e);
    }
  }
}
