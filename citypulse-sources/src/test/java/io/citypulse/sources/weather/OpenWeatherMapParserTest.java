package io.citypulse.sources.weather;

import static io.citypulse.sources.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.WeatherObservation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenWeatherMapParserTest {
  private static final Instant FETCHED = Instant.parse("2025-10-18T10:03:00Z");
  private static final WeatherLocation PARIS = WeatherLocations.preset("brief").get(0);

  private static WeatherObservation parsed(WeatherParse parse) {
    assertThat(parse).isInstanceOf(WeatherParse.Parsed.class);
    return ((WeatherParse.Parsed) parse).observation();
  }

  @Test
  void metricBodyBecomesAnObservationWithTheConfiguredPlaceAndTheBodysTime() {
    WeatherObservation o =
        parsed(OpenWeatherMapParser.parse(bytes("weather/owm/paris_metric.json"), PARIS, FETCHED));

    assertThat(o)
        .isEqualTo(new WeatherObservation(
            "paris",
            "Paris",
            "FR",
            48.8566,
            2.3522,
            Instant.parse("2025-10-18T10:00:00Z"),
            7200,
            14.2,
            13.55,
            72.0,
            1021.0,
            4.12,
            230.0,
            7.7,
            75.0,
            0.35,
            "500",
            "light rain",
            "openweathermap",
            FETCHED));
  }

  @Test
  void codAsAStringIsSuccessTooAndNoRainMeansZeroMillimetres() {
    WeatherLocation dakar = new WeatherLocation("dakar", "Dakar", null, null, null);

    WeatherObservation o = parsed(
        OpenWeatherMapParser.parse(bytes("weather/owm/dakar_string_cod.json"), dakar, FETCHED));

    assertThat(o.observedAt()).isEqualTo(Instant.parse("2025-10-18T11:00:00Z"));
    assertThat(o.utcOffsetSeconds()).isZero();
    assertThat(o.precipitationMm()).isZero();
    assertThat(o.windGustMs()).as("no gust in the body").isNull();
    assertThat(o.country()).as("from sys.country when not configured").isEqualTo("SN");
    assertThat(o.lat()).as("from coord when not configured").isEqualTo(14.6937);
    assertThat(o.lon()).isEqualTo(-17.4441);
  }

  @Test
  void aLocationGivenByCoordinatesTakesTheNameFromTheBody() {
    WeatherLocation point = WeatherLocations.parse("48.8534,2.3488");

    WeatherObservation o =
        parsed(OpenWeatherMapParser.parse(bytes("weather/owm/paris_metric.json"), point, FETCHED));

    assertThat(o.location()).isEqualTo("48.8534,2.3488");
    assertThat(o.city()).isEqualTo("Paris");
    assertThat(o.country()).isEqualTo("FR");
  }

  @Test
  void snowWithOnlyAThreeHourAmountCountsItsHourlyMean() {
    WeatherObservation o = parsed(OpenWeatherMapParser.parse(
        bytes("weather/owm/snow_3h_only.json"), WeatherLocations.preset("brief").get(2), FETCHED));

    assertThat(o.precipitationMm()).isEqualTo(0.4);
    assertThat(o.utcOffsetSeconds()).isEqualTo(32400);
    assertThat(o.weatherDescription()).isEqualTo("light snow");
  }

  @Test
  void error401HasAnIntCod() {
    WeatherParse parse =
        OpenWeatherMapParser.parse(bytes("weather/owm/error_401.json"), PARIS, FETCHED);

    assertThat(parse)
        .isEqualTo(new WeatherParse.ApiError(
            "401",
            "Invalid API key. Please see https://openweathermap.org/faq#error401 for more info."));
    assertThat(((WeatherParse.ApiError) parse).status()).isEqualTo(401);
  }

  @Test
  void error404HasAStringCod() {
    WeatherParse city =
        OpenWeatherMapParser.parse(bytes("weather/owm/error_404_city.json"), PARIS, FETCHED);
    WeatherParse noData =
        OpenWeatherMapParser.parse(bytes("weather/owm/error_404_no_data.json"), PARIS, FETCHED);

    assertThat(city).isEqualTo(new WeatherParse.ApiError("404", "city not found"));
    assertThat(noData).isEqualTo(new WeatherParse.ApiError("404", "No data: 404006"));
    assertThat(((WeatherParse.ApiError) city).status()).isEqualTo(404);
  }

  @Test
  void aKelvinBodyParsesButTheValidatorRejectsIt() {
    WeatherObservation o =
        parsed(OpenWeatherMapParser.parse(bytes("weather/owm/paris_kelvin.json"), PARIS, FETCHED));

    assertThat(o.temperatureC()).isEqualTo(291.15);
    assertThat(WeatherValidator.problem(o))
        .hasValueSatisfying(
            reason -> assertThat(reason).contains("temperature_c 291.15 is outside [-90, 60]"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[1,2]",
        "{}",
        "{\"dt\":1760781600}",
        "{\"dt\":\"yesterday\",\"main\":{}}",
        "{\"dt\":1760781600,\"main\":{\"temp\":\"warm\"}}",
        "{\"dt\":1760781600,\"main\":[]}"
      })
  void badBodiesAreMalformedWithAReasonNeverAnException(String body) {
    WeatherParse parse =
        OpenWeatherMapParser.parse(body.getBytes(StandardCharsets.UTF_8), PARIS, FETCHED);

    assertThat(parse).isInstanceOf(WeatherParse.Malformed.class);
    assertThat(((WeatherParse.Malformed) parse).reason()).isNotBlank();
  }

  @Test
  void theReasonSaysWhatIsWrong() {
    WeatherParse parse = OpenWeatherMapParser.parse(
        "{\"dt\":1760781600,\"main\":{\"temp\":\"warm\"}}".getBytes(StandardCharsets.UTF_8),
        PARIS,
        FETCHED);

    assertThat(parse).isEqualTo(new WeatherParse.Malformed("main.temp is not a number: \"warm\""));
  }

  @Test
  void theUrlAlwaysAsksForMetricUnits() {
    OpenWeatherMapApi api =
        new OpenWeatherMapApi(java.net.URI.create("https://api.openweathermap.org/"), "k3y");

    assertThat(api.currentWeather(PARIS).toString())
        .isEqualTo(
            "https://api.openweathermap.org/data/2.5/weather?lat=48.8566&lon=2.3522&units=metric&appid=k3y");
    assertThat(api.currentWeather(WeatherLocations.parse("Thiès,SN")).toString())
        .isEqualTo(
            "https://api.openweathermap.org/data/2.5/weather?q=Thi%C3%A8s%2CSN&units=metric&appid=k3y");
  }
}
