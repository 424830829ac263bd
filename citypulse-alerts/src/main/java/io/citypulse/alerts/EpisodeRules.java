package io.citypulse.alerts;

import java.time.Duration;
import java.util.Objects;

/**
 * When a condition becomes an alert and when the alert ends.
 *
 * @param minDuration how long (event time) the condition must hold before one {@code raised}
 *     record; zero raises on the first record in the condition
 * @param clearAfter how long the subject must stay out of the condition before one {@code cleared}
 *     record (the hysteresis that keeps a flapping station from flooding); a record "well out" of
 *     it (see {@link Check#clearNow}) clears at once
 */
public record EpisodeRules(Duration minDuration, Duration clearAfter) {
  public EpisodeRules {
    Objects.requireNonNull(minDuration, "minDuration");
    Objects.requireNonNull(clearAfter, "clearAfter");
    if (minDuration.isNegative() || clearAfter.isNegative()) {
      throw new IllegalArgumentException(
          "durations must not be negative: " + minDuration + ", " + clearAfter);
    }
  }
}
