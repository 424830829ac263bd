package io.citypulse.sources.weather.scrape;

import static io.citypulse.sources.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.citypulse.model.WeatherObservation;
import io.citypulse.sources.weather.WeatherLocation;
import io.citypulse.sources.weather.WeatherLocations;
import io.citypulse.sources.weather.WeatherParse;
import io.citypulse.sources.weather.WeatherValidator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/** Each field of each built-in recipe on our own fixture pages written in the sites' structures. */
class PageExtractorTest {
  private static final WeatherLocation DAKAR = WeatherLocations.preset("brief").get(3);
  private static final WeatherLocation THIES =
      WeatherLocations.preset("senegal").get(1);
  private static final WeatherLocation SAINT_LOUIS =
      WeatherLocations.preset("senegal").get(6);

  private static WeatherParse extract(
      String fixture, ScrapeRecipe recipe, WeatherLocation location, Instant fetchedAt) {
    return PageExtractor.extract(
        Jsoup.parse(text("weather/scrape/" + fixture), "https://example.test/page"),
        recipe,
        location,
        ScraperSource.sourceId(recipe.name()),
        fetchedAt);
  }

  private static WeatherObservation observation(WeatherParse parse) {
    assertThat(parse).isInstanceOf(WeatherParse.Parsed.class);
    return ((WeatherParse.Parsed) parse).observation();
  }

  @Test
  void timeanddateInUsUnitsForDakar() {
    Instant fetchedAt = Instant.parse("2026-03-21T18:58:01Z");

    WeatherObservation o = observation(extract(
        "timeanddate-dakar-us.html", ScrapeRecipes.builtIn("timeanddate"), DAKAR, fetchedAt));

    assertThat(o.location()).isEqualTo("dakar");
    assertThat(o.city()).isEqualTo("Dakar");
    assertThat(o.country()).isEqualTo("SN");
    assertThat(o.lat()).isEqualTo(14.6928);
    assertThat(o.temperatureC()).as("72 °F").isCloseTo(22.2222, within(1e-4));
    assertThat(o.feelsLikeC()).as("71 °F").isCloseTo(21.6667, within(1e-4));
    assertThat(o.humidityPct()).as("scoped: not yesterday's or the forecast's").isEqualTo(83.0);
    assertThat(o.pressureHpa()).as("29.83 \"Hg").isCloseTo(1010.16, within(0.01));
    assertThat(o.windSpeedMs()).as("9 mph").isCloseTo(4.0234, within(1e-4));
    assertThat(o.windDirectionDeg()).isEqualTo(315.0);
    assertThat(o.weatherDescription()).isEqualTo("Sunny.");
    // "Mar 21, 2026 at 6:00 pm" in Dakar (UTC+0 all year)
    assertThat(o.observedAt()).isEqualTo(Instant.parse("2026-03-21T18:00:00Z"));
    assertThat(o.utcOffsetSeconds()).isZero();
    assertThat(o.source()).isEqualTo("scraper:timeanddate");
    assertThat(o.fetchedAt()).isEqualTo(fetchedAt);
    assertThat(o.weatherCode()).isNull();
    assertThat(WeatherValidator.problem(o)).isEmpty();
  }

  @Test
  void timeanddateCalmWindHasNoDirectionAndAMalayMonth() {
    WeatherObservation o = observation(extract(
        "timeanddate-thies-calm.html",
        ScrapeRecipes.builtIn("timeanddate"),
        THIES,
        Instant.parse("2025-12-12T14:30:00Z")));

    assertThat(o.temperatureC()).isEqualTo(31.0);
    assertThat(o.feelsLikeC()).isEqualTo(33.0);
    assertThat(o.windSpeedMs()).as("No wind").isZero();
    assertThat(o.windDirectionDeg()).isNull();
    assertThat(o.pressureHpa()).isEqualTo(1012.0);
    assertThat(o.humidityPct()).isEqualTo(41.0);
    assertThat(o.observedAt())
        .as("12 Dis 2025, 14:00.")
        .isEqualTo(Instant.parse("2025-12-12T14:00:00Z"));
  }

  @Test
  void thePagesOwnClockGivesTheOffsetOfAPlaceOfUnknownZone() {
    String page = text("weather/scrape/timeanddate-thies-calm.html")
        .replace(
            "<tr><th>Latest Report: </th>",
            "<tr><th>Current Time: </th><td id=wtct>12 Dis 2025, 15:31:10.</td></tr>"
                + "<tr><th>Latest Report: </th>");
    WeatherLocation somewhere = new WeatherLocation("somewhere", "Somewhere", null, null, null);

    WeatherObservation o = observation(PageExtractor.extract(
        Jsoup.parse(page),
        ScrapeRecipes.builtIn("timeanddate"),
        somewhere,
        "scraper:timeanddate",
        Instant.parse("2025-12-12T14:31:09Z")));

    assertThat(o.utcOffsetSeconds()).isEqualTo(3600);
    assertThat(o.observedAt())
        .as("14:00 at +01:00")
        .isEqualTo(Instant.parse("2025-12-12T13:00:00Z"));
  }

  @Test
  void withoutClockZoneOrCoordinatesTheTimeCannotBePlaced() {
    WeatherLocation somewhere = new WeatherLocation("somewhere", "Somewhere", null, null, null);

    WeatherParse parse = extract(
        "timeanddate-thies-calm.html",
        ScrapeRecipes.builtIn("timeanddate"),
        somewhere,
        Instant.parse("2025-12-12T14:31:09Z"));

    assertThat(parse)
        .isEqualTo(new WeatherParse.Malformed("no time zone known for location"
            + " 'somewhere': set weather.scraper.recipes.timeanddate.time_zone"));
  }

  @Test
  void aChangedPageNamesTheSelectorThatMatchedNothing() {
    WeatherParse parse = extract(
        "timeanddate-changed.html",
        ScrapeRecipes.builtIn("timeanddate"),
        DAKAR,
        Instant.parse("2025-12-12T15:30:00Z"));

    assertThat(parse)
        .isEqualTo(new WeatherParse.Malformed(
            "selector '#qlook > div.h2' matched nothing (field temperature)"));
  }

  @Test
  void anUnreadableValueNamesTheFieldAndTheText() {
    String page = text("weather/scrape/timeanddate-thies-calm.html")
        .replace("<th>Pressure: </th><td>1012 mbar", "<th>Pressure: </th><td>1012 bananas");

    WeatherParse parse = PageExtractor.extract(
        Jsoup.parse(page),
        ScrapeRecipes.builtIn("timeanddate"),
        THIES,
        "scraper:timeanddate",
        Instant.parse("2025-12-12T14:30:00Z"));

    assertThat(parse).isInstanceOf(WeatherParse.Malformed.class);
    assertThat(((WeatherParse.Malformed) parse).reason())
        .startsWith("cannot read field pressure from '1012 bananas': ")
        .contains("pressure unit");
  }

  @Test
  void aRegexThatNoLongerMatchesNamesItsFieldAndSelector() {
    String page =
        text("weather/scrape/timeanddate-thies-calm.html").replace("Wind: No wind", "Vent : calme");

    WeatherParse parse = PageExtractor.extract(
        Jsoup.parse(page),
        ScrapeRecipes.builtIn("timeanddate"),
        THIES,
        "scraper:timeanddate",
        Instant.parse("2025-12-12T14:30:00Z"));

    assertThat(((WeatherParse.Malformed) parse).reason())
        .contains("(field wind_speed, selector '#qlook > p:nth-of-type(2)')");
  }

  @Test
  void fzjLayoutWithDecimalCommaCompassNameAndFixedMez() {
    ScrapeRecipe recipe = ScrapeRecipes.resolve("fzj-juelich", Map.of("number_format", "comma"));

    WeatherObservation o = observation(extract(
        "fzj-style-saint-louis.html", recipe, SAINT_LOUIS, Instant.parse("2026-01-05T13:00:00Z")));

    assertThat(o.pressureHpa()).as("the current table, not the 24-hour one").isEqualTo(1014.2);
    assertThat(o.temperatureC()).as("U+2212 minus, decimal comma").isEqualTo(-1.5);
    assertThat(o.humidityPct()).isEqualTo(68.0);
    assertThat(o.windSpeedMs()).isEqualTo(4.2);
    assertThat(o.windDirectionDeg()).as("ONO, German for ENE").isEqualTo(67.5);
    // "05.01.2026 13:50 Uhr MEZ": +01:00 whatever the location
    assertThat(o.observedAt()).isEqualTo(Instant.parse("2026-01-05T12:50:00Z"));
    assertThat(o.utcOffsetSeconds()).as("Saint-Louis' own offset").isZero();
    assertThat(o.source()).isEqualTo("scraper:fzj-juelich");
  }

  @Test
  void stadtklimaLayoutWithMissingValuesOnOptionalFields() {
    WeatherObservation o = observation(extract(
        "stadtklima-style.html",
        ScrapeRecipes.builtIn("stadtklima-stuttgart"),
        new WeatherLocation("stuttgart", "Stuttgart", "DE", 48.7758, 9.1829),
        Instant.parse("2026-03-02T08:10:00Z")));

    assertThat(o.temperatureC()).isEqualTo(28.4);
    assertThat(o.feelsLikeC()).as("--").isNull();
    assertThat(o.windSpeedMs()).isEqualTo(2.5);
    assertThat(o.windDirectionDeg()).as("-- (Grad)").isNull();
    assertThat(o.humidityPct()).isEqualTo(55.0);
    assertThat(o.pressureHpa()).as("relative, not absolute").isEqualTo(1009.8);
    assertThat(o.observedAt())
        .as("02.03.2026, 09:00 in CET")
        .isEqualTo(Instant.parse("2026-03-02T08:00:00Z"));
    assertThat(o.utcOffsetSeconds()).isEqualTo(3600);
  }

  @Test
  void aMissingValueInARequiredFieldIsMalformed() {
    String page = text("weather/scrape/stadtklima-style.html").replace(" 28.4  (°C)", "  -- (°C)");

    WeatherParse parse = PageExtractor.extract(
        Jsoup.parse(page),
        ScrapeRecipes.builtIn("stadtklima-stuttgart"),
        new WeatherLocation("stuttgart", "Stuttgart", "DE", 48.7758, 9.1829),
        "scraper:x",
        Instant.parse("2026-03-02T08:10:00Z"));

    assertThat(parse)
        .isEqualTo(
            new WeatherParse.Malformed("field temperature has no value on the page ('-- (°C)')"));
  }

  @Test
  void withoutATimeFieldTheFetchTimeIsTheObservationTime() {
    ScrapeRecipe recipe = ScrapeRecipe.fromMap(
        "no-time",
        Map.of(
            "url",
            "https://example.test/",
            "fields",
            Map.of(
                "temperature", Map.of("selector", "#t", "unit", "°C"),
                "humidity", Map.of("selector", "#h"))));
    Instant fetchedAt = Instant.parse("2026-01-01T00:00:00Z");

    WeatherObservation o = observation(PageExtractor.extract(
        Jsoup.parse("<p id=t>21.5</p><p id=h>60</p>"),
        recipe,
        DAKAR,
        "scraper:no-time",
        fetchedAt));

    assertThat(o.observedAt()).isEqualTo(fetchedAt);
    assertThat(o.temperatureC()).as("fixed unit, bare number").isEqualTo(21.5);
    assertThat(o.humidityPct()).isEqualTo(60.0);
  }

  @Test
  void garbageIsMalformedNeverAnException() {
    for (String page : List.of("", "not html at all \u0000", "<html><body><div id=qlook></div>")) {
      assertThat(PageExtractor.extract(
              Jsoup.parse(page),
              ScrapeRecipes.builtIn("timeanddate"),
              DAKAR,
              "scraper:timeanddate",
              Instant.EPOCH))
          .isInstanceOf(WeatherParse.Malformed.class);
    }
  }
}
