package io.citypulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --systems} refuses what it cannot run before anything starts: exit code 2 and a
 * message saying why (no broker, no Spark: the plan is refused while it is made).
 */
class RunCommandSystemsTest {
  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return CitypulseCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void aMissingCatalogueIsAConfigurationError() {
    int exit = run(
        "run", "--systems", dir.resolve("nowhere.csv").toString(), "--state-dir", dir.toString());

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .startsWith("citypulse: configuration error: config key 'gbfs.systems.file'")
        .contains("nowhere.csv");
  }

  @Test
  void aCountryWithoutSystemsIsAConfigurationErrorSayingSo() throws Exception {
    Path catalogue = Files.writeString(
        dir.resolve("systems.csv"),
        "Country Code,Name,Location,System ID,URL,Auto-Discovery URL\n"
            + "FR,Yego,Bordeaux,yego bordeaux,https://y.example/,https://y.example/gbfs.json\n");

    int exit = run(
        "run", "--systems", catalogue.toString(), "--country", "BE", "--state-dir", dir.toString());

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("no system of").contains("no system of country BE");
  }

  @Test
  void gbfsAndSystemsTogetherAreRefused() {
    int exit = run("run", "--gbfs", "http://127.0.0.1:1/gbfs.json", "--systems", "systems.csv");

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--gbfs and --systems both say what to poll");
  }
}
