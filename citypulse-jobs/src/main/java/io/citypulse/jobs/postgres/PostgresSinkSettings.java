package io.citypulse.jobs.postgres;

import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.sink.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one PostgreSQL sink query.
 *
 * @param topic the Kafka topic of the stream's JSON records
 * @param maxRecordsPerBatch most records per micro-batch (= per transaction), so a backlog is
 *     collected to the driver in slices
 */
public record PostgresSinkSettings(
    String bootstrapServers,
    StoredStream stream,
    String topic,
    String deadLetterTopic,
    JdbcTarget target,
    String checkpointLocation,
    String startingOffsets,
    Duration triggerInterval,
    long maxRecordsPerBatch,
    RetryPolicy retry) {

  public PostgresSinkSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(checkpointLocation, "checkpointLocation");
    Objects.requireNonNull(triggerInterval, "triggerInterval");
    Objects.requireNonNull(retry, "retry");
    if (maxRecordsPerBatch <= 0) {
      throw new IllegalArgumentException("maxRecordsPerBatch must be > 0: " + maxRecordsPerBatch);
    }
  }
}
