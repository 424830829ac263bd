package io.citypulse.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.app.cli.CitypulseCommand;
import io.citypulse.app.cli.ExitCodes;
import io.citypulse.sources.weather.WeatherSourceKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeatherConfigTest {
  private static final String OWM_ENV = "OPENWEATHERMAP_API_KEY";
  private static final String TOMORROW_ENV = "TOMORROW_API_KEY";

  @TempDir
  Path dir;

  private static Settings flags(Map<String, String> flags) {
    return Settings.load(null, Map.of(), flags);
  }

  @Test
  void autoIsOpenMeteoWithoutAnyKey() {
    Settings settings = Settings.defaults();

    assertThat(settings.get(CitypulseConfig.WEATHER_SOURCE)).isEqualTo(WeatherConfig.AUTO);
    WeatherSourceKind kind = WeatherConfig.kind(settings, Map.of());
    assertThat(kind).isEqualTo(WeatherSourceKind.OPEN_METEO);
    assertThat(WeatherConfig.apiKey(settings, kind, Map.of())).isNull();
    // A Tomorrow.io key is no reason to leave Open-Meteo: auto only looks for OpenWeatherMap's.
    assertThat(WeatherConfig.kind(settings, Map.of(TOMORROW_ENV, "tmw-key")))
        .isEqualTo(WeatherSourceKind.OPEN_METEO);
    assertThat(WeatherConfig.kind(settings, Map.of(OWM_ENV, "   ")))
        .as("a blank variable is no key")
        .isEqualTo(WeatherSourceKind.OPEN_METEO);
  }

  @Test
  void autoIsOpenWeatherMapWhenItsKeyIsInTheEnvironment() {
    Settings settings = Settings.defaults();
    Map<String, String> env = Map.of(OWM_ENV, "  owm-env-key \n");

    WeatherSourceKind kind = WeatherConfig.kind(settings, env);

    assertThat(kind).isEqualTo(WeatherSourceKind.OPENWEATHERMAP);
    assertThat(WeatherConfig.apiKey(settings, kind, env)).isEqualTo("owm-env-key");
  }

  @Test
  void autoIsOpenWeatherMapWhenTheKeyIsConfigured() {
    Settings settings = flags(Map.of("weather.api-key", "owm-config-key"));

    WeatherSourceKind kind = WeatherConfig.kind(settings, Map.of());

    assertThat(kind).isEqualTo(WeatherSourceKind.OPENWEATHERMAP);
    assertThat(WeatherConfig.apiKey(settings, kind, Map.of())).isEqualTo("owm-config-key");
  }

  @Test
  void theConfiguredKeyWinsOverTheEnvironment() {
    Settings settings = flags(Map.of("weather.api-key", " from-config "));
    Map<String, String> env = Map.of(OWM_ENV, "from-env", TOMORROW_ENV, "tmw-env");

    assertThat(WeatherConfig.apiKey(settings, WeatherSourceKind.OPENWEATHERMAP, env))
        .isEqualTo("from-config");
    assertThat(WeatherConfig.apiKey(settings, WeatherSourceKind.TOMORROW_IO, env))
        .isEqualTo("from-config");
  }

  @Test
  void eachSourceReadsItsOwnEnvironmentVariable() {
    Settings tomorrow = flags(Map.of("weather.source", "tomorrow.io"));
    Map<String, String> env = Map.of(OWM_ENV, "owm-env", TOMORROW_ENV, "tmw-env");

    assertThat(WeatherConfig.kind(tomorrow, env)).isEqualTo(WeatherSourceKind.TOMORROW_IO);
    assertThat(WeatherConfig.apiKey(tomorrow, WeatherSourceKind.TOMORROW_IO, env))
        .isEqualTo("tmw-env");
    assertThat(WeatherConfig.apiKey(
            tomorrow, WeatherSourceKind.TOMORROW_IO, Map.of(OWM_ENV, "owm-env")))
        .as("OpenWeatherMap's key is not Tomorrow.io's")
        .isNull();
    assertThat(WeatherConfig.apiKey(tomorrow, WeatherSourceKind.OPEN_METEO, env))
        .as("Open-Meteo has no key variable")
        .isNull();
  }

  @Test
  void anExplicitSourceIsKeptWhateverKeysArePresent() {
    Map<String, String> env = Map.of(OWM_ENV, "owm-env");

    assertThat(WeatherConfig.kind(flags(Map.of("weather.source", "open-meteo")), env))
        .isEqualTo(WeatherSourceKind.OPEN_METEO);
    assertThat(WeatherConfig.kind(flags(Map.of("weather.source", "generator")), env))
        .isEqualTo(WeatherSourceKind.GENERATOR);
    assertThat(WeatherConfig.kind(flags(Map.of("weather.source", "OPENWEATHERMAP")), Map.of()))
        .isEqualTo(WeatherSourceKind.OPENWEATHERMAP);
  }

  @Test
  void anUnknownSourceIsAConfigErrorListingTheChoices() {
    assertThatThrownBy(() -> flags(Map.of("weather.source", "metoffice")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'weather.source'")
        .hasMessageContaining("metoffice")
        .hasMessageContaining(
            "auto, openweathermap, open-meteo, tomorrow.io, generator or scraper");
  }

  @Test
  void theEffectiveConfigurationMasksTheKey() {
    String rendered = flags(Map.of("weather.api-key", "s3cr3t-owm-key")).render();

    assertThat(rendered)
        .doesNotContain("s3cr3t-owm-key")
        .contains("weather.api-key = \"****\"   # command-line flag");
    assertThat(Settings.defaults().render())
        .as("an unset key is shown empty, not masked")
        .contains("weather.api-key = \"\"   # default");
  }

  @Test
  void configEffectiveOnTheCommandLineMasksAKeyFromTheFile() throws Exception {
    Path file = dir.resolve("citypulse.conf");
    Files.writeString(file, """
        weather { source = openweathermap, api-key = "file-s3cr3t-key" }
        """);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit = CitypulseCommand.execute(
        new String[] {"config", "--effective", "--config", file.toString()},
        new PrintWriter(out),
        new PrintWriter(err));

    assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString() + err).doesNotContain("file-s3cr3t-key");
    assertThat(out.toString())
        .contains("weather.source = \"openweathermap\"")
        .containsPattern("weather\\.api-key = \"\\*\\*\\*\\*\"   # (file|environment variable)");
  }
}
