package io.citypulse.sources.weather;

import static io.citypulse.sources.weather.WeatherJson.number;
import static io.citypulse.sources.weather.WeatherJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * Reads an Open-Meteo geocoding answer ({@code /v1/search?name=...&count=1}): the first result,
 * or none. Open-Meteo needs coordinates, so a location given by name is looked up here once.
 */
public final class OpenMeteoGeocoding {
  private OpenMeteoGeocoding() {}

  /** What the geocoder said. */
  public sealed interface Answer {}

  /** The best match. */
  public record Found(String name, double lat, double lon, String countryCode) implements Answer {}

  /** No place of that name: the API leaves {@code results} out. */
  public record NotFound() implements Answer {}

  /** An Open-Meteo error body ({@code {"error":true,"reason":...}}). */
  public record Refused(String reason) implements Answer {}

  /** Not a geocoding body. */
  public record Unreadable(String reason) implements Answer {}

  /** Never throws for a bad body. */
  public static Answer parse(byte[] body) {
    try {
      JsonNode root = WeatherJson.object(body);
      if (root.path("error").asBoolean(false)) {
        String reason = text(root, "reason");
        return new Refused(reason == null ? "(no reason)" : reason);
      }
      JsonNode results = root.get("results");
      if (results == null || results.isNull() || (results.isArray() && results.isEmpty())) {
        return new NotFound();
      }
      if (!results.isArray() || !results.get(0).isObject()) {
        return new Unreadable("'results' is not an array of places");
      }
      JsonNode first = results.get(0);
      Double lat = number(first, "latitude", "results[0].latitude");
      Double lon = number(first, "longitude", "results[0].longitude");
      if (lat == null || lon == null || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
        return new Unreadable("results[0] has no usable latitude/longitude");
      }
      String country = text(first, "country_code");
      return new Found(
          text(first, "name"), lat, lon, country == null ? null : country.toUpperCase(Locale.ROOT));
    } catch (WeatherJson.BadBody e) {
      return new Unreadable(e.getMessage());
    }
  }
}
