package io.citypulse.sources.weather;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.WeatherObservation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WeatherValidatorTest {
  private static final Instant AT = Instant.parse("2025-10-18T10:00:00Z");

  private static WeatherObservation with(
      Double temperature, Double humidity, Double pressure, Double wind) {
    return new WeatherObservation(
        "paris",
        "Paris",
        "FR",
        48.85,
        2.35,
        AT,
        7200,
        temperature,
        null,
        humidity,
        pressure,
        wind,
        200.0,
        null,
        20.0,
        0.0,
        "800",
        "clear sky",
        "openweathermap",
        AT.plusSeconds(60));
  }

  @Test
  void aPlausibleObservationPasses() {
    assertThat(WeatherValidator.problem(with(14.0, 72.0, 1021.0, 4.1))).isEmpty();
    assertThat(WeatherValidator.isValid(with(-89.0, 0.0, 850.0, 0.0))).isTrue();
    assertThat(WeatherValidator.isValid(with(60.0, 100.0, 1090.0, 80.0))).isTrue();
    assertThat(WeatherValidator.isValid(with(20.0, 50.0, null, null)))
        .as("pressure and wind may be missing")
        .isTrue();
  }

  @Test
  void outOfRangeValuesAreRejectedWithTheReason() {
    assertThat(WeatherValidator.problem(with(14.0, 101.0, 1021.0, 4.1)))
        .hasValue("humidity_pct 101.0 is outside [0, 100]");
    assertThat(WeatherValidator.problem(with(14.0, -1.0, 1021.0, 4.1)))
        .get()
        .asString()
        .contains("humidity_pct");
    assertThat(WeatherValidator.problem(with(61.0, 50.0, 1021.0, 4.1)))
        .hasValue("temperature_c 61.0 is outside [-90, 60]");
    assertThat(WeatherValidator.problem(with(-90.5, 50.0, 1021.0, 4.1)))
        .get()
        .asString()
        .contains("temperature_c");
    assertThat(WeatherValidator.problem(with(14.0, 50.0, 849.0, 4.1)))
        .hasValue("pressure_hpa 849.0 is outside [850, 1090]");
    assertThat(WeatherValidator.problem(with(14.0, 50.0, 101325.0, 4.1)))
        .get()
        .asString()
        .contains("pressure_hpa");
    assertThat(WeatherValidator.problem(with(14.0, 50.0, 1021.0, -0.1)))
        .hasValue("wind_speed_ms must be a number >= 0, got -0.1");
    assertThat(WeatherValidator.problem(with(Double.NaN, 50.0, 1021.0, 1.0)))
        .get()
        .asString()
        .contains("temperature_c");
  }

  @Test
  void missingRequiredFieldsAreRejected() {
    assertThat(WeatherValidator.problem(with(null, 50.0, 1021.0, 1.0)))
        .hasValue("missing temperature");
    assertThat(WeatherValidator.problem(with(14.0, null, 1021.0, 1.0)))
        .hasValue("missing humidity");
    WeatherObservation noTime = new WeatherObservation(
        "paris",
        null,
        null,
        null,
        null,
        null,
        null,
        14.0,
        null,
        50.0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "generator",
        AT);
    assertThat(WeatherValidator.problem(noTime)).hasValue("missing observed_at");
    WeatherObservation noLocation = new WeatherObservation(
        " ",
        null,
        null,
        null,
        null,
        AT,
        null,
        14.0,
        null,
        50.0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "generator",
        AT);
    assertThat(WeatherValidator.problem(noLocation)).hasValue("missing location");
  }

  @Test
  void anObservationTimeFarAfterTheFetchIsABrokenTimestamp() {
    WeatherObservation millisAsSeconds = new WeatherObservation(
        "paris",
        null,
        null,
        null,
        null,
        Instant.ofEpochSecond(1760781600000L / 1000 * 1000),
        null,
        14.0,
        null,
        50.0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "openweathermap",
        AT);

    assertThat(WeatherValidator.problem(millisAsSeconds))
        .get()
        .asString()
        .contains("after the fetch");
  }
}
