package io.citypulse.app.run;

import io.citypulse.model.WeatherFeatures;
import io.citypulse.sources.weather.WeatherPoller;
import io.citypulse.sources.weather.WeatherPollerStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Formats the weather status line that run and demo print beside the bike one (pure, tested). */
final class WeatherStatusLine {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private WeatherStatusLine() {}

  /**
   * @param pollers the status of each weather source's poller (none: the features job alone)
   * @param counters source counters ({@code weather.*})
   * @param batches weather-features micro-batches completed
   * @param last the newest record seen on the features topic, or null
   */
  static String format(
      Instant now,
      List<WeatherPollerStatus> pollers,
      Map<String, Long> counters,
      long batches,
      WeatherFeatures last) {
    StringBuilder line = new StringBuilder(CLOCK.format(now))
        .append(" UTC | weather ")
        .append(
            pollers.isEmpty()
                ? "no poller (features of what arrives)"
                : pollers.stream()
                    .map(WeatherPollerStatus::summary)
                    .collect(Collectors.joining("; ")))
        .append(" | published ")
        .append(counters.getOrDefault(WeatherPoller.PUBLISHED, 0L))
        .append(", unchanged ")
        .append(counters.getOrDefault(WeatherPoller.UNCHANGED, 0L));
    long invalid = counters.getOrDefault(WeatherPoller.INVALID, 0L)
        + counters.getOrDefault(WeatherPoller.PARSE_ERRORS, 0L);
    if (invalid > 0) {
      line.append(", invalid ").append(invalid);
    }
    if (batches < 0) {
      line.append(" | spark job elsewhere");
    } else {
      line.append(" | spark batches ").append(batches);
    }
    if (last == null) {
      line.append(" | no weather features yet");
    } else {
      line.append(" | last ")
          .append(last.location())
          .append(' ')
          .append(number(last.temperatureC()))
          .append(" °C, heat index ")
          .append(number(last.heatIndex()))
          .append(", ")
          .append(last.timeOfDay())
          .append(" (local ")
          .append(last.localTime())
          .append(')');
    }
    return line.toString();
  }

  private static String number(Double value) {
    return value == null ? "?" : String.format(Locale.ROOT, "%.1f", value);
  }
}
