package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import io.citypulse.sources.poll.GbfsSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a catalogue-wide run polls and sets aside, read from a catalogue file and the settings. */
class SystemsSelectionTest {
  private static final String HEADER = "Country Code,Name,Location,System ID,URL,"
      + "Auto-Discovery URL,Supported Versions,Authentication Info URL,Authentication Type,"
      + "Authentication Parameter Name\n";
  private static final String CATALOGUE = HEADER
      + "FR,Yego Bordeaux,Bordeaux,yego bordeaux,https://yego.example/,https://gbfs.example/yego/gbfs.json,2.3,,,\n"
      + "FR,Vélo Test,Testville,velo_test,https://velo.example/,https://gbfs.example/velo/gbfs.json,3.0,,,\n"
      + "BE,Blue Bike,Gent,blue-bike,https://bb.example/,https://other.example/bb/gbfs.json,2.2,,,\n"
      + "CH,Alpine,Bern,alpine,https://a.example/,https://a.example/gbfs.json,2.3,https://a.example/k,api_key,X-Key\n"
      + "DE,Broken,Berlin,broken,https://b.example/,not a url,2.3,,,\n"
      + "NL,Colon,Utrecht,bad:id,https://c.example/,https://c.example/gbfs.json,2.3,,,\n";

  @TempDir
  Path dir;

  private Path catalogue(String text) throws IOException {
    Path file = dir.resolve("systems.csv");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static SystemsSelection select(Path file, Map<String, String> extra) {
    Map<String, String> flags = new HashMap<>(Map.of("gbfs.systems.file", file.toString()));
    flags.putAll(extra);
    Settings settings = Settings.load(null, Map.of(), flags);
    GbfsSettings template = GbfsSettings.defaults(URI.create("http://127.0.0.1/gbfs.json"), "x")
        .withIntervals(Duration.ofSeconds(5), Duration.ofSeconds(30));
    return SystemsSelection.of(settings, template);
  }

  @Test
  void everyUsableSystemIsPolledUnderItsCatalogueIdWithTheRunsIntervals() throws IOException {
    SystemsSelection selection = select(catalogue(CATALOGUE), Map.of());

    assertThat(selection.polled())
        .extracting(p -> p.settings().system())
        .containsExactly("yego bordeaux", "velo_test", "blue-bike");
    SystemsSelection.PolledSystem yego = selection.polled().get(0);
    assertThat(yego.settings().url()).isEqualTo(URI.create("https://gbfs.example/yego/gbfs.json"));
    assertThat(yego.settings().maxInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(yego.host()).isEqualTo("gbfs.example");
    assertThat(selection.maxInFlight()).isEqualTo(16);
    assertThat(selection.maxPerHost()).isEqualTo(4);
    assertThat(selection.setAside())
        .anySatisfy(line -> assertThat(line).startsWith("skipped alpine: needs credentials"))
        .anySatisfy(line -> assertThat(line).startsWith("unusable catalogue row: line 6 (broken)"))
        .anySatisfy(
            line -> assertThat(line).startsWith("skipped line 7 (bad:id)").contains("':'"));
  }

  @Test
  void countryAndIdFiltersAreApplied() throws IOException {
    Path file = catalogue(CATALOGUE);

    assertThat(select(file, Map.of("gbfs.systems.countries", "BE")).polled())
        .extracting(p -> p.system().systemId())
        .containsExactly("blue-bike");
    SystemsSelection byId =
        select(file, Map.of("gbfs.systems.ids", "yego bordeaux,velo_test,nowhere"));
    assertThat(byId.polled())
        .extracting(p -> p.system().systemId())
        .containsExactly("yego bordeaux", "velo_test");
    assertThat(byId.setAside())
        .anySatisfy(line -> assertThat(line)
            .startsWith("not selected: system id 'nowhere' is not in the catalogue"));
    assertThat(byId.describe())
        .startsWith("2 GBFS system(s) of ")
        .endsWith("(3 requested system id(s))");
  }

  @Test
  void filtersThatSelectNothingAreAConfigErrorSayingWhy() throws IOException {
    Path file = catalogue(CATALOGUE);

    assertThatThrownBy(() -> select(file, Map.of("gbfs.systems.countries", "CH")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("gbfs.systems.file")
        .hasMessageContaining("no system of")
        .hasMessageContaining("countries CH")
        .hasMessageContaining("1 selected system(s) need credentials");
  }

  @Test
  void aFileThatIsNotACatalogueIsAConfigErrorNamingTheKey() throws IOException {
    Path file = catalogue("just,some\ncsv,file\n");

    assertThatThrownBy(() -> select(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config key 'gbfs.systems.file' (command-line flag)");
    assertThatThrownBy(() -> select(dir.resolve("missing.csv"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("missing.csv");
  }

  @Test
  void withoutTheFileTheRunHasOneSystem() {
    assertThat(SystemsSelection.requested(Settings.defaults())).isFalse();
  }
}
