package io.citypulse.sources.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.sources.metrics.Counters;
import io.citypulse.testkit.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeatherSettingsTest {
  private final List<WeatherLocation> brief = WeatherLocations.preset("brief");

  @Test
  void openMeteoIsTheDefaultWithoutAnOpenWeatherMapKey() {
    assertThat(WeatherSourceKind.defaultFor(false)).isEqualTo(WeatherSourceKind.OPEN_METEO);
    assertThat(WeatherSourceKind.defaultFor(true)).isEqualTo(WeatherSourceKind.OPENWEATHERMAP);
  }

  @Test
  void kindsAreReadByIdOrName() {
    assertThat(WeatherSourceKind.parse("open-meteo")).isEqualTo(WeatherSourceKind.OPEN_METEO);
    assertThat(WeatherSourceKind.parse("OPEN_METEO")).isEqualTo(WeatherSourceKind.OPEN_METEO);
    assertThat(WeatherSourceKind.parse(" Tomorrow.io ")).isEqualTo(WeatherSourceKind.TOMORROW_IO);
    assertThat(WeatherSourceKind.parse("generator")).isEqualTo(WeatherSourceKind.GENERATOR);
    assertThat(WeatherSourceKind.parse("scraper")).isEqualTo(WeatherSourceKind.SCRAPER);
    assertThat(WeatherSourceKind.TOMORROW_IO.configName()).isEqualTo("tomorrow-io");
    assertThatThrownBy(() -> WeatherSourceKind.parse("accuweather"))
        .hasMessage(
            "unknown weather source 'accuweather' (one of [openweathermap, open-meteo, tomorrow.io, generator, scraper])");
  }

  @Test
  void defaultsFollowEachFreeTier() {
    WeatherSettings owm = WeatherSettings.defaults(WeatherSourceKind.OPENWEATHERMAP, "k", brief);
    WeatherSettings meteo = WeatherSettings.defaults(WeatherSourceKind.OPEN_METEO, null, brief);
    WeatherSettings tomorrow = WeatherSettings.defaults(WeatherSourceKind.TOMORROW_IO, "k", brief);

    assertThat(owm.baseUrl()).hasToString("https://api.openweathermap.org/");
    assertThat(owm.rateLimit()).isEqualTo(WeatherRateLimit.perSecond(1, 1));
    assertThat(meteo.geocodingUrl()).hasToString("https://geocoding-api.open-meteo.com/");
    assertThat(meteo.rateLimit().perSecond() + meteo.rateLimit().burst())
        .as("at most 10 calls in a second")
        .isLessThanOrEqualTo(10);
    WeatherRateLimit limit = tomorrow.rateLimit();
    assertThat(limit.burst()).as("3 calls/s").isLessThanOrEqualTo(3);
    assertThat(limit.burst() + limit.perSecond() * 3_600)
        .as("25 calls/hour")
        .isLessThanOrEqualTo(25);
    assertThat(limit.burst() + limit.perSecond() * 86_400)
        .as("500 calls/day")
        .isLessThanOrEqualTo(500);
    assertThat(limit.describe()).isEqualTo("490/day, burst 3");
    assertThat(tomorrow.interval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(WeatherSourceKind.TOMORROW_IO.budgetWarning(brief.size(), tomorrow.interval()))
        .isEmpty();
  }

  @Test
  void aBudgetAboveTheFreeTierIsWarnedAbout() {
    assertThat(WeatherSourceKind.TOMORROW_IO.budgetWarning(14, Duration.ofMinutes(15)))
        .hasValue(
            "14 locations every PT15M need 56 calls/hour, above tomorrow.io's free 25/hour: each location "
                + "will be observed less often");
    assertThat(WeatherSourceKind.OPEN_METEO.budgetWarning(14, Duration.ofMinutes(1)))
        .get()
        .asString()
        .contains("20160 calls/day, above open-meteo's free 10000/day");
    assertThat(WeatherSourceKind.OPEN_METEO.budgetWarning(14, Duration.ofMinutes(15)))
        .isEmpty();
    assertThat(WeatherSourceKind.GENERATOR.budgetWarning(10_000, Duration.ofSeconds(1)))
        .isEmpty();
  }

  @Test
  void aKeyedSourceWithoutAKeyNamesTheVariable() {
    assertThatThrownBy(() -> WeatherSettings.defaults(WeatherSourceKind.OPENWEATHERMAP, " ", brief))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "openweathermap needs an API key: set OPENWEATHERMAP_API_KEY (or use open-meteo, which needs none)");
    assertThatThrownBy(() -> WeatherSettings.defaults(WeatherSourceKind.TOMORROW_IO, null, brief))
        .hasMessageContaining("set TOMORROW_API_KEY");
  }

  @Test
  void badSettingsAreRejected() {
    WeatherSettings meteo = WeatherSettings.defaults(WeatherSourceKind.OPEN_METEO, null, brief);

    assertThatThrownBy(() -> meteo.withLocations(List.of()))
        .hasMessage("no weather location configured");
    assertThatThrownBy(() -> meteo.withLocations(List.of(brief.get(0), brief.get(0))))
        .hasMessageContaining("keys must be unique");
    assertThatThrownBy(() -> meteo.withInterval(Duration.ZERO))
        .hasMessageContaining("interval must be positive");
    assertThatThrownBy(() -> meteo.withUrls(URI.create("ftp://x/"), meteo.geocodingUrl()))
        .hasMessageContaining("must be http or https");
    assertThatThrownBy(
            () -> meteo.withUrls(URI.create("https://x/?apikey=secret"), meteo.geocodingUrl()))
        .hasMessageContaining("must not have a query")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> meteo.withBackoff(Duration.ofMinutes(5), Duration.ofSeconds(5)))
        .hasMessageContaining("is below initial");
    assertThatThrownBy(() -> WeatherRateLimit.perSecond(0, 1)).hasMessageContaining("positive");
  }

  @Test
  void baseUrlsAreDirectoriesSoPathsAppendToThem() {
    WeatherSettings settings = WeatherSettings.defaults(
            WeatherSourceKind.OPENWEATHERMAP, "k", brief)
        .withUrls(URI.create("http://proxy.local/owm"), null);

    assertThat(settings.baseUrl()).hasToString("http://proxy.local/owm/");
    assertThat(new OpenWeatherMapApi(settings.baseUrl(), "k")
            .currentWeather(brief.get(0))
            .toString())
        .startsWith("http://proxy.local/owm/data/2.5/weather?");
  }

  @Test
  void theGeneratorNeedsNoUrlKeyOrLimit() {
    WeatherSettings settings =
        WeatherSettings.defaults(WeatherSourceKind.GENERATOR, null, brief).withSeed(7);
    MutableClock clock = new MutableClock(Instant.parse("2025-10-18T10:00:00Z"));

    WeatherSource source = WeatherSources.create(settings, clock, duration -> {}, new Counters());

    assertThat(settings.baseUrl()).isNull();
    assertThat(settings.rateLimit()).isNull();
    assertThat(source).isInstanceOf(WeatherGenerator.class);
    assertThat(source.describe()).isEqualTo("generator (seed 7, an observation every PT1M)");
  }
}
