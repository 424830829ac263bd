package io.citypulse.jobs.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.Topics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WeatherJobSettingsTest {

  private static WeatherJobSettings with(
      String input,
      String output,
      String dead,
      Duration trigger,
      Duration lateness,
      Duration window) {
    return new WeatherJobSettings(
        "127.0.0.1:9092", input, output, dead, "/tmp/cp", "earliest", trigger, lateness, window);
  }

  @Test
  void defaultsUseTheProjectTopicsAndOneHourWindows() {
    WeatherJobSettings settings = WeatherJobSettings.defaults("127.0.0.1:9092", "/tmp/cp");

    assertThat(settings.inputTopic()).isEqualTo(Topics.WEATHER);
    assertThat(settings.outputTopic()).isEqualTo(Topics.WEATHER_FEATURES);
    assertThat(settings.deadLetterTopic()).isEqualTo(Topics.DEAD_LETTERS);
    assertThat(settings.allowedLateness()).isEqualTo(Duration.ofHours(1));
    assertThat(settings.trendWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(settings.startingOffsets()).isEqualTo("earliest");
    assertThat(settings.triggerInterval()).isZero();
  }

  @Test
  void rejectsSettingsThatCannotWork() {
    Duration hour = Duration.ofHours(1);
    assertThatThrownBy(() -> with(" ", "out", "dead", Duration.ZERO, hour, hour))
        .hasMessageContaining("inputTopic");
    assertThatThrownBy(() -> with("in", "in", "dead", Duration.ZERO, hour, hour))
        .hasMessageContaining("input topic");
    assertThatThrownBy(() -> with("in", "out", "in", Duration.ZERO, hour, hour))
        .hasMessageContaining("input topic");
    assertThatThrownBy(() -> with("in", "out", "dead", Duration.ofSeconds(-1), hour, hour))
        .hasMessageContaining("triggerInterval");
    assertThatThrownBy(() -> with("in", "out", "dead", Duration.ZERO, Duration.ofMinutes(-1), hour))
        .hasMessageContaining("allowedLateness");
    assertThatThrownBy(() -> with("in", "out", "dead", Duration.ZERO, hour, Duration.ZERO))
        .hasMessageContaining("trendWindow");
    assertThat(with("in", "out", "dead", Duration.ZERO, Duration.ZERO, hour).allowedLateness())
        .as("no lateness at all is allowed")
        .isZero();
  }
}
