package io.citypulse.alerts;

import java.time.Duration;

/** Durations as people write them in messages: {@code 10m}, {@code 90s}, {@code 1h}. */
final class Durations {
  private Durations() {}

  static String text(Duration d) {
    long seconds = d.toSeconds();
    if (seconds % 3600 == 0 && seconds > 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0 && seconds > 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
