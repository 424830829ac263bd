package io.citypulse.app.config;

import java.time.Duration;

/** Parses human durations (500ms, 30s, 5m, 1h, 1d or ISO-8601 PT30S), as config and flags accept them. */
public final class Durations {
  private Durations() {}

  public static Duration parse(String text) {
    return ValueType.parseDuration(text);
  }
}
