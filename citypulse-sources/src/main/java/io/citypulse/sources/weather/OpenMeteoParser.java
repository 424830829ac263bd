package io.citypulse.sources.weather;

import static io.citypulse.sources.weather.WeatherJson.integer;
import static io.citypulse.sources.weather.WeatherJson.number;
import static io.citypulse.sources.weather.WeatherJson.objectOrNull;
import static io.citypulse.sources.weather.WeatherJson.requiredObject;
import static io.citypulse.sources.weather.WeatherJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.WeatherObservation;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Reads an Open-Meteo {@code /v1/forecast?current=...} body.
 *
 * <p>Quirks: {@code current.time} is the LOCAL wall time without an offset
 * ({@code "2026-08-23T18:45"} in New York is 22:45 UTC): it is converted with
 * {@code utc_offset_seconds}. Units are read from {@code current_units} and converted (wind km/h,
 * mph or knots to m/s, °F to °C, inches to mm); a unit missing there is taken to be the one
 * {@link OpenMeteoApi} asks for. {@code precipitation} is Open-Meteo's sum over the preceding
 * {@code current.interval} (15 minutes), kept as given.
 */
public final class OpenMeteoParser {
  private OpenMeteoParser() {}

  public static final String SOURCE = "open-meteo";

  /** Never throws for a bad body. */
  public static WeatherParse parse(byte[] body, WeatherLocation location, Instant fetchedAt) {
    try {
      JsonNode root = WeatherJson.object(body);
      if (root.path("error").asBoolean(false)) {
        String reason = text(root, "reason");
        return new WeatherParse.ApiError("error", reason == null ? "(no reason)" : reason);
      }
      JsonNode current = requiredObject(root, "current", "current");
      JsonNode units = objectOrNull(root, "current_units", "current_units");
      Long offset = integer(root, "utc_offset_seconds", "utc_offset_seconds");
      if (offset == null) {
        throw new WeatherJson.BadBody(
            "no 'utc_offset_seconds': current.time cannot be placed in UTC");
      }
      int offsetSeconds = Math.toIntExact(offset);
      Instant observedAt = observedAt(current, units, offsetSeconds);
      Long code = integer(current, "weather_code", "current.weather_code");

      DoubleUnaryOperator temperature = temperatureToCelsius(text(units, "temperature_2m"));
      DoubleUnaryOperator feelsLike = temperatureToCelsius(text(units, "apparent_temperature"));
      DoubleUnaryOperator wind =
          speedToMetresPerSecond(text(units, "wind_speed_10m"), "wind_speed_10m");
      DoubleUnaryOperator gust =
          speedToMetresPerSecond(text(units, "wind_gusts_10m"), "wind_gusts_10m");
      DoubleUnaryOperator precipitation = lengthToMillimetres(text(units, "precipitation"));
      expectUnit(units, "pressure_msl", "hPa");
      expectUnit(units, "relative_humidity_2m", "%");
      expectUnit(units, "cloud_cover", "%");

      return new WeatherParse.Parsed(new WeatherObservation(
          location.key(),
          location.name(),
          location.country(),
          location.hasCoordinates() ? location.lat() : number(root, "latitude", "latitude"),
          location.hasCoordinates() ? location.lon() : number(root, "longitude", "longitude"),
          observedAt,
          offsetSeconds,
          convert(number(current, "temperature_2m", "current.temperature_2m"), temperature),
          convert(
              number(current, "apparent_temperature", "current.apparent_temperature"), feelsLike),
          number(current, "relative_humidity_2m", "current.relative_humidity_2m"),
          number(current, "pressure_msl", "current.pressure_msl"),
          convert(number(current, "wind_speed_10m", "current.wind_speed_10m"), wind),
          number(current, "wind_direction_10m", "current.wind_direction_10m"),
          convert(number(current, "wind_gusts_10m", "current.wind_gusts_10m"), gust),
          number(current, "cloud_cover", "current.cloud_cover"),
          convert(number(current, "precipitation", "current.precipitation"), precipitation),
          code == null ? null : String.valueOf(code),
          code == null ? null : WeatherCodes.wmo(Math.toIntExact(code)),
          SOURCE,
          fetchedAt));
    } catch (WeatherJson.BadBody | ArithmeticException e) {
      return new WeatherParse.Malformed(e.getMessage());
    }
  }

  private static Instant observedAt(JsonNode current, JsonNode units, int offsetSeconds) {
    JsonNode time = current.get("time");
    if (time == null || time.isNull()) {
      throw new WeatherJson.BadBody("no 'current.time'");
    }
    // timeformat=unixtime gives epoch seconds (already UTC) instead of local ISO text.
    if (time.isIntegralNumber() || "unixtime".equals(text(units, "time"))) {
      Long epoch = integer(current, "time", "current.time");
      return Instant.ofEpochSecond(epoch);
    }
    try {
      return LocalDateTime.parse(time.asText()).toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
    } catch (DateTimeParseException e) {
      throw new WeatherJson.BadBody(
          "current.time is not a local ISO date-time: \"" + time.asText() + "\"");
    } catch (java.time.DateTimeException e) {
      throw new WeatherJson.BadBody(
          "utc_offset_seconds " + offsetSeconds + " is not a valid offset");
    }
  }

  private static Double convert(Double value, DoubleUnaryOperator conversion) {
    if (value == null) {
      return null;
    }
    double converted = conversion.applyAsDouble(value);
    return converted == value ? value : WeatherJson.round(converted, 2);
  }

  private static DoubleUnaryOperator temperatureToCelsius(String unit) {
    if (unit == null || unit.equals("°C")) {
      return DoubleUnaryOperator.identity();
    }
    if (unit.equals("°F")) {
      return f -> (f - 32) * 5 / 9;
    }
    throw new WeatherJson.BadBody("unknown temperature unit '" + unit + "'");
  }

  private static DoubleUnaryOperator speedToMetresPerSecond(String unit, String field) {
    if (unit == null) {
      return DoubleUnaryOperator.identity();
    }
    return switch (unit.toLowerCase(Locale.ROOT)) {
      case "m/s", "ms" -> DoubleUnaryOperator.identity();
      case "km/h", "kmh" -> kmh -> kmh / 3.6;
      case "mp/h", "mph" -> mph -> mph * 0.44704;
      case "kn", "kt", "knots" -> kn -> kn * 1852.0 / 3600.0;
      default -> throw new WeatherJson.BadBody("unknown speed unit '" + unit + "' for " + field);
    };
  }

  private static DoubleUnaryOperator lengthToMillimetres(String unit) {
    if (unit == null || unit.equals("mm")) {
      return DoubleUnaryOperator.identity();
    }
    if (unit.equals("inch")) {
      return inches -> inches * 25.4;
    }
    throw new WeatherJson.BadBody("unknown precipitation unit '" + unit + "'");
  }

  private static void expectUnit(JsonNode units, String field, String expected) {
    String unit = text(units, field);
    if (unit != null && !unit.equals(expected)) {
      throw new WeatherJson.BadBody(
          "unexpected unit '" + unit + "' for " + field + " (expected " + expected + ")");
    }
  }
}
