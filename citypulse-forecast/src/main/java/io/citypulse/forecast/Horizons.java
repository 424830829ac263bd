package io.citypulse.forecast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Forecast horizons as the command line writes them: {@code 15m,30m,60m} (or {@code 1h}). */
public final class Horizons {
  private Horizons() {}

  /**
   * The horizons of a comma-separated list.
   *
   * @throws IllegalArgumentException naming the bad item
   */
  public static List<Duration> parse(String text) {
    List<Duration> horizons = new ArrayList<>();
    for (String item : text.split(",")) {
      String s = item.trim().toLowerCase(Locale.ROOT);
      Duration d = null;
      try {
        if (s.endsWith("m")) {
          d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
        } else if (s.endsWith("h")) {
          d = Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
        }
      } catch (NumberFormatException e) {
        d = null;
      }
      if (d == null || d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(
            "horizon '" + item.trim() + "' is not a positive number of minutes or hours (15m, 1h)");
      }
      if (horizons.contains(d)) {
        throw new IllegalArgumentException("horizon '" + item.trim() + "' is given twice");
      }
      horizons.add(d);
    }
    return List.copyOf(horizons);
  }

  /** {@code 15m}, {@code 60m}: always in minutes, as the JSON writes them. */
  public static String label(Duration horizon) {
    if (horizon.toSecondsPart() != 0) {
      return horizon.getSeconds() + "s";
    }
    return horizon.toMinutes() + "m";
  }
}
