package io.citypulse.sources.weather;

import static io.citypulse.sources.weather.WeatherJson.integer;
import static io.citypulse.sources.weather.WeatherJson.number;
import static io.citypulse.sources.weather.WeatherJson.objectOrNull;
import static io.citypulse.sources.weather.WeatherJson.requiredObject;
import static io.citypulse.sources.weather.WeatherJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.WeatherObservation;
import java.time.Instant;

/**
 * Reads an OpenWeatherMap current-weather body ({@code /data/2.5/weather}) requested with
 * {@code units=metric}: °C, m/s, hPa (sea level), mm.
 *
 * <p>Units: the body does not say which units it is in, and without {@code units=metric} OWM
 * answers in Kelvin. {@link OpenWeatherMapApi} always sends {@code units=metric}, so this parser
 * takes the numbers as °C; a Kelvin body that got here anyway reads as ~290 °C, which
 * {@link WeatherValidator} rejects to the dead letters rather than this parser guessing.
 */
public final class OpenWeatherMapParser {
  private OpenWeatherMapParser() {}

  public static final String SOURCE = "openweathermap";

  /**
   * Never throws for a bad body.
   *
   * @param location the configured location: its key, and its name, country and coordinates when
   *     given (they win over the body's, which fill the gaps)
   */
  public static WeatherParse parse(byte[] body, WeatherLocation location, Instant fetchedAt) {
    try {
      JsonNode root = WeatherJson.object(body);
      // `cod` is an int in some bodies (401, 200) and a string in others ("404", "200").
      String cod = text(root, "cod");
      if (cod != null && !cod.equals("200")) {
        String message = text(root, "message");
        return new WeatherParse.ApiError(cod, message == null ? "(no message)" : message);
      }
      Long dt = integer(root, "dt", "dt");
      if (dt == null) {
        throw new WeatherJson.BadBody("no 'dt' (observation time): not a current-weather body");
      }
      JsonNode main = requiredObject(root, "main", "main");
      JsonNode wind = objectOrNull(root, "wind", "wind");
      JsonNode clouds = objectOrNull(root, "clouds", "clouds");
      JsonNode coord = objectOrNull(root, "coord", "coord");
      JsonNode sys = objectOrNull(root, "sys", "sys");
      Long timezone = integer(root, "timezone", "timezone");

      String code = null;
      String description = null;
      JsonNode weather = root.get("weather");
      if (weather != null && weather.isArray() && !weather.isEmpty()) {
        code = text(weather.get(0), "id");
        description = text(weather.get(0), "description");
      }
      Instant observedAt = Instant.ofEpochSecond(dt);
      return new WeatherParse.Parsed(new WeatherObservation(
          location.key(),
          location.name() != null ? location.name() : text(root, "name"),
          location.country() != null ? location.country() : text(sys, "country"),
          location.hasCoordinates() ? location.lat() : number(coord, "lat", "coord.lat"),
          location.hasCoordinates() ? location.lon() : number(coord, "lon", "coord.lon"),
          observedAt,
          timezone == null ? null : Math.toIntExact(timezone),
          number(main, "temp", "main.temp"),
          number(main, "feels_like", "main.feels_like"),
          number(main, "humidity", "main.humidity"),
          number(main, "pressure", "main.pressure"),
          number(wind, "speed", "wind.speed"),
          number(wind, "deg", "wind.deg"),
          number(wind, "gust", "wind.gust"),
          number(clouds, "all", "clouds.all"),
          precipitation(root),
          code,
          description,
          SOURCE,
          fetchedAt));
    } catch (WeatherJson.BadBody | ArithmeticException e) {
      return new WeatherParse.Malformed(e.getMessage());
    }
  }

  /**
   * Rain plus snow of the last hour. OWM leaves {@code rain} and {@code snow} out when nothing
   * fell, so their absence is 0 mm, not unknown. Only a 3-hour amount: its hourly mean.
   */
  private static Double precipitation(JsonNode root) {
    double total = 0;
    for (String kind : new String[] {"rain", "snow"}) {
      JsonNode amounts = objectOrNull(root, kind, kind);
      if (amounts == null) {
        continue;
      }
      Double lastHour = number(amounts, "1h", kind + ".1h");
      Double lastThreeHours = number(amounts, "3h", kind + ".3h");
      if (lastHour != null) {
        total += lastHour;
      } else if (lastThreeHours != null) {
        total += lastThreeHours / 3;
      }
    }
    return WeatherJson.round(total, 2);
  }
}
