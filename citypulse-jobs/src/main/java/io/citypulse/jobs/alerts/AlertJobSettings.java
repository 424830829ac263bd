package io.citypulse.jobs.alerts;

import io.citypulse.alerts.AlertSettings;
import io.citypulse.model.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of {@link AlertsJob}.
 *
 * @param stationsTopic station states, e.g. {@link Topics#STATIONS}; null = no station alerts (a
 *     weather-only run)
 * @param postcodeTopic per-postcode availability, e.g. {@link Topics#POSTCODE_AVAILABILITY}; null
 *     = no postcode alerts
 * @param weatherTopic weather features, e.g. {@link Topics#WEATHER_FEATURES}; null = no weather
 *     alerts
 * @param healthTopic pipeline health reports, e.g. {@link Topics#HEALTH}; null = no feed or job
 *     alerts
 * @param outputTopic alert records, e.g. {@link Topics#ALERTS}
 * @param checkpointLocation the job's own checkpoint (its state store holds every subject's
 *     episodes: a restart resumes mid-episode)
 * @param allowedLateness how far behind the newest event time a record may arrive and still
 *     count; it also delays raises and clears that no new record reveals (the event-time timeout
 *     fires when the watermark passes the deadline)
 * @param rules the alert rules' knobs
 */
public record AlertJobSettings(
    String bootstrapServers,
    String stationsTopic,
    String postcodeTopic,
    String weatherTopic,
    String healthTopic,
    String outputTopic,
    String deadLetterTopic,
    String checkpointLocation,
    String startingOffsets,
    Duration triggerInterval,
    Duration allowedLateness,
    AlertSettings rules) {

  /** Default {@link #allowedLateness()}: a couple of poll intervals. */
  public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofMinutes(2);

  public AlertJobSettings {
    requireText(bootstrapServers, "bootstrapServers");
    requireText(outputTopic, "outputTopic");
    requireText(deadLetterTopic, "deadLetterTopic");
    requireText(checkpointLocation, "checkpointLocation");
    requireText(startingOffsets, "startingOffsets");
    Objects.requireNonNull(triggerInterval, "triggerInterval");
    Objects.requireNonNull(allowedLateness, "allowedLateness");
    Objects.requireNonNull(rules, "rules");
    if (triggerInterval.isNegative() || allowedLateness.isNegative()) {
      throw new IllegalArgumentException(
          "durations must not be negative: " + triggerInterval + ", " + allowedLateness);
    }
    // The compact constructor runs before the fields are set: inputTopics() would see nulls.
    List<String> inputs = present(stationsTopic, postcodeTopic, weatherTopic, healthTopic);
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("the alerts job needs at least one input topic");
    }
    if (inputs.contains(outputTopic) || inputs.contains(deadLetterTopic)) {
      throw new IllegalArgumentException("the job must not write to an input topic " + outputTopic);
    }
  }

  /** The topics read, stations first; those not set left out. */
  public List<String> inputTopics() {
    return present(stationsTopic, postcodeTopic, weatherTopic, healthTopic);
  }

  private static List<String> present(String... topics) {
    List<String> out = new ArrayList<>();
    for (String topic : topics) {
      if (topic != null && !topic.isBlank()) {
        out.add(topic);
      }
    }
    return out;
  }

  /** Every input of the default topics, from the earliest offset, default rules. */
  public static AlertJobSettings defaults(String bootstrapServers, String checkpointLocation) {
    return new AlertJobSettings(
        bootstrapServers,
        Topics.STATIONS,
        Topics.POSTCODE_AVAILABILITY,
        Topics.WEATHER_FEATURES,
        Topics.HEALTH,
        Topics.ALERTS,
        Topics.DEAD_LETTERS,
        checkpointLocation,
        "earliest",
        Duration.ZERO,
        DEFAULT_ALLOWED_LATENESS,
        AlertSettings.defaults());
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
