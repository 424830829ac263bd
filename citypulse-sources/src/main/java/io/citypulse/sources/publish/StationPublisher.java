package io.citypulse.sources.publish;

import io.citypulse.model.Json;
import io.citypulse.model.StationRecord;
import io.citypulse.sources.metrics.Counters;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Publishes station records to the stations topic, keyed by {@link StationRecord#key()} (so a
 * compacted topic keeps each station's latest state), value {@link Json#write}. Send failures are
 * logged and counted, never thrown. The producer is the caller's: this class does not close it.
 */
public final class StationPublisher implements StationSink {
  public static final String ACKED = "publish.acked";
  public static final String FAILED = "publish.errors";

  private final JsonRecordPublisher<StationRecord> publisher;

  /** @param producer configured like {@link ProducerSettings#producerConfig} */
  public StationPublisher(Producer<String, byte[]> producer, String topic, Counters counters) {
    this.publisher = new JsonRecordPublisher<>(
        producer, topic, counters, ACKED, FAILED, StationRecord::key, "station");
  }

  @Override
  public void publish(StationRecord record, Consumer<Exception> onFailure) {
    publisher.publish(record, onFailure);
  }

  public void publish(StationRecord record) {
    publish(record, error -> {});
  }

  /** Waits until every record sent so far is acknowledged or failed. */
  public void flush() {
    publisher.flush();
  }

  public String topic() {
    return publisher.topic();
  }
}
