package io.citypulse.sources.weather;

import java.time.Instant;
import java.util.List;

/**
 * What a {@link WeatherPoller} is doing, for the CLI status line and a health panel.
 *
 * @param stoppedBecause why the source stopped for good (key refused, no location left), else null
 * @param pausedUntil the end of a rate-limit pause, else null
 * @param lastError the last source-wide problem (rate limit, key), else null
 */
public record WeatherPollerStatus(
    String source,
    String description,
    boolean running,
    String stoppedBecause,
    Instant pausedUntil,
    Instant lastErrorAt,
    String lastError,
    List<WeatherLocationStatus> locations) {

  public WeatherPollerStatus {
    locations = List.copyOf(locations);
  }

  /** Locations whose last fetch succeeded. */
  public long healthy() {
    return locations.stream()
        .filter(l ->
            l.skippedBecause() == null && l.lastSuccess() != null && l.consecutiveFailures() == 0)
        .count();
  }

  public long skipped() {
    return locations.stream().filter(l -> l.skippedBecause() != null).count();
  }

  public long failing() {
    return locations.stream()
        .filter(l -> l.skippedBecause() == null && l.consecutiveFailures() > 0)
        .count();
  }

  /** One line: "open-meteo: 4/5 ok, 1 skipped" or "openweathermap: STOPPED (...)". */
  public String summary() {
    if (stoppedBecause != null) {
      return source + ": STOPPED (" + stoppedBecause + ")";
    }
    return source + ": " + locationCounts("ok");
  }

  /** "4/5 {okWord}, 1 failing, 1 skipped, rate-limited until ...": the parts that apply. */
  public String locationCounts(String okWord) {
    StringBuilder line = new StringBuilder()
        .append(healthy())
        .append('/')
        .append(locations.size())
        .append(' ')
        .append(okWord);
    if (failing() > 0) {
      line.append(", ").append(failing()).append(" failing");
    }
    if (skipped() > 0) {
      line.append(", ").append(skipped()).append(" skipped");
    }
    if (pausedUntil != null) {
      line.append(", rate-limited until ").append(pausedUntil);
    }
    return line.toString();
  }
}
