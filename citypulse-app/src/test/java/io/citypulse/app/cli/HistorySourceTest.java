package io.citypulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistorySourceTest {
  @TempDir
  Path stateDir;

  private Settings settings(String... keyValues) {
    Map<String, String> flags = new java.util.HashMap<>(Map.of("state-dir", stateDir.toString()));
    for (int i = 0; i < keyValues.length; i += 2) {
      flags.put(keyValues[i], keyValues[i + 1]);
    }
    return Settings.load(null, Map.of(), flags);
  }

  @Test
  void postgresWhenEnabledOrGivenAUrlThenParquetWhenAPathIsSet() {
    assertThat(HistorySource.choose(null, settings("storage.postgres.enabled", "true")))
        .isEqualTo(HistorySource.POSTGRES);
    assertThat(HistorySource.choose(
            null,
            settings(
                "storage.postgres.jdbc-url",
                "jdbc:postgresql://db/x",
                "storage.parquet.path",
                "/data")))
        .isEqualTo(HistorySource.POSTGRES);
    assertThat(HistorySource.choose(null, settings("storage.parquet.path", "/data")))
        .isEqualTo(HistorySource.PARQUET);
  }

  @Test
  void theEmbeddedDatabaseLeftByAPipelineRunIsFoundWithoutFlags() throws Exception {
    assertThatThrownBy(() -> HistorySource.choose(null, settings()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("no history storage found: no PostgreSQL data in "
            + stateDir.toAbsolutePath().resolve("postgres"));
    Files.createDirectories(stateDir.resolve("postgres"));
    Files.writeString(stateDir.resolve("postgres/PG_VERSION"), "17\n");
    assertThat(HistorySource.choose(null, settings())).isEqualTo(HistorySource.POSTGRES);
  }

  @Test
  void anExplicitSourceWins() {
    assertThat(HistorySource.choose(
            "PARQUET",
            settings(
                "storage.postgres.enabled",
                "true",
                "storage.parquet.path",
                "s3a://bucket/history")))
        .isEqualTo(HistorySource.PARQUET);
    assertThat(HistorySource.choose("postgres", settings())).isEqualTo(HistorySource.POSTGRES);
    assertThatThrownBy(() -> HistorySource.choose("parquet", settings()))
        .hasMessageContaining("--parquet PATH");
    assertThatThrownBy(() -> HistorySource.choose("mysql", settings()))
        .hasMessage("--source: expected postgres or parquet, got 'mysql'");
  }
}
