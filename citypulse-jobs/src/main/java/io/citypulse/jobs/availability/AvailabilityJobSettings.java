package io.citypulse.jobs.availability;

import io.citypulse.model.Topics;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link PostcodeAvailabilityJob}.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param inputTopic station records, e.g. {@link Topics#STATIONS}
 * @param outputTopic per-postcode totals, e.g. {@link Topics#POSTCODE_AVAILABILITY}
 * @param checkpointLocation checkpoint directory, a path or a URI (file:, hdfs:...); the query
 *     resumes from it after a restart
 * @param startingOffsets {@code earliest} or {@code latest}; only used when the checkpoint is new
 * @param triggerInterval micro-batch interval; {@link Duration#ZERO} starts the next batch as soon
 *     as the previous one ends
 * @param maxOffsetsPerTrigger cap on records per batch, or null for no cap
 * @param grouping what stations are summed into: postcodes of one system by default
 */
public record AvailabilityJobSettings(
    String bootstrapServers,
    String inputTopic,
    String outputTopic,
    String checkpointLocation,
    String startingOffsets,
    Duration triggerInterval,
    Long maxOffsetsPerTrigger,
    AreaGrouping grouping) {

  /** One system's postcodes ({@link AreaGrouping#POSTCODES}). */
  public AvailabilityJobSettings(
      String bootstrapServers,
      String inputTopic,
      String outputTopic,
      String checkpointLocation,
      String startingOffsets,
      Duration triggerInterval,
      Long maxOffsetsPerTrigger) {
    this(
        bootstrapServers,
        inputTopic,
        outputTopic,
        checkpointLocation,
        startingOffsets,
        triggerInterval,
        maxOffsetsPerTrigger,
        AreaGrouping.POSTCODES);
  }

  public AvailabilityJobSettings {
    Objects.requireNonNull(grouping, "grouping");
    requireText(bootstrapServers, "bootstrapServers");
    requireText(inputTopic, "inputTopic");
    requireText(outputTopic, "outputTopic");
    requireText(checkpointLocation, "checkpointLocation");
    requireText(startingOffsets, "startingOffsets");
    Objects.requireNonNull(triggerInterval, "triggerInterval");
    if (triggerInterval.isNegative()) {
      throw new IllegalArgumentException(
          "triggerInterval must not be negative: " + triggerInterval);
    }
    if (maxOffsetsPerTrigger != null && maxOffsetsPerTrigger < 1) {
      throw new IllegalArgumentException(
          "maxOffsetsPerTrigger must be >= 1: " + maxOffsetsPerTrigger);
    }
  }

  /** Default topics, from the earliest offset, as fast as possible, no cap. */
  public static AvailabilityJobSettings defaults(
      String bootstrapServers, String checkpointLocation) {
    return new AvailabilityJobSettings(
        bootstrapServers,
        Topics.STATIONS,
        Topics.POSTCODE_AVAILABILITY,
        checkpointLocation,
        "earliest",
        Duration.ZERO,
        null);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
