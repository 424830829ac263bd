package io.citypulse.jobs.weather;

import io.citypulse.model.Topics;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link WeatherFeaturesJob}.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param inputTopic weather observations, e.g. {@link Topics#WEATHER}
 * @param outputTopic observations with derived variables, e.g. {@link Topics#WEATHER_FEATURES}
 * @param deadLetterTopic unreadable input values, e.g. {@link Topics#DEAD_LETTERS}
 * @param checkpointLocation checkpoint directory, a path or a URI (file:, hdfs:...); the query
 *     resumes from it after a restart, state included
 * @param startingOffsets {@code earliest} or {@code latest}; only used when the checkpoint is new
 * @param triggerInterval micro-batch interval; {@link Duration#ZERO} starts the next batch as soon
 *     as the previous one ends
 * @param allowedLateness how far behind the newest observed_at (of any location) an observation
 *     may arrive and still be used; older ones are dropped and counted as late
 * @param trendWindow the window of {@code temperature_change_1h}, {@code pressure_change_1h} and
 *     {@code observations_1h}
 */
public record WeatherJobSettings(
    String bootstrapServers,
    String inputTopic,
    String outputTopic,
    String deadLetterTopic,
    String checkpointLocation,
    String startingOffsets,
    Duration triggerInterval,
    Duration allowedLateness,
    Duration trendWindow) {

  /** Default {@link #allowedLateness()}. */
  public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofHours(1);
  /** Default {@link #trendWindow()}: the "1h" of the output field names. */
  public static final Duration DEFAULT_TREND_WINDOW = Duration.ofHours(1);

  public WeatherJobSettings {
    requireText(bootstrapServers, "bootstrapServers");
    requireText(inputTopic, "inputTopic");
    requireText(outputTopic, "outputTopic");
    requireText(deadLetterTopic, "deadLetterTopic");
    requireText(checkpointLocation, "checkpointLocation");
    requireText(startingOffsets, "startingOffsets");
    Objects.requireNonNull(triggerInterval, "triggerInterval");
    Objects.requireNonNull(allowedLateness, "allowedLateness");
    Objects.requireNonNull(trendWindow, "trendWindow");
    if (triggerInterval.isNegative()) {
      throw new IllegalArgumentException(
          "triggerInterval must not be negative: " + triggerInterval);
    }
    if (allowedLateness.isNegative()) {
      throw new IllegalArgumentException(
          "allowedLateness must not be negative: " + allowedLateness);
    }
    if (trendWindow.isNegative() || trendWindow.toMillis() < 1) {
      throw new IllegalArgumentException("trendWindow must be at least 1 ms: " + trendWindow);
    }
    if (inputTopic.equals(outputTopic) || inputTopic.equals(deadLetterTopic)) {
      throw new IllegalArgumentException("the job must not write to its input topic " + inputTopic);
    }
  }

  /**
   * Default topics, from the earliest offset, as fast as possible, 1 h of allowed lateness and a
   * 1 h trend window.
   */
  public static WeatherJobSettings defaults(String bootstrapServers, String checkpointLocation) {
    return new WeatherJobSettings(
        bootstrapServers,
        Topics.WEATHER,
        Topics.WEATHER_FEATURES,
        Topics.DEAD_LETTERS,
        checkpointLocation,
        "earliest",
        Duration.ZERO,
        DEFAULT_ALLOWED_LATENESS,
        DEFAULT_TREND_WINDOW);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
