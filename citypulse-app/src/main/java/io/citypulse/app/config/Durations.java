package io.citypulse.app.config;

import java.time.Duration;

/** Parses human durations (500ms, 30s, 5m, 1h, 1d or ISO-8601 PT30S), as config and flags accept them. */
public final class Durations {
  private Durations() {}

  public static Duration parse(String text) {
    return ValueType.parseDuration(text);
  }

  /** The duration as people write it back: 45s, 30m, 1h30m, 2d, 1500ms. */
  public static String format(Duration duration) {
    if (duration.toMillis() < 1_000 || duration.toMillisPart() != 0) {
      return duration.toMillis() + "ms";
    }
    StringBuilder text = new StringBuilder();
    append(text, duration.toDaysPart(), "d");
    append(text, duration.toHoursPart(), "h");
    append(text, duration.toMinutesPart(), "m");
    append(text, duration.toSecondsPart(), "s");
    return text.toString();
  }

  private static void append(StringBuilder text, long amount, String unit) {
    if (amount > 0) {
      text.append(amount).append(unit);
    }
  }
}
