package io.citypulse.jobs.parquet;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one {@link ParquetHistoryJob}.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param stream which result stream to keep
 * @param topic its topic, e.g. {@link ParquetStream#defaultTopic()}
 * @param basePath the history's root: a path or URI (file:, hdfs:, s3a:...), passed to Spark as
 *     is; the stream writes under {@link ParquetHistoryJob#directory}
 * @param checkpointLocation the query's checkpoint, a path or URI; one per stream, named e.g.
 *     {@link ParquetStream#checkpointName()}. It holds the last state written per key. The sink's
 *     own log ({@code _spark_metadata}) lives in the output directory, so the pair must move
 *     together: {@link ParquetHistoryJob#start()} refuses a checkpoint that is behind that log
 * @param startingOffsets {@code earliest} or {@code latest}; only used when the checkpoint is new
 * @param trigger micro-batch interval: each batch adds one file per partition directory, so
 *     longer means fewer, larger files; {@link Duration#ZERO} runs batches back to back
 * @param maxOffsetsPerTrigger cap on records per batch, 0 for no cap
 */
public record ParquetHistorySettings(
    String bootstrapServers,
    ParquetStream stream,
    String topic,
    String basePath,
    String checkpointLocation,
    String startingOffsets,
    Duration trigger,
    long maxOffsetsPerTrigger) {

  /** The trigger interval the app uses by default. */
  public static final Duration DEFAULT_TRIGGER = Duration.ofMinutes(1);

  public ParquetHistorySettings {
    requireText(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(stream, "stream");
    requireText(topic, "topic");
    requireText(basePath, "basePath");
    requireText(checkpointLocation, "checkpointLocation");
    requireText(startingOffsets, "startingOffsets");
    Objects.requireNonNull(trigger, "trigger");
    if (trigger.isNegative()) {
      throw new IllegalArgumentException("trigger must not be negative: " + trigger);
    }
    if (maxOffsetsPerTrigger < 0) {
      throw new IllegalArgumentException(
          "maxOffsetsPerTrigger must be >= 0 (0 = no cap): " + maxOffsetsPerTrigger);
    }
  }

  /** The stream's default topic, from the earliest offset, one batch a minute, no cap. */
  public static ParquetHistorySettings defaults(
      String bootstrapServers, ParquetStream stream, String basePath, String checkpointLocation) {
    return new ParquetHistorySettings(
        bootstrapServers,
        stream,
        stream.defaultTopic(),
        basePath,
        checkpointLocation,
        "earliest",
        DEFAULT_TRIGGER,
        0);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
