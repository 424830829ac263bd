package io.citypulse.storage.history;

import java.time.Instant;
import java.util.List;

/**
 * The recent states of every postcode and weather location, as read in bulk for the dashboard's
 * sparklines: per key, oldest first; keys in alphabetical order.
 */
public record RecentSeries(List<PostcodeRow> postcodes, List<WeatherRow> weather) {

  public RecentSeries {
    postcodes = List.copyOf(postcodes);
    weather = List.copyOf(weather);
  }

  /**
   * One stored postcode state (table postcode_availability_history); {@code mechanical} and
   * {@code ebike} are null when no station of the postcode gave a breakdown.
   */
  public record PostcodeRow(
      String postcode,
      Instant at,
      long bikesAvailable,
      Long mechanical,
      Long ebike,
      long docksAvailable) {}

  /** One stored weather observation (table weather_history); a value the provider did not give is null. */
  /** @param key {@code source:location}, as on the topic ({@code WeatherKey}) */
  public record WeatherRow(
      String key,
      Instant at,
      Double temperatureC,
      Double humidityPct,
      Double windSpeedMs,
      Double precipitationMm) {}
}
