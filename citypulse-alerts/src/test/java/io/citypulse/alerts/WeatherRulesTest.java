package io.citypulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.WeatherFeatures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeatherRulesTest {
  private static final Instant T0 = Instant.parse("2026-07-15T12:00:00Z");
  private static final AlertRules RULES = new AlertSettings(
          Duration.ofMinutes(10),
          Duration.ofMinutes(5),
          3,
          5,
          0,
          40,
          8,
          "temperature>35, wind_speed_ms>=20, pressure<=990")
      .rules();

  private SubjectState state = SubjectState.empty();
  private final List<String> script = new ArrayList<>();

  private static WeatherFeatures weather(
      int minutes, Double temperature, Double humidex, Integer beaufort, Double wind) {
    return new WeatherFeatures(
        "paris",
        "Paris",
        "FR",
        48.85,
        2.35,
        T0.plus(Duration.ofMinutes(minutes)),
        null,
        7200,
        "afternoon",
        "open-meteo",
        temperature,
        null,
        40.0,
        1012.0,
        wind,
        180.0,
        null,
        0.0,
        0.0,
        null,
        null,
        humidex,
        null,
        null,
        null,
        null,
        beaufort,
        null,
        null,
        1);
  }

  private void observe(WeatherFeatures w) {
    SubjectState.Outcome outcome = RULES.weather(state, w);
    state = outcome.state();
    for (Alert a : outcome.alerts()) {
      assertThat(a.subject()).isEqualTo("weather:paris");
      script.add(a.state().id() + " " + a.kind().id() + " " + a.rule() + " at="
          + Duration.between(T0, a.at()).toMinutes());
    }
  }

  @Test
  void humidexAndBeaufortRaiseOnTheFirstObservationAndClearAfterTheRecoveryHeld() {
    observe(weather(0, 30.0, 41.0, 8, 18.0));
    observe(weather(10, 30.0, 39.5, 7, 15.0));
    observe(weather(20, 30.0, 41.0, 6, 10.0)); // a new humidex episode
    assertThat(script)
        .containsExactly(
            "raised weather_humidex heat_index>=40 at=0",
            "raised weather_beaufort beaufort>=8 at=0",
            "cleared weather_beaufort beaufort>=8 at=15",
            "cleared weather_humidex heat_index>=40 at=15",
            "raised weather_humidex heat_index>=40 at=20");
  }

  @Test
  void userThresholdsAreEpisodesOfTheirOwnAndAMissingValueChangesNothing() {
    observe(weather(0, 36.0, null, null, 21.0));
    observe(weather(10, null, null, null, 5.0));
    observe(weather(12, null, null, null, 5.0));
    observe(weather(20, 30.0, null, null, 5.0));
    observe(weather(30, 30.0, null, null, 5.0));
    assertThat(script)
        .containsExactly(
            "raised weather_threshold temperature_c>35 at=0",
            "raised weather_threshold wind_speed_ms>=20 at=0",
            "cleared weather_threshold wind_speed_ms>=20 at=15",
            "cleared weather_threshold temperature_c>35 at=25");
  }
}
