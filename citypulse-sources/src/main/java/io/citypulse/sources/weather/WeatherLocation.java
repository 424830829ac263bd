package io.citypulse.sources.weather;

import java.util.Objects;

/**
 * A place to observe: a stable {@code key} (the Kafka key of its observations), a display name,
 * an ISO 3166-1 alpha-2 country code and coordinates. A location given by name only has null
 * coordinates: each source then resolves the name its own way (OpenWeatherMap {@code q=},
 * Open-Meteo geocoding, Tomorrow.io free text).
 *
 * @param key lowercase ASCII slug of the name ({@code thies}) or {@code lat,lon}
 * @param name as the user wrote it ({@code Thiès}); null for a location given by coordinates only
 * @param country upper-case alpha-2 code, or null when unknown
 * @param lat degrees north, or null when given by name
 * @param lon degrees east, or null when given by name
 */
public record WeatherLocation(String key, String name, String country, Double lat, Double lon) {

  public WeatherLocation {
    Objects.requireNonNull(key, "key");
    if (key.isBlank()) {
      throw new IllegalArgumentException("a location key cannot be blank");
    }
    if ((lat == null) != (lon == null)) {
      throw new IllegalArgumentException(
          "location '" + key + "' needs both latitude and longitude, or neither");
    }
    if (lat != null && !(lat >= -90 && lat <= 90)) {
      throw new IllegalArgumentException(
          "latitude of '" + key + "' must be in [-90, 90], got " + lat);
    }
    if (lon != null && !(lon >= -180 && lon <= 180)) {
      throw new IllegalArgumentException(
          "longitude of '" + key + "' must be in [-180, 180], got " + lon);
    }
    if (name == null && lat == null) {
      throw new IllegalArgumentException("location '" + key + "' needs a name or coordinates");
    }
  }

  public boolean hasCoordinates() {
    return lat != null;
  }

  /** The same place with coordinates (and the country when this one has none), e.g. after geocoding. */
  public WeatherLocation withCoordinates(double latitude, double longitude, String countryCode) {
    return new WeatherLocation(
        key, name, country != null ? country : countryCode, latitude, longitude);
  }

  /** The name, else the key: what people call it in messages. */
  public String label() {
    return name != null ? name : key;
  }
}
