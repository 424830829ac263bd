package io.citypulse.cache;

import java.time.Duration;

/**
 * Exponential backoff between attempts to write a batch: {@code initial}, then times
 * {@code multiplier} per failed attempt, never above {@code max}.
 */
public record Backoff(Duration initial, Duration max, double multiplier) {

  /** 100 ms, 200 ms, 400 ms... up to 5 s: quick after a blip, gentle during an outage. */
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2);

  public Backoff {
    if (initial == null || initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("the initial backoff must be positive: " + initial);
    }
    if (max == null || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("the maximum backoff is below the initial one: " + max);
    }
    if (!(multiplier >= 1)) {
      throw new IllegalArgumentException(
          "the backoff multiplier must be at least 1: " + multiplier);
    }
  }

  /** The wait after the {@code failures}-th failure in a row (1 for the first). */
  public Duration delay(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("no failure, no delay: " + failures);
    }
    double millis = initial.toMillis() * Math.pow(multiplier, failures - 1);
    return millis >= max.toMillis() ? max : Duration.ofMillis(Math.round(millis));
  }
}
