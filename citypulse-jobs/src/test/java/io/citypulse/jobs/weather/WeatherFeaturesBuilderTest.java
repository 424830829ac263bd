package io.citypulse.jobs.weather;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.Json;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.model.WeatherObservation;
import org.junit.jupiter.api.Test;

class WeatherFeaturesBuilderTest {

  @Test
  void buildsTheParisRecord() {
    WeatherObservation o = Observations.paris(0, 24.38, 1012.0);

    WeatherFeatures f =
        WeatherFeaturesBuilder.build(o, new WeatherTrend(0.4800000000000004, -1.5, 3));

    // Recomputed here by hand: e = 6.11 × 10^(7.5 × 24.38 / 262.08) × 0.54 = 16.4501 hPa.
    assertThat(f)
        .isEqualTo(new WeatherFeatures(
            "paris",
            "Paris",
            "FR",
            48.8534,
            2.3488,
            Observations.T0,
            "2025-07-15T14:00:00",
            7200,
            "afternoon",
            "openweathermap",
            24.38,
            24.88,
            54.0,
            1012.0,
            3.6,
            240.0,
            null,
            20.0,
            0.0,
            "801",
            "few clouds",
            27.96,
            13.5,
            14.47,
            "little or no discomfort",
            null,
            3,
            0.48,
            -1.5,
            3));
  }

  @Test
  void localTimeAndTimeOfDayFollowTheLocation() {
    WeatherFeatures tokyo =
        WeatherFeaturesBuilder.build(Observations.tokyo(0, 27.0, 1005.0), WeatherTrend.NONE);
    WeatherFeatures newYork =
        WeatherFeaturesBuilder.build(Observations.newYork(0, 21.0, 1016.0), WeatherTrend.NONE);
    assertThat(tokyo.localTime()).isEqualTo("2025-07-15T21:00:00");
    assertThat(tokyo.timeOfDay()).isEqualTo("evening");
    assertThat(newYork.localTime()).isEqualTo("2025-07-15T08:00:00");
    assertThat(newYork.timeOfDay()).isEqualTo("morning");
  }

  @Test
  void missingInputsGiveNullsNotErrors() {
    WeatherObservation bare = new WeatherObservation(
        "dakar",
        null,
        null,
        null,
        null,
        Observations.T0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);

    WeatherFeatures f = WeatherFeaturesBuilder.build(bare, WeatherTrend.NONE);

    assertThat(f.localTime()).isNull();
    assertThat(f.timeOfDay()).isNull();
    assertThat(f.heatIndex()).isNull();
    assertThat(f.severityIndex()).isNull();
    assertThat(f.dewPointC()).isNull();
    assertThat(f.humidexCategory()).isNull();
    assertThat(f.windChillC()).isNull();
    assertThat(f.beaufort()).isNull();
    assertThat(f.temperatureChange1h()).isNull();
    assertThat(f.observations1h()).isEqualTo(1);
    assertThat(Json.writeString(f)).contains("\"heat_index\":null").doesNotContain("NaN");
  }

  @Test
  void coldWindyAirHasAWindChill() {
    WeatherObservation cold =
        Observations.of("oslo", "Oslo", "NO", 59.9, 10.7, 3600, 0, -10.0, 80.0, 1020.0, 30 / 3.6);
    WeatherFeatures f = WeatherFeaturesBuilder.build(cold, WeatherTrend.NONE);
    assertThat(f.windChillC()).isEqualTo(-19.52);
    assertThat(f.beaufort()).isEqualTo(5);
  }
}
