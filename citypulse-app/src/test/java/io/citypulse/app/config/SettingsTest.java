package io.citypulse.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @TempDir
  Path dir;

  @Test
  void defaultsMatchTheCourseBrief() {
    Settings settings = Settings.defaults();

    assertThat(settings.get(CitypulseConfig.STATIONS_TOPIC)).isEqualTo("velib-projet");
    assertThat(settings.get(CitypulseConfig.AVAILABILITY_TOPIC))
        .isEqualTo("velib-projet-final-data");
    assertThat(settings.get(CitypulseConfig.STATIONS)).isEqualTo("16107,32017");
    assertThat(settings.get(CitypulseConfig.KAFKA_PORT)).isEqualTo(9092);
    assertThat(settings.get(CitypulseConfig.POSTCODE_TABLE)).isNull();
    assertThat(settings.get(CitypulseConfig.MIN_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void theScraperRecipesAreASectionReadWholeAndSetReachesInside() throws Exception {
    Path file = dir.resolve("citypulse.conf");
    Files.writeString(file, """
        weather {
          sources = "scraper"
          scraper.recipe = dakar-page
          scraper.recipes.dakar-page {
            url = "https://example.org/weather/{city-slug}"
            enabled = false
            fields.temperature { selector = "#now .temp", unit = "C" }
          }
        }
        """);

    Settings settings =
        Settings.load(file, Map.of(), Map.of("weather.scraper.recipes.dakar-page.enabled", "true"));

    assertThat(settings.get(CitypulseConfig.SCRAPER_RECIPE)).isEqualTo("dakar-page");
    String json = settings.sectionJson("weather.scraper.recipes");
    assertThat(json)
        .contains("\"dakar-page\":{")
        .contains("\"url\":\"https://example.org/weather/{city-slug}\"")
        .contains("\"selector\":\"#now .temp\"")
        .contains("\"enabled\":\"true\"")
        .doesNotContain("\"enabled\":false");
    assertThat(Settings.defaults().sectionJson("weather.scraper.recipes")).isEqualTo("{}");
  }

  @Test
  void fileThenEnvironmentThenFlagsOverride() throws Exception {
    Path file = dir.resolve("citypulse.conf");
    Files.writeString(file, """
        gbfs { stations = "all", min-interval = 2s }
        kafka.embedded.port = 19092
        spark.shuffle-partitions = 4
        """);
    Settings settings = Settings.load(
        file,
        Map.of("CITYPULSE_KAFKA_EMBEDDED_PORT", "29092", "CITYPULSE_GBFS_MIN_INTERVAL", "3s"),
        Map.of("gbfs.min-interval", "500ms"));

    assertThat(settings.get(CitypulseConfig.STATIONS)).isEqualTo("all");
    assertThat(settings.get(CitypulseConfig.SHUFFLE_PARTITIONS)).isEqualTo(4);
    assertThat(settings.get(CitypulseConfig.KAFKA_PORT)).isEqualTo(29092);
    assertThat(settings.origin(CitypulseConfig.KAFKA_PORT))
        .isEqualTo("environment variable CITYPULSE_KAFKA_EMBEDDED_PORT");
    assertThat(settings.get(CitypulseConfig.MIN_INTERVAL)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aBadValueNamesTheKeyItsOriginAndWhatIsExpected() throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, "gbfs.timeout = soon\n");

    assertThatThrownBy(() -> Settings.load(file, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'gbfs.timeout'")
        .hasMessageContaining("bad.conf")
        .hasMessageContaining("duration")
        .hasMessageContaining("soon");
  }

  @Test
  void outOfRangeValuesAreRejected() {
    assertThatThrownBy(
            () -> Settings.load(null, Map.of("CITYPULSE_KAFKA_EMBEDDED_PORT", "70000"), Map.of()))
        .hasMessageContaining("'kafka.embedded.port'")
        .hasMessageContaining("0-65535");
    assertThatThrownBy(
            () -> Settings.load(null, Map.of(), Map.of("spark.starting-offsets", "middle")))
        .hasMessageContaining("'spark.starting-offsets'");
    assertThatThrownBy(() -> Settings.load(
            null, Map.of(), Map.of("gbfs.min-interval", "2m", "gbfs.max-interval", "1m")))
        .hasMessageContaining("'gbfs.min-interval'")
        .hasMessageContaining("gbfs.max-interval");
  }

  @Test
  void unknownKeysInTheFileAreReportedWithASuggestion() throws Exception {
    Path file = dir.resolve("typo.conf");
    Files.writeString(file, "gbfs.statons = all\n");

    assertThatThrownBy(() -> Settings.load(file, Map.of(), Map.of()))
        .hasMessageContaining("unknown config key 'gbfs.statons'")
        .hasMessageContaining("did you mean 'gbfs.stations'");
  }

  @Test
  void missingOrInvalidFilesAreClearErrors() throws Exception {
    assertThatThrownBy(() -> Settings.load(dir.resolve("nope.conf"), Map.of(), Map.of()))
        .hasMessageContaining("nope.conf")
        .hasMessageContaining("does not exist");
    Path broken = dir.resolve("broken.conf");
    Files.writeString(broken, "gbfs { stations = \n");
    assertThatThrownBy(() -> Settings.load(broken, Map.of(), Map.of()))
        .hasMessageContaining("not valid HOCON");
  }

  @Test
  void theReferenceFileParsesBackToTheDefaults() throws Exception {
    Path file = dir.resolve("reference.conf");
    Files.writeString(file, ConfigDocs.referenceHocon());

    Settings fromFile = Settings.load(file, Map.of(), Map.of());

    assertThat(fromFile.render().replaceAll("#.*", ""))
        .isEqualTo(Settings.defaults().render().replaceAll("#.*", ""));
  }

  @Test
  void theEffectiveConfigurationMasksSinkSecretsAndPasswordsInUrls() {
    Settings settings = Settings.load(
        null,
        Map.of(
            "CITYPULSE_STORAGE_SEARCH_PASSWORD", "s3arch-pw",
            "CITYPULSE_STORAGE_SEARCH_API_KEY", "a9-key",
            "CITYPULSE_STORAGE_REDIS_URL", "redis://:r3dis-pw@cache.example.org:6379/2"),
        Map.of("storage.search.url", "https://search.example.org:9200"));
    String rendered = settings.render();

    assertThat(rendered)
        .doesNotContain("s3arch-pw", "a9-key", "r3dis-pw")
        .contains("storage.redis.url = \"redis://:****@cache.example.org:6379/2\"")
        .contains("storage.search.password = \"****\"")
        .contains("storage.search.url = \"https://search.example.org:9200\"");
    assertThat(settings.get(CitypulseConfig.REDIS_URL))
        .as("only the rendering is masked")
        .isEqualTo("redis://:r3dis-pw@cache.example.org:6379/2");
  }
}
