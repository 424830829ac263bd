package io.citypulse.sources.weather;

import static io.citypulse.sources.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.WeatherObservation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenMeteoParserTest {
  private static final Instant FETCHED = Instant.parse("2025-10-18T22:50:00Z");
  private static final WeatherLocation NEW_YORK =
      WeatherLocations.preset("brief").get(4);
  private static final WeatherLocation TOKYO = WeatherLocations.preset("brief").get(2);

  private static WeatherObservation parsed(WeatherParse parse) {
    assertThat(parse).isInstanceOf(WeatherParse.Parsed.class);
    return ((WeatherParse.Parsed) parse).observation();
  }

  @Test
  void newYorkLocalTimeIsConvertedWithItsNegativeOffsetAndKmhBecomesMetresPerSecond() {
    WeatherObservation o = parsed(
        OpenMeteoParser.parse(bytes("weather/openmeteo/new_york_kmh.json"), NEW_YORK, FETCHED));

    // "2025-10-18T18:45" in New York (EDT, -14400 s) is 22:45 UTC.
    assertThat(o.observedAt()).isEqualTo(Instant.parse("2025-10-18T22:45:00Z"));
    assertThat(o.utcOffsetSeconds()).isEqualTo(-14400);
    assertThat(o.windSpeedMs()).isEqualTo(4.0);
    assertThat(o.windGustMs()).isEqualTo(8.11);
    assertThat(o)
        .isEqualTo(new WeatherObservation(
            "new-york",
            "New York",
            "US",
            40.7128,
            -74.006,
            Instant.parse("2025-10-18T22:45:00Z"),
            -14400,
            17.6,
            16.1,
            58.0,
            1019.4,
            4.0,
            205.0,
            8.11,
            45.0,
            0.0,
            "2",
            "partly cloudy",
            "open-meteo",
            FETCHED));
  }

  @Test
  void tokyoLocalTimeIsConvertedWithItsPositiveOffsetAcrossMidnightAndMetresPerSecondStay() {
    WeatherObservation o =
        parsed(OpenMeteoParser.parse(bytes("weather/openmeteo/tokyo_ms.json"), TOKYO, FETCHED));

    // "2025-10-19T07:30" in Tokyo (+32400 s) is the previous day 22:30 UTC.
    assertThat(o.observedAt()).isEqualTo(Instant.parse("2025-10-18T22:30:00Z"));
    assertThat(o.utcOffsetSeconds()).isEqualTo(32400);
    assertThat(o.windSpeedMs()).isEqualTo(2.9);
    assertThat(o.windGustMs()).isEqualTo(6.1);
    assertThat(o.precipitationMm()).isEqualTo(0.4);
    assertThat(o.weatherCode()).isEqualTo("61");
    assertThat(o.weatherDescription()).isEqualTo("slight rain");
  }

  @Test
  void imperialUnitsAreConverted() {
    WeatherObservation o = parsed(OpenMeteoParser.parse(
        bytes("weather/openmeteo/fahrenheit_mph_inch.json"), NEW_YORK, FETCHED));

    assertThat(o.temperatureC()).isEqualTo(5.0);
    assertThat(o.feelsLikeC()).isEqualTo(2.0);
    assertThat(o.windSpeedMs()).isEqualTo(4.47);
    assertThat(o.windGustMs()).as("knots").isEqualTo(10.29);
    assertThat(o.precipitationMm()).isEqualTo(2.54);
    assertThat(o.observedAt()).as("EST, -18000 s").isEqualTo(Instant.parse("2025-12-01T12:00:00Z"));
  }

  @Test
  void aLocationByNameTakesTheBodysGridCoordinates() {
    WeatherObservation o = parsed(OpenMeteoParser.parse(
        bytes("weather/openmeteo/tokyo_ms.json"), WeatherLocations.parse("Tokyo"), FETCHED));

    assertThat(o.lat()).isEqualTo(35.7);
    assertThat(o.lon()).isEqualTo(139.6875);
  }

  @Test
  void errorBodyIsAnApiErrorWithTheReason() {
    WeatherParse parse =
        OpenMeteoParser.parse(bytes("weather/openmeteo/error.json"), NEW_YORK, FETCHED);

    assertThat(parse)
        .isEqualTo(new WeatherParse.ApiError(
            "error", "Latitude must be in range of -90 to 90°. Given: 120.0."));
    assertThat(((WeatherParse.ApiError) parse).status()).isEqualTo(400);
  }

  @Test
  void anUnknownUnitIsMalformedRatherThanGuessed() {
    String body = new String(bytes("weather/openmeteo/tokyo_ms.json"), StandardCharsets.UTF_8)
        .replace("\"wind_speed_10m\":\"m/s\"", "\"wind_speed_10m\":\"furlong/fortnight\"");

    WeatherParse parse =
        OpenMeteoParser.parse(body.getBytes(StandardCharsets.UTF_8), TOKYO, FETCHED);

    assertThat(parse)
        .isEqualTo(new WeatherParse.Malformed(
            "unknown speed unit 'furlong/fortnight' for wind_speed_10m"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "{\"current\":{\"time\":\"2025-10-18T18:45\"}}",
        "{\"utc_offset_seconds\":0}",
        "{\"utc_offset_seconds\":0,\"current\":{\"time\":\"18:45\"}}",
        "{\"utc_offset_seconds\":999999,\"current\":{\"time\":\"2025-10-18T18:45\"}}",
        "{\"utc_offset_seconds\":0,\"current\":{\"time\":\"2025-10-18T18:45\",\"temperature_2m\":true}}"
      })
  void badBodiesAreMalformed(String body) {
    WeatherParse parse =
        OpenMeteoParser.parse(body.getBytes(StandardCharsets.UTF_8), TOKYO, FETCHED);

    assertThat(parse).isInstanceOf(WeatherParse.Malformed.class);
  }

  @Test
  void urlsAskForTheCurrentVariablesInMetresPerSecondAndTheLocalZone() {
    OpenMeteoApi api = new OpenMeteoApi(
        URI.create("https://api.open-meteo.com/"),
        URI.create("https://geocoding-api.open-meteo.com/"),
        null);

    assertThat(api.currentWeather(TOKYO).toString())
        .isEqualTo("https://api.open-meteo.com/v1/forecast?"
            + "latitude=35.6762&longitude=139.6503&current=temperature_2m,relative_humidity_2m,apparent_temperature,"
            + "precipitation,weather_code,cloud_cover,pressure_msl,wind_speed_10m,wind_direction_10m,wind_gusts_10m"
            + "&wind_speed_unit=ms&timezone=auto");
    assertThat(api.geocoding(WeatherLocations.parse("Thiès,SN")).toString())
        .isEqualTo(
            "https://geocoding-api.open-meteo.com/v1/search?name=Thi%C3%A8s&count=1&language=en&format=json&countryCode=SN");
  }

  @Test
  void geocodingGivesTheFirstPlaceOrNone() {
    assertThat(OpenMeteoGeocoding.parse(bytes("weather/openmeteo/geocoding_thies.json")))
        .isEqualTo(new OpenMeteoGeocoding.Found("Thiès", 14.78333, -16.93333, "SN"));
    assertThat(OpenMeteoGeocoding.parse(bytes("weather/openmeteo/geocoding_none.json")))
        .isEqualTo(new OpenMeteoGeocoding.NotFound());
    assertThat(OpenMeteoGeocoding.parse(bytes("weather/openmeteo/error.json")))
        .isInstanceOf(OpenMeteoGeocoding.Refused.class);
    assertThat(OpenMeteoGeocoding.parse("{\"results\":{}}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(OpenMeteoGeocoding.Unreadable.class);
    assertThat(OpenMeteoGeocoding.parse("<html>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(OpenMeteoGeocoding.Unreadable.class);
  }
}
