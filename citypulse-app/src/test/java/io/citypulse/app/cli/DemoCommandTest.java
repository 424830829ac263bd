package io.citypulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.app.config.CitypulseConfig;
import io.citypulse.app.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's settings: its postcode table lives in its state dir unless the user names one. */
class DemoCommandTest {
  @TempDir
  Path dir;

  private static Settings demo(Path file, Map<String, String> env, Map<String, String> flags) {
    return DemoCommand.settings(defaults -> Settings.load(file, env, flags, defaults));
  }

  @Test
  void thePostcodeTableDefaultsToTheGeneratedOneInTheStateDir() {
    Settings settings = demo(null, Map.of(), Map.of());

    assertThat(settings.get(CitypulseConfig.POSTCODE_TABLE))
        .isEqualTo(Path.of(".citypulse-demo", "demo-postcodes.csv"));
    assertThat(settings.get(CitypulseConfig.GEOCODER_ENABLED)).isFalse();
  }

  @Test
  void theTableFollowsAStateDirSetInTheFileTheEnvironmentOrAFlag() throws Exception {
    Path file = Files.writeString(dir.resolve("citypulse.conf"), "state-dir = from-file\n");

    assertThat(demo(file, Map.of(), Map.of()).get(CitypulseConfig.POSTCODE_TABLE))
        .isEqualTo(Path.of("from-file", "demo-postcodes.csv"));
    assertThat(demo(null, Map.of("CITYPULSE_STATE_DIR", "from-env"), Map.of())
            .get(CitypulseConfig.POSTCODE_TABLE))
        .isEqualTo(Path.of("from-env", "demo-postcodes.csv"));
    assertThat(demo(file, Map.of(), Map.of("state-dir", "from-flag"))
            .get(CitypulseConfig.POSTCODE_TABLE))
        .isEqualTo(Path.of("from-flag", "demo-postcodes.csv"));
  }

  @Test
  void aTableNamedByTheUserWins() throws Exception {
    Path file = Files.writeString(dir.resolve("citypulse.conf"), "postcodes.table = mine.csv\n");

    assertThat(demo(file, Map.of(), Map.of()).get(CitypulseConfig.POSTCODE_TABLE))
        .isEqualTo(Path.of("mine.csv"));
    assertThat(demo(null, Map.of("CITYPULSE_POSTCODES_TABLE", "env.csv"), Map.of())
            .get(CitypulseConfig.POSTCODE_TABLE))
        .isEqualTo(Path.of("env.csv"));
    assertThat(demo(null, Map.of(), Map.of("postcodes.table", "flag.csv"))
            .get(CitypulseConfig.POSTCODE_TABLE))
        .isEqualTo(Path.of("flag.csv"));
    assertThat(
            demo(null, Map.of(), Map.of("postcodes.table", "")).get(CitypulseConfig.POSTCODE_TABLE))
        .isNull();
  }

  @Test
  void demoSystemsPollsTheWorldsCatalogueInTheStateDirWithNoPostcodeTable() {
    Settings settings = demo(null, Map.of(), Map.of("demo.systems", "20", "state-dir", "w"));

    assertThat(settings.get(CitypulseConfig.SYSTEMS_FILE))
        .isEqualTo(Path.of("w", "demo-systems.csv"));
    assertThat(settings.get(CitypulseConfig.POSTCODE_TABLE)).isNull();
  }

  @Test
  void theDefaultDemoHasOneSystem() {
    assertThat(demo(null, Map.of(), Map.of()).get(CitypulseConfig.SYSTEMS_FILE)).isNull();
  }
}
