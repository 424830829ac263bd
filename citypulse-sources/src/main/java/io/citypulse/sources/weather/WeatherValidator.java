package io.citypulse.sources.weather;

import io.citypulse.model.WeatherObservation;
import java.time.Duration;
import java.util.Optional;

/**
 * Rejects observations no real weather produces, before they reach Kafka: the bounds are the
 * records of the measured world (about -89 °C to 57 °C; 870 to 1084 hPa at sea level) with a
 * little room. A wrong unit (Kelvin read as °C, Pa as hPa) lands outside them.
 */
public final class WeatherValidator {
  private WeatherValidator() {}

  public static final double MIN_TEMPERATURE_C = -90;
  public static final double MAX_TEMPERATURE_C = 60;
  public static final double MIN_PRESSURE_HPA = 850;
  public static final double MAX_PRESSURE_HPA = 1090;
  /**
   * How far after the fetch an observation time may be (clock skew). Further is a broken timestamp
   * (e.g. milliseconds read as seconds), and publishing it would make every later real observation
   * look old to the newness rule.
   */
  public static final Duration MAX_FUTURE = Duration.ofHours(1);

  /** Why the observation is unusable, or empty when it is fine. */
  public static Optional<String> problem(WeatherObservation o) {
    if (o.location() == null || o.location().isBlank()) {
      return Optional.of("missing location");
    }
    if (o.observedAt() == null) {
      return Optional.of("missing observed_at");
    }
    if (o.fetchedAt() != null && o.observedAt().isAfter(o.fetchedAt().plus(MAX_FUTURE))) {
      return Optional.of("observed_at " + o.observedAt() + " is more than " + MAX_FUTURE.toMinutes()
          + " min after the fetch at " + o.fetchedAt());
    }
    if (o.temperatureC() == null) {
      return Optional.of("missing temperature");
    }
    if (o.humidityPct() == null) {
      return Optional.of("missing humidity");
    }
    return outside("temperature_c", o.temperatureC(), MIN_TEMPERATURE_C, MAX_TEMPERATURE_C)
        .or(() ->
            outside("feels_like_c", o.feelsLikeC(), MIN_TEMPERATURE_C - 30, MAX_TEMPERATURE_C + 30))
        .or(() -> outside("humidity_pct", o.humidityPct(), 0, 100))
        .or(() -> outside("pressure_hpa", o.pressureHpa(), MIN_PRESSURE_HPA, MAX_PRESSURE_HPA))
        .or(() -> negative("wind_speed_ms", o.windSpeedMs()))
        .or(() -> negative("wind_gust_ms", o.windGustMs()))
        .or(() -> outside("wind_direction_deg", o.windDirectionDeg(), 0, 360))
        .or(() -> outside("clouds_pct", o.cloudsPct(), 0, 100))
        .or(() -> negative("precipitation_mm", o.precipitationMm()))
        .or(() -> outside("lat", o.lat(), -90, 90))
        .or(() -> outside("lon", o.lon(), -180, 180));
  }

  public static boolean isValid(WeatherObservation observation) {
    return problem(observation).isEmpty();
  }

  private static Optional<String> outside(String field, Double value, double min, double max) {
    if (value == null) {
      return Optional.empty();
    }
    if (!Double.isFinite(value) || value < min || value > max) {
      return Optional.of(
          field + " " + value + " is outside [" + format(min) + ", " + format(max) + "]");
    }
    return Optional.empty();
  }

  private static Optional<String> negative(String field, Double value) {
    if (value == null) {
      return Optional.empty();
    }
    if (!Double.isFinite(value) || value < 0) {
      return Optional.of(field + " must be a number >= 0, got " + value);
    }
    return Optional.empty();
  }

  private static String format(double bound) {
    return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
  }
}
