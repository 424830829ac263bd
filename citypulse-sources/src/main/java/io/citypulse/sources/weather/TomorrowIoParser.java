package io.citypulse.sources.weather;

import static io.citypulse.sources.weather.WeatherJson.integer;
import static io.citypulse.sources.weather.WeatherJson.number;
import static io.citypulse.sources.weather.WeatherJson.objectOrNull;
import static io.citypulse.sources.weather.WeatherJson.requiredObject;
import static io.citypulse.sources.weather.WeatherJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.WeatherObservation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads a Tomorrow.io {@code /v4/weather/realtime?units=metric} body: {@code data.time} (UTC),
 * {@code data.values.*} in °C, %, hPa, m/s, mm/h, and the {@code location} it resolved.
 *
 * <p>Choices: pressure is {@code pressureSeaLevel} when present, else {@code pressureSurfaceLevel}
 * (surface pressure is lower inland; sea level is what the other sources give). Precipitation is
 * {@code precipitationIntensity} when present, else the sum of the rain, snow, sleet and freezing
 * rain intensities: a rate in mm/h, recorded as the millimetres of one hour at that rate. The body
 * has no UTC offset: it comes from {@link TimeZones} (exact for presets and single-zone countries,
 * else the longitude's nautical zone).
 */
public final class TomorrowIoParser {
  private TomorrowIoParser() {}

  public static final String SOURCE = "tomorrow.io";

  private static final String[] INTENSITIES = {
    "rainIntensity", "snowIntensity", "sleetIntensity", "freezingRainIntensity"
  };

  /** Never throws for a bad body. */
  public static WeatherParse parse(byte[] body, WeatherLocation location, Instant fetchedAt) {
    try {
      JsonNode root = WeatherJson.object(body);
      if (root.get("data") == null && root.hasNonNull("code")) {
        String type = text(root, "type");
        String message = text(root, "message");
        return new WeatherParse.ApiError(
            text(root, "code"),
            (type == null ? "" : type + ": ") + (message == null ? "(no message)" : message));
      }
      JsonNode data = requiredObject(root, "data", "data");
      JsonNode values = requiredObject(data, "values", "data.values");
      JsonNode place = objectOrNull(root, "location", "location");
      Instant observedAt = observedAt(text(data, "time"));
      Double bodyLat = number(place, "lat", "location.lat");
      Double bodyLon = number(place, "lon", "location.lon");
      Long code = integer(values, "weatherCode", "data.values.weatherCode");
      Double pressure = number(values, "pressureSeaLevel", "data.values.pressureSeaLevel");
      if (pressure == null) {
        pressure = number(values, "pressureSurfaceLevel", "data.values.pressureSurfaceLevel");
      }
      return new WeatherParse.Parsed(new WeatherObservation(
          location.key(),
          location.name() != null ? location.name() : text(place, "name"),
          location.country(),
          location.hasCoordinates() ? location.lat() : bodyLat,
          location.hasCoordinates() ? location.lon() : bodyLon,
          observedAt,
          TimeZones.offsetSeconds(location, bodyLon, observedAt),
          number(values, "temperature", "data.values.temperature"),
          number(values, "temperatureApparent", "data.values.temperatureApparent"),
          number(values, "humidity", "data.values.humidity"),
          pressure,
          number(values, "windSpeed", "data.values.windSpeed"),
          number(values, "windDirection", "data.values.windDirection"),
          number(values, "windGust", "data.values.windGust"),
          number(values, "cloudCover", "data.values.cloudCover"),
          precipitation(values),
          code == null ? null : String.valueOf(code),
          code == null ? null : WeatherCodes.tomorrow(Math.toIntExact(code)),
          SOURCE,
          fetchedAt));
    } catch (WeatherJson.BadBody | ArithmeticException e) {
      return new WeatherParse.Malformed(e.getMessage());
    }
  }

  private static Instant observedAt(String time) {
    if (time == null) {
      throw new WeatherJson.BadBody("no 'data.time'");
    }
    try {
      return OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException e) {
      throw new WeatherJson.BadBody(
          "data.time is not an ISO-8601 date-time with offset: \"" + time + "\"");
    }
  }

  private static Double precipitation(JsonNode values) {
    Double total = number(values, "precipitationIntensity", "data.values.precipitationIntensity");
    if (total != null) {
      return total;
    }
    for (String field : INTENSITIES) {
      total = WeatherJson.sum(total, number(values, field, "data.values." + field));
    }
    return total == null ? null : WeatherJson.round(total, 3);
  }
}
