package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import io.citypulse.sources.weather.WeatherSettings;
import io.citypulse.sources.weather.WeatherSourceKind;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link WeatherIngest#settings}: the weather keys checked and turned into source settings. */
class WeatherIngestSettingsTest {

  private static Settings flags(Map<String, String> flags) {
    return Settings.load(null, Map.of(), flags);
  }

  @Test
  void tomorrowIoWithoutAKeyIsAConfigErrorNamingItsVariable() {
    Settings settings = flags(Map.of("weather.source", "tomorrow.io"));

    assertThatThrownBy(
            () -> WeatherIngest.settings(settings, Map.of("OPENWEATHERMAP_API_KEY", "owm")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tomorrow.io needs an API key")
        .hasMessageContaining("TOMORROW_API_KEY")
        .hasMessageContaining("--no-weather");
  }

  @Test
  void openWeatherMapSettingsCarryTheKeyUrlAndIntervalAndNeverShowTheKey() {
    Settings settings = flags(Map.of(
        "weather.source",
        "openweathermap",
        "weather.locations",
        "Paris@48.8566,2.3522;Tokyo",
        "weather.url",
        "http://127.0.0.1:8089/owm",
        "weather.interval",
        "90s"));

    WeatherSettings weather =
        WeatherIngest.settings(settings, Map.of("OPENWEATHERMAP_API_KEY", "env-s3cr3t"));

    assertThat(weather.kind()).isEqualTo(WeatherSourceKind.OPENWEATHERMAP);
    assertThat(weather.apiKey()).isEqualTo("env-s3cr3t");
    assertThat(weather.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8089/owm/"));
    assertThat(weather.interval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(weather.locations()).extracting(l -> l.key()).containsExactly("paris", "tokyo");
    assertThat(weather.toString()).doesNotContain("env-s3cr3t");
  }

  @Test
  void aZeroIntervalAndNoUrlMeanTheSourceDefaults() {
    WeatherSettings weather =
        WeatherIngest.settings(flags(Map.of("weather.source", "open-meteo")), Map.of());

    assertThat(weather.interval()).isEqualTo(WeatherSourceKind.OPEN_METEO.defaultInterval());
    assertThat(weather.baseUrl()).isEqualTo(WeatherSourceKind.OPEN_METEO.defaultBaseUrl());
    assertThat(weather.locations()).hasSize(5); // the brief preset
  }

  @Test
  void aBadLocationIsAConfigErrorNamingIt() {
    Settings settings =
        flags(Map.of("weather.source", "generator", "weather.locations", "Paris;Nowhere@91,0"));

    assertThatThrownBy(() -> WeatherIngest.settings(settings, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Nowhere@91,0")
        .hasMessageContaining("latitude");
  }
}
