package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import io.citypulse.sources.weather.WeatherSettings;
import io.citypulse.sources.weather.WeatherSourceKind;
import java.net.URI;
import java.time.Duration;
import java.util.List;
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
        only(WeatherIngest.settings(settings, Map.of("OPENWEATHERMAP_API_KEY", "env-s3cr3t")));

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
        only(WeatherIngest.settings(flags(Map.of("weather.source", "open-meteo")), Map.of()));

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

  @Test
  void severalSourcesEachTakeTheirOwnLocationsIntervalUrlRateLimitAndKey() {
    Settings settings = flags(Map.of(
        "weather.sources", "tomorrow.io, generator,open-meteo",
        "weather.locations", "senegal",
        "weather.tomorrow-io.locations", "Dakar;Thiès@14.79,-16.93",
        "weather.tomorrow-io.url", "http://127.0.0.1:8090/tio",
        "weather.tomorrow-io.rate-limit", "25/h burst 3",
        "weather.generator.interval", "1m",
        "weather.interval", "20m"));

    List<WeatherSettings> sources = WeatherIngest.settings(
        settings, Map.of("TOMORROW_API_KEY", "tio-s3cr3t", "OPENWEATHERMAP_API_KEY", "owm"));

    assertThat(sources)
        .extracting(WeatherSettings::kind)
        .containsExactly(
            WeatherSourceKind.TOMORROW_IO,
            WeatherSourceKind.GENERATOR,
            WeatherSourceKind.OPEN_METEO);
    WeatherSettings tomorrow = sources.get(0);
    assertThat(tomorrow.apiKey()).isEqualTo("tio-s3cr3t");
    assertThat(tomorrow.locations()).extracting(l -> l.key()).containsExactly("dakar", "thies");
    assertThat(tomorrow.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8090/tio/"));
    assertThat(tomorrow.rateLimit().perSecond()).isEqualTo(25 / 3600.0);
    assertThat(tomorrow.rateLimit().burst()).isEqualTo(3);
    assertThat(tomorrow.interval()).isEqualTo(Duration.ofMinutes(20));
    assertThat(sources.get(1).interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(sources.get(1).locations()).hasSize(14);
    assertThat(sources.get(2).baseUrl()).isEqualTo(WeatherSourceKind.OPEN_METEO.defaultBaseUrl());
    assertThat(sources.get(2).rateLimit())
        .isEqualTo(WeatherSourceKind.OPEN_METEO.defaultRateLimit());
  }

  @Test
  void noneMeansNoPollerAndARepeatedOrUnknownSourceIsAConfigError() {
    assertThat(WeatherIngest.settings(flags(Map.of("weather.sources", "none")), Map.of()))
        .isEmpty();
    assertThatThrownBy(() -> flags(Map.of("weather.sources", "generator,generator")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("weather.sources");
    assertThatThrownBy(() -> flags(Map.of("weather.sources", "generator,accuweather")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("weather.sources");
    assertThatThrownBy(() -> flags(Map.of("weather.tomorrow-io.rate-limit", "fast")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("490/day burst 3");
  }

  @Test
  void oneWeatherUrlForSeveralSourcesIsAConfigError() {
    Settings settings = flags(
        Map.of("weather.sources", "open-meteo,generator", "weather.url", "http://127.0.0.1:1/"));

    assertThatThrownBy(() -> WeatherIngest.settings(settings, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("weather.url")
        .hasMessageContaining("weather.<source>.url");
  }

  private static WeatherSettings only(List<WeatherSettings> sources) {
    assertThat(sources).hasSize(1);
    return sources.get(0);
  }

  @Test
  void theScraperTakesABuiltInRecipeItsSiteAndItsPerHostLimit() {
    Settings settings = flags(Map.of(
        "weather.sources", "scraper,generator",
        "weather.scraper.recipe", "fzj-juelich",
        "weather.scraper.locations", "Jülich@50.9,6.41",
        "weather.scraper.url", "http://127.0.0.1:8091/",
        "weather.scraper.rate-limit", "1/min",
        "weather.scraper.user-agent", "my-lab-bot/1.0 (+mailto:me@example.org)"));

    WeatherSettings scraper = WeatherIngest.settings(settings, Map.of()).get(0);

    assertThat(scraper.kind()).isEqualTo(WeatherSourceKind.SCRAPER);
    assertThat(scraper.scraper().recipe().name()).isEqualTo("fzj-juelich");
    assertThat(scraper.scraper().politeness().userAgent())
        .isEqualTo("my-lab-bot/1.0 (+mailto:me@example.org)");
    assertThat(scraper.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8091/"));
    assertThat(scraper.rateLimit().perSecond()).isEqualTo(1 / 60.0);
    assertThat(scraper.interval()).isEqualTo(WeatherSourceKind.SCRAPER.defaultInterval());
  }

  @Test
  void aScraperWithoutARecipeOrWithADisabledOneIsAConfigErrorBeforeAnythingStarts() {
    assertThatThrownBy(
            () -> WeatherIngest.settings(flags(Map.of("weather.source", "scraper")), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("weather.scraper.recipe")
        .hasMessageContaining("fzj-juelich");
    assertThatThrownBy(() -> WeatherIngest.settings(
            flags(Map.of("weather.source", "scraper", "weather.scraper.recipe", "timeanddate")),
            Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("permission")
        .hasMessageContaining("weather.scraper.recipes.timeanddate.enabled = true");
    // Enabled knowingly, by a key over the built-in recipe.
    WeatherSettings enabled = WeatherIngest.settings(
            flags(Map.of(
                "weather.source", "scraper",
                "weather.scraper.recipe", "timeanddate",
                "weather.scraper.recipes.timeanddate.enabled", "true",
                "weather.locations", "senegal")),
            Map.of())
        .get(0);
    assertThat(enabled.scraper().recipe().enabled()).isTrue();
    assertThat(enabled.locations()).hasSize(14);
  }
}
