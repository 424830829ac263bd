package io.citypulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `citypulse systems`: what a catalogue-wide run would poll, skip, and could not read. */
class SystemsCommandTest {
  private static final String HEADER =
      "Country Code,Name,Location,System ID,URL,Auto-Discovery URL,"
          + "Supported Versions,Authentication Info URL,Authentication Type,Authentication Parameter Name";

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return CitypulseCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private Path catalogue(String... rows) throws Exception {
    Path file = dir.resolve("systems.csv");
    Files.writeString(file, HEADER + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void listsTheSystemsToPollAndWhatIsSkippedWithTheReason() throws Exception {
    Path file = catalogue(
        "FR,Vélos de Test,Lyon,velo_test,https://velo.example,https://gbfs.example/velo/gbfs.json,1.1 ; 2.3,,,",
        "BE,\"Bikes, Inc.\",Gent,bikes_inc,https://b.example,https://gbfs.example/bikes/gbfs.json,3.0,,,",
        "DE,Locked,Berlin,locked,https://l.example,https://gbfs.example/locked/gbfs.json,2.3,https://l.example/key,2,Authorization",
        "FR,No URL,Paris,no_url,https://n.example,,2.3,,,");

    int code = run("systems", file.toString());

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("4 rows, 2 systems to poll, 1 skipped (need authentication), 1 unusable")
        .contains("2 system(s) selected")
        .containsPattern(
            "velo_test +FR +2\\.3 +https://gbfs\\.example/velo/gbfs\\.json +\\(Vélos de Test\\)")
        .contains("(Bikes, Inc.)")
        .contains("1 skipped: they need credentials")
        .containsPattern("locked +type 2")
        .contains("1 row(s) cannot be used")
        .contains("line 5 (no_url)");
  }

  @Test
  void filtersByCountryAndIdAndSaysWhatMatchedNothing() throws Exception {
    Path file = catalogue(
        "FR,A,Lyon,a_fr,https://a.example,https://gbfs.example/a/gbfs.json,2.3,,,",
        "BE,B,Gent,b_be,https://b.example,https://gbfs.example/b/gbfs.json,2.3,,,");

    int code = run("systems", file.toString(), "--country", "fr,nl", "--system-ids", "a_fr,A_BE");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("1 system(s) selected")
        .contains("a_fr")
        .doesNotContain("  b_be")
        .contains("not selected: system id 'A_BE'")
        .contains("not selected: no system of country NL");
  }

  @Test
  void aFilterThatSelectsNothingIsAFailure() throws Exception {
    Path file =
        catalogue("FR,A,Lyon,a_fr,https://a.example,https://gbfs.example/a/gbfs.json,2.3,,,");

    assertThat(run("systems", file.toString(), "--country", "JP")).isEqualTo(ExitCodes.FAILURE);
    assertThat(out.toString()).contains("0 system(s) selected");
  }

  @Test
  void aFileThatIsNotACatalogueGetsAClearErrorNotAStackTrace() throws Exception {
    Path file = dir.resolve("stations.csv");
    Files.writeString(file, "stationCode,postcode\n16107,75016\n");

    assertThat(run("systems", file.toString())).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString())
        .startsWith("citypulse: ")
        .contains("stations.csv")
        .contains("System ID")
        .doesNotContain("\tat ");
  }
}
