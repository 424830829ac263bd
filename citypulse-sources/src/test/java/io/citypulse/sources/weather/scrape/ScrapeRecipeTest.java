package io.citypulse.sources.weather.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.Json;
import io.citypulse.model.time.Sleeper;
import io.citypulse.sources.http.FeedResponse;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.weather.WeatherLocation;
import io.citypulse.sources.weather.WeatherLocations;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading recipes: built-ins, the CLI's maps, merges, URL templates and errors naming keys. */
class ScrapeRecipeTest {

  private static Map<String, Object> minimal() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("temperature", Map.of("selector", "#t"));
    fields.put("humidity", Map.of("selector", "#h"));
    Map<String, Object> recipe = new LinkedHashMap<>();
    recipe.put("url", "https://example.test/{city-slug}");
    recipe.put("fields", fields);
    return recipe;
  }

  private static Map<String, Object> with(String key, Object value) {
    Map<String, Object> recipe = minimal();
    recipe.put(key, value);
    return recipe;
  }

  private static Map<String, Object> withField(String field, Map<String, Object> spec) {
    Map<String, Object> recipe = minimal();
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) recipe.get("fields"));
    fields.put(field, spec);
    recipe.put("fields", fields);
    return recipe;
  }

  @Test
  void builtInRecipesLoadAndTimeanddateIsDisabledWithItsTerms() {
    assertThat(ScrapeRecipes.builtIn().keySet())
        .containsExactly(
            "timeanddate", "fzj-juelich", "stadtklima-stuttgart", "wunderground-pws-2017");
    ScrapeRecipe timeanddate = ScrapeRecipes.builtIn("timeanddate");
    assertThat(timeanddate.enabled()).isFalse();
    assertThat(timeanddate.terms()).contains("not allowed without permission");
    assertThat(ScrapeRecipes.builtIn("fzj-juelich").enabled()).isTrue();
    assertThat(ScrapeRecipes.builtIn("fzj-juelich").timeZone()).isEqualTo("+01:00");
  }

  @Test
  void aDisabledRecipeIsRefusedWithTheTermsAndHowToEnableIt() {
    assertThatThrownBy(() -> ScraperSource.create(
            ScrapeRecipes.builtIn("timeanddate"),
            ScraperPoliteness.defaults(),
            (uri, etag) -> new FeedResponse.IoError("no network in this test"),
            Clock.systemUTC(),
            Sleeper.SYSTEM,
            System::nanoTime,
            new Counters()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weather scraper recipe 'timeanddate' is disabled: timeanddate.com pages say"
            + " \"scripts and programs that download content transparent to the user are not"
            + " allowed without permission\". Ask the site for permission to download its pages"
            + " automatically; with it, set weather.scraper.recipes.timeanddate.enabled = true"
            + " knowingly.");
  }

  @Test
  void theUsersKeysMergeOverTheBuiltInRecipe() {
    ScrapeRecipe enabled = ScrapeRecipes.resolve("timeanddate", Map.of("enabled", "true"));

    assertThat(enabled.enabled()).isTrue();
    assertThat(enabled.fields()).isEqualTo(ScrapeRecipes.builtIn("timeanddate").fields());
    ScrapeRecipe moved = ScrapeRecipes.resolve(
        "fzj-juelich", Map.of("fields", Map.of("temperature", Map.of("selector", "#temp"))));
    assertThat(moved.fields().get(ScrapeRecipe.Field.TEMPERATURE).selector()).isEqualTo("#temp");
    assertThat(moved.fields()).hasSize(6);
    assertThat(ScrapeRecipes.resolve("mine", minimal()).url())
        .isEqualTo("https://example.test/{city-slug}");
  }

  @Test
  void fromJsonAndFromMapAgree() throws IOException {
    String json = "{\"url\":\"https://example.test/{key}\",\"number_format\":\"comma\","
        + "\"time_zone\":\"Africa/Dakar\",\"time_patterns\":[\"d.M.yyyy H:mm\"],\"locale\":\"fr\","
        + "\"fields\":{\"temperature\":{\"selector\":\"#t\",\"regex\":\"(\\\\S+)\",\"unit\":\"°C\"},"
        + "\"humidity\":{\"selector\":\"#h\",\"optional\":false},"
        + "\"wind_direction\":{\"selector\":\"#d\",\"attribute\":\"title\",\"optional\":true}}}";

    ScrapeRecipe fromJson = ScrapeRecipe.fromJson("x", Json.MAPPER.readTree(json));
    @SuppressWarnings("unchecked")
    ScrapeRecipe fromMap = ScrapeRecipe.fromMap("x", Json.MAPPER.readValue(json, Map.class));

    assertThat(fromMap.fields()).isEqualTo(fromJson.fields());
    assertThat(fromJson.numberFormat()).isEqualTo(ValueReader.NumberFormat.COMMA);
    assertThat(fromJson.locale().getLanguage()).isEqualTo("fr");
    assertThat(fromJson.fields().get(ScrapeRecipe.Field.WIND_DIRECTION))
        .isEqualTo(new ScrapeRecipe.FieldSpec("#d", "title", null, null, true));
  }

  @Test
  void errorsNameTheKey() {
    Map<String, Object> noSelector = withField("temperature", Map.of("unit", "°C"));
    assertThatThrownBy(() -> ScrapeRecipe.fromMap("fzj", noSelector))
        .hasMessage("weather.scraper.recipes.fzj.fields.temperature.selector is missing");

    Map<String, Object> noHumidity = minimal();
    noHumidity.put("fields", Map.of("temperature", Map.of("selector", "#t")));
    assertThatThrownBy(() -> ScrapeRecipe.fromMap("fzj", noHumidity))
        .hasMessageStartingWith("weather.scraper.recipes.fzj.fields.humidity is missing");

    Map<String, Object> noUrl = minimal();
    noUrl.remove("url");
    assertThatThrownBy(() -> ScrapeRecipe.fromMap("fzj", noUrl))
        .hasMessage("weather.scraper.recipes.fzj.url is missing");

    assertThatThrownBy(() -> ScrapeRecipe.fromMap("fzj", with("enabeld", true)))
        .hasMessageStartingWith("weather.scraper.recipes.fzj.enabeld is not a known key");
    assertThatThrownBy(
            () -> ScrapeRecipe.fromMap("fzj", withField("temperture", Map.of("selector", "#t"))))
        .hasMessageStartingWith(
            "weather.scraper.recipes.fzj.fields.temperture is not a known field");
    assertThatThrownBy(() ->
            ScrapeRecipe.fromMap("fzj", withField("temperature", Map.of("selector", "td[align="))))
        .hasMessageStartingWith(
            "weather.scraper.recipes.fzj.fields.temperature.selector 'td[align=' is not a CSS selector");
    assertThatThrownBy(() -> ScrapeRecipe.fromMap(
            "fzj", withField("temperature", Map.of("selector", "#t", "regex", "\\d+"))))
        .hasMessage(
            "weather.scraper.recipes.fzj.fields.temperature.regex '\\d+' needs a group: group 1 is the value");
    assertThatThrownBy(() -> ScrapeRecipe.fromMap(
            "fzj", withField("temperature", Map.of("selector", "#t", "regex", "(\\d+"))))
        .hasMessageStartingWith(
            "weather.scraper.recipes.fzj.fields.temperature.regex is not a regular expression");
    assertThatThrownBy(() -> ScrapeRecipe.fromMap("fzj", with("time_zone", "MEZ")))
        .hasMessageStartingWith(
            "weather.scraper.recipes.fzj.time_zone must be 'location', a zone id");
    assertThatThrownBy(
            () -> ScrapeRecipe.fromMap("fzj", with("time_patterns", List.of("dd.MM.yyyy {"))))
        .hasMessageStartingWith("weather.scraper.recipes.fzj.time_patterns holds a bad pattern");
    assertThatThrownBy(() -> ScrapeRecipe.fromMap("fzj", with("number_format", "dot")))
        .hasMessage("weather.scraper.recipes.fzj.number_format must be point or comma, got 'dot'");
    assertThatThrownBy(() -> ScrapeRecipe.fromMap("fzj", with("enabled", "yes")))
        .hasMessage("weather.scraper.recipes.fzj.enabled must be true or false, got 'yes'");
    assertThatThrownBy(() -> ScrapeRecipes.resolve("nowhere", null))
        .hasMessageContaining("timeanddate, fzj-juelich, stadtklima-stuttgart");
  }

  @Test
  void urlTemplatesTakeTheLocationsParts() {
    WeatherLocation thies = WeatherLocations.preset("senegal").get(1);
    ScrapeRecipe timeanddate = ScrapeRecipes.builtIn("timeanddate");
    assertThat(UrlTemplate.expand(timeanddate, thies))
        .hasToString("https://www.timeanddate.com/weather/senegal/thies");
    assertThat(
            UrlTemplate.expand(timeanddate, WeatherLocations.preset("senegal").get(6)))
        .hasToString("https://www.timeanddate.com/weather/senegal/saint-louis");

    ScrapeRecipe all = ScrapeRecipe.fromMap(
        "all",
        with(
            "url",
            "https://example.test/{country}/{country-lower}/{country-name}/{name}/{key}?lat={lat}&lon={lon}"));
    assertThat(UrlTemplate.expand(all, thies))
        .hasToString("https://example.test/SN/sn/Senegal/Thi%C3%A8s/thies?lat=14.7886&lon=-16.926");

    ScrapeRecipe perLocation = ScrapeRecipe.fromMap(
        "own", with("urls", Map.of("thies", "https://example.test/station/42")));
    assertThat(UrlTemplate.expand(perLocation, thies))
        .hasToString("https://example.test/station/42");
  }

  @Test
  void aTemplateTheLocationCannotFillSaysWhatIsMissing() {
    WeatherLocation coordinatesOnly = WeatherLocations.parse("14.69,-17.44");
    assertThatThrownBy(
            () -> UrlTemplate.expand(ScrapeRecipes.builtIn("timeanddate"), coordinatesOnly))
        .hasMessage(
            "recipe 'timeanddate' URL needs {country-name-slug} but location '14.69,-17.44' has none");
    assertThatThrownBy(() -> UrlTemplate.expand(
            ScrapeRecipe.fromMap("bad", with("url", "https://example.test/{town}")),
            coordinatesOnly))
        .hasMessageStartingWith("recipe 'bad' URL has an unknown placeholder {town}");
    assertThatThrownBy(() -> ScraperSource.create(
            ScrapeRecipe.fromMap("bad", with("url", "https://example.test/{town}")),
            ScraperPoliteness.defaults(),
            (uri, etag) -> new FeedResponse.IoError("no network in this test"),
            Clock.systemUTC(),
            Sleeper.SYSTEM,
            System::nanoTime,
            new Counters()))
        .as("refused at start-up")
        .hasMessageStartingWith("recipe 'bad' URL has an unknown placeholder {town}");
  }
}
