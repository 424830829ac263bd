package io.citypulse.sources.weather;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** One HTTP weather API: the URL of a location's current weather, and how to read the answer. */
public interface WeatherApi {

  WeatherSourceKind kind();

  /**
   * The current-weather URL (it may hold the API key: redact before showing it).
   *
   * @param location with coordinates when {@link #needsCoordinates()}
   */
  URI currentWeather(WeatherLocation location);

  /** Whether a location given by name must be geocoded first ({@link #geocoding}). */
  default boolean needsCoordinates() {
    return false;
  }

  /** The geocoding URL for a location given by name; only called when {@link #needsCoordinates()}. */
  default URI geocoding(WeatherLocation location) {
    throw new UnsupportedOperationException(kind().id() + " takes place names directly");
  }

  /** Reads a body: an observation, the API's error, or malformed. Never throws. */
  WeatherParse parse(byte[] body, WeatherLocation location, Instant fetchedAt);

  /** A query parameter, form-encoded. */
  static String param(String name, String value) {
    return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A coordinate as plain decimal text (never 1.0E-4). */
  static String decimal(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
