package io.citypulse.sources.weather.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.citypulse.model.WeatherObservation;
import io.citypulse.sources.weather.WeatherLocation;
import io.citypulse.sources.weather.WeatherParse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built-in recipes on the real saved pages of {@code scraping/} under the directory the system
 * property {@value #PROPERTY} names (the build sets it from {@code -Dshared.formats=DIR}; CI
 * passes the copy kept beside the project). The pages are third-party: read where they are,
 * never copied into the project. The expected values are the ones SOURCES.md lists. Skipped,
 * saying how to run it, without the property.
 */
class RealPagesSampleTest {
  static final String PROPERTY = "citypulse.shared.formats";
  static final String HOW_TO_RUN = "no shared format samples given: run with"
      + " -Dshared.formats=/work/shared/formats (the directory holding scraping/)";

  private Path scraping;

  @BeforeEach
  void samples() {
    String value = System.getProperty(PROPERTY, "").strip();
    if (value.isEmpty()) {
      System.out.println("skipped: " + HOW_TO_RUN);
    }
    Assumptions.assumeFalse(value.isEmpty(), HOW_TO_RUN);
    scraping = Path.of(value, "scraping");
    assertThat(scraping).as(PROPERTY + "/scraping").isDirectory();
  }

  private Document page(String file, String url) throws IOException {
    return Jsoup.parse(scraping.resolve(file).toFile(), null, url);
  }

  private static WeatherObservation read(
      Document page, ScrapeRecipe recipe, WeatherLocation location, Instant fetchedAt) {
    WeatherParse parse = PageExtractor.extract(
        page, recipe, location, ScraperSource.sourceId(recipe.name()), fetchedAt);
    assertThat(parse).isInstanceOf(WeatherParse.Parsed.class);
    return ((WeatherParse.Parsed) parse).observation();
  }

  // Malaysia is not among the zones TimeZones knows: the page's own clock (#wtct) gives +08:00.
  private static ScrapeRecipe timeanddateKualaLumpur() {
    return ScrapeRecipes.builtIn("timeanddate");
  }

  private static final WeatherLocation KUALA_LUMPUR =
      new WeatherLocation("kuala-lumpur", "Kuala Lumpur", "MY", 3.139, 101.687);

  @Test
  void timeanddateWithWindDirectionAndEnglishMonth() throws IOException {
    Document page = page(
        "timeanddate-kuala-lumpur-20251124.html",
        "https://www.timeanddate.com/weather/malaysia/kuala-lumpur");

    WeatherObservation o =
        read(page, timeanddateKualaLumpur(), KUALA_LUMPUR, Instant.parse("2025-11-24T09:53:12Z"));

    assertThat(o.temperatureC()).isEqualTo(27.0);
    assertThat(o.feelsLikeC()).isEqualTo(31.0);
    assertThat(o.humidityPct()).isEqualTo(89.0);
    assertThat(o.pressureHpa()).isEqualTo(1006.0);
    assertThat(o.windSpeedMs()).isCloseTo(9 / 3.6, within(1e-3));
    assertThat(o.windDirectionDeg()).isEqualTo(260.0);
    assertThat(o.weatherDescription()).isEqualTo("Light rain. Passing clouds.");
    // "24 Nov 2025, 17:00." in MYT (UTC+8)
    assertThat(o.observedAt()).isEqualTo(Instant.parse("2025-11-24T09:00:00Z"));
    assertThat(o.utcOffsetSeconds()).isEqualTo(8 * 3600);
    assertThat(o.source()).isEqualTo("scraper:timeanddate");
  }

  @Test
  void timeanddateCalmWithMalayMonth() throws IOException {
    Document page = page(
        "timeanddate-kuala-lumpur.html",
        "https://www.timeanddate.com/weather/malaysia/kuala-lumpur");

    WeatherObservation o =
        read(page, timeanddateKualaLumpur(), KUALA_LUMPUR, Instant.parse("2025-12-14T16:25:56Z"));

    assertThat(o.temperatureC()).isEqualTo(25.0);
    assertThat(o.feelsLikeC()).isEqualTo(26.0);
    assertThat(o.humidityPct()).isEqualTo(94.0);
    assertThat(o.pressureHpa()).isEqualTo(1011.0);
    assertThat(o.windSpeedMs()).isZero();
    assertThat(o.windDirectionDeg()).as("no span.comp when calm").isNull();
    assertThat(o.weatherDescription()).isEqualTo("Passing clouds.");
    // "15 Dis 2025, 0:00." (Dis = Disember) in MYT
    assertThat(o.observedAt()).isEqualTo(Instant.parse("2025-12-14T16:00:00Z"));
    assertThat(o.utcOffsetSeconds()).isEqualTo(8 * 3600);
  }

  @Test
  void fzjWeatherTowerInMezAllYear() throws IOException {
    Document page = page(
        "fzj-juelich.html",
        "https://www.fz-juelich.de/de/gs/ueber-uns/meteo/aktuelle-wetterdaten/wetterdaten");
    WeatherLocation juelich = new WeatherLocation("julich", "Jülich", "DE", 50.9089, 6.4128);

    WeatherObservation o = read(
        page, ScrapeRecipes.builtIn("fzj-juelich"), juelich, Instant.parse("2025-07-11T21:37:00Z"));

    assertThat(o.temperatureC()).isEqualTo(16.1);
    assertThat(o.pressureHpa()).isEqualTo(1006.4);
    assertThat(o.humidityPct()).isEqualTo(97.0);
    assertThat(o.windSpeedMs()).isEqualTo(0.1);
    assertThat(o.windDirectionDeg()).isEqualTo(345.0);
    // "11.07.2025 22:20 Uhr MEZ": UTC+1 even in July, so 21:20 UTC (23:20 local summer time).
    assertThat(o.observedAt()).isEqualTo(Instant.parse("2025-07-11T21:20:00Z"));
    assertThat(o.utcOffsetSeconds()).as("Jülich's own offset in July").isEqualTo(2 * 3600);
    assertThat(o.feelsLikeC()).isNull();
    assertThat(o.weatherDescription()).isNull();
  }

  @Test
  void stadtklimaStuttgartUnitsInParentheses() throws IOException {
    Document page = page(
        "stadtklima-stuttgart.html",
        "http://www.stadtklima-stuttgart.de/index.php?luft_messdaten_station_smz");
    WeatherLocation stuttgart =
        new WeatherLocation("stuttgart", "Stuttgart", "DE", 48.7758, 9.1829);

    WeatherObservation o = read(
        page,
        ScrapeRecipes.builtIn("stadtklima-stuttgart"),
        stuttgart,
        Instant.parse("2018-09-20T18:40:00Z"));

    assertThat(o.temperatureC()).isEqualTo(25.9);
    assertThat(o.feelsLikeC()).isEqualTo(23.7);
    assertThat(o.humidityPct()).isEqualTo(41.5);
    assertThat(o.pressureHpa()).isEqualTo(1016.3);
    assertThat(o.windSpeedMs()).as("the m/s value, not the km/h one after it").isEqualTo(0.3);
    assertThat(o.windDirectionDeg()).isEqualTo(297.2);
    // "(Stand: 20.09.2018, 20:30 Uhr)", read as German local time (CEST, UTC+2)
    assertThat(o.observedAt()).isEqualTo(Instant.parse("2018-09-20T18:30:00Z"));
  }

  @Test
  void wunderground2017DataAttributes() throws IOException {
    Document page = page(
        "wunderground-west-campbell.html",
        "https://www.wunderground.com/personal-weather-station/dashboard?ID=KCASANJO644");
    WeatherLocation campbell =
        new WeatherLocation("kcasanjo644", "West Campbell", "US", 37.28, -121.98);
    Instant fetchedAt = Instant.parse("2017-01-19T00:59:47Z");

    WeatherObservation o = read(
        page,
        ScrapeRecipes.builtIn("wunderground-pws-2017").withTimeZone("America/Los_Angeles"),
        campbell,
        fetchedAt);

    assertThat(o.temperatureC()).isCloseTo((50.3 - 32) * 5 / 9, within(1e-3));
    assertThat(o.feelsLikeC()).isCloseTo((50.3 - 32) * 5 / 9, within(1e-3));
    assertThat(o.humidityPct()).isEqualTo(91.0);
    assertThat(o.pressureHpa()).isCloseTo(29.77 * 33.8639, within(0.01));
    assertThat(o.windSpeedMs()).isCloseTo(5.0 * 0.44704, within(1e-3));
    assertThat(o.windGustMs()).isCloseTo(8.0 * 0.44704, within(1e-3));
    assertThat(o.windDirectionDeg()).isEqualTo(139.0);
    // "9 minutes ago"
    assertThat(o.observedAt()).isEqualTo(fetchedAt.minusSeconds(9 * 60));
  }
}
