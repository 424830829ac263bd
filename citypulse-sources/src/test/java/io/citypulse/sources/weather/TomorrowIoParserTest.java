package io.citypulse.sources.weather;

import static io.citypulse.sources.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.WeatherObservation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TomorrowIoParserTest {
  private static final Instant FETCHED = Instant.parse("2025-10-18T12:02:00Z");
  private static final WeatherLocation DAKAR =
      WeatherLocations.preset("senegal").get(0);

  private static WeatherObservation parsed(WeatherParse parse) {
    assertThat(parse).isInstanceOf(WeatherParse.Parsed.class);
    return ((WeatherParse.Parsed) parse).observation();
  }

  @Test
  void realtimeBodyBecomesAnObservationWithTheOffsetOfThePresetZone() {
    WeatherObservation o = parsed(
        TomorrowIoParser.parse(bytes("weather/tomorrow/dakar_realtime.json"), DAKAR, FETCHED));

    assertThat(o)
        .isEqualTo(new WeatherObservation(
            "dakar",
            "Dakar",
            "SN",
            14.6928,
            -17.4467,
            Instant.parse("2025-10-18T12:01:00Z"),
            0,
            28.1,
            31.6,
            74.0,
            1009.4,
            5.3,
            318.5,
            8.4,
            38.0,
            0.2,
            "4200",
            "light rain",
            "tomorrow.io",
            FETCHED));
  }

  @Test
  void seaLevelPressureIsPreferredAndTheZoneGivesWinterTimeInNewYork() {
    WeatherObservation o = parsed(TomorrowIoParser.parse(
        bytes("weather/tomorrow/new_york_sea_level.json"),
        WeatherLocations.preset("brief").get(4),
        FETCHED));

    assertThat(o.pressureHpa()).isEqualTo(1016.2);
    assertThat(o.precipitationMm()).as("precipitationIntensity").isZero();
    assertThat(o.utcOffsetSeconds()).as("EST in January").isEqualTo(-18000);
    assertThat(o.weatherDescription()).isEqualTo("cloudy");
  }

  @Test
  void anUnknownPlaceGetsTheLongitudeZoneOfTheBodysLocation() {
    WeatherLocation byName = WeatherLocations.parse("Corvallis");

    WeatherObservation o = parsed(
        TomorrowIoParser.parse(bytes("weather/tomorrow/new_york_sea_level.json"), byName, FETCHED));

    assertThat(o.utcOffsetSeconds()).as("round(-74.006 / 15) = -5 h").isEqualTo(-18000);
    assertThat(o.lat()).isEqualTo(40.7128);
  }

  @Test
  void errorBodiesAreApiErrorsWithTheirHttpStatus() {
    WeatherParse tooMany =
        TomorrowIoParser.parse(bytes("weather/tomorrow/error_429.json"), DAKAR, FETCHED);
    WeatherParse auth =
        TomorrowIoParser.parse(bytes("weather/tomorrow/error_401.json"), DAKAR, FETCHED);
    WeatherParse place =
        TomorrowIoParser.parse(bytes("weather/tomorrow/error_400_location.json"), DAKAR, FETCHED);

    assertThat(tooMany).isInstanceOf(WeatherParse.ApiError.class);
    assertThat(((WeatherParse.ApiError) tooMany).code()).isEqualTo("429001");
    assertThat(((WeatherParse.ApiError) tooMany).status()).isEqualTo(429);
    assertThat(((WeatherParse.ApiError) tooMany).message())
        .startsWith("Too Many Calls: The request limit");
    assertThat(((WeatherParse.ApiError) auth).status()).isEqualTo(401);
    assertThat(place)
        .isEqualTo(new WeatherParse.ApiError(
            "400001",
            "Invalid Query Parameters: 'location' - failed to query by the term 'Atlantis'."));
  }

  @Test
  void badBodiesAreMalformed() {
    for (String body : new String[] {
      "",
      "[]",
      "{\"data\":{}}",
      "{\"data\":{\"time\":\"noon\",\"values\":{}}}",
      "{\"data\":{\"time\":\"2025-10-18T12:01:00Z\",\"values\":{\"humidity\":\"high\"}}}"
    }) {
      assertThat(TomorrowIoParser.parse(body.getBytes(StandardCharsets.UTF_8), DAKAR, FETCHED))
          .as(body)
          .isInstanceOf(WeatherParse.Malformed.class);
    }
  }

  @Test
  void theUrlAsksForMetricUnitsAtTheCoordinates() {
    TomorrowIoApi api = new TomorrowIoApi(URI.create("https://api.tomorrow.io/"), "t0k");

    assertThat(api.currentWeather(DAKAR).toString())
        .isEqualTo(
            "https://api.tomorrow.io/v4/weather/realtime?location=14.6928,-17.4467&units=metric&apikey=t0k");
  }

  @Test
  void everyDocumentedCodeHasADescription() {
    for (int code : new int[] {
      0, 1000, 1100, 1101, 1102, 1001, 2000, 2100, 4000, 4001, 4200, 4201, 5000, 5001, 5100, 5101,
      6000, 6001, 6200, 6201, 7000, 7101, 7102, 8000
    }) {
      assertThat(WeatherCodes.tomorrow(code)).as("code %d", code).isNotBlank();
    }
    assertThat(WeatherCodes.tomorrow(1234)).isNull();
  }
}
