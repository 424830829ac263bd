package io.citypulse.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.alerts.AlertSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertJobSettingsTest {

  private static AlertJobSettings settings(String stations, String weather, String output) {
    return new AlertJobSettings(
        "k:9092",
        stations,
        null,
        weather,
        null,
        output,
        "dead",
        "/cp",
        "earliest",
        Duration.ZERO,
        Duration.ofMinutes(2),
        AlertSettings.defaults());
  }

  @Test
  void readsTheTopicsThatAreSet() {
    assertThat(settings(null, "weather", "alerts").inputTopics()).containsExactly("weather");
    assertThat(AlertJobSettings.defaults("k:9092", "/cp").inputTopics())
        .containsExactly(
            "velib-projet", "velib-projet-final-data", "topic-weather-final", "citypulse-health");
  }

  @Test
  void refusesNoInputAndWritingToAnInput() {
    assertThatThrownBy(() -> settings(null, null, "alerts"))
        .hasMessage("the alerts job needs at least one input topic");
    assertThatThrownBy(() -> settings("stations", null, "stations"))
        .hasMessageContaining("must not write to an input topic");
  }
}
