package io.citypulse.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads the real third-party samples in place when the build is given their directory
 * ({@code -Dshared.formats=...}, passed on as {@code citypulse.shared.formats}); skipped otherwise.
 */
class RealSamplesTest {

  private static Path sample(String relative) {
    String dir = System.getProperty("citypulse.shared.formats", "");
    assumeTrue(!dir.isBlank(), "citypulse.shared.formats not set: real-sample checks skipped");
    Path file = Path.of(dir).resolve(relative);
    assumeTrue(Files.isRegularFile(file), file + " is not there: skipped");
    return file;
  }

  private static List<Row> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Fixtures.readAll(
          FileFormat.guess(file.toString()), in, ReadOptions.forFile(file.toString()));
    }
  }

  @Test
  void laPostePostcodesAreSemicolonSeparatedWithCrlf() throws IOException {
    List<Row> rows = read(sample("reference/laposte_postcodes_idf.csv"));

    assertThat(rows).hasSizeGreaterThan(100).noneMatch(Row::isError);
    assertThat(rows.get(0).fields())
        .containsKeys("Code_commune_INSEE", "Nom_commune", "Code_postal");
    assertThat(rows).anyMatch(r -> "75116".equals(r.fields().get("Code_postal")));
    assertThat(rows.get(0).fields().values()).noneMatch(v -> v.endsWith("\r"));
  }

  @Test
  void senegalRegionsHaveCoordinatesThatConvert() throws IOException {
    List<Row> rows = read(sample("reference/senegal_regions.csv"));

    assertThat(rows).hasSize(14).noneMatch(Row::isError);
    assertThat(rows).extracting(r -> r.fields().get("region")).contains("Dakar", "Ziguinchor");
    assertThat(rows).allMatch(r -> Double.parseDouble(r.fields().get("lat")) > 12);
  }

  @Test
  void gbfsSystemsCatalogueHasItsHeaderAndQuotedCells() throws IOException {
    List<Row> rows = read(sample("gbfs/systems.csv"));

    assertThat(rows).hasSizeGreaterThan(1000).noneMatch(Row::isError);
    assertThat(rows.get(0).fields())
        .containsKeys("Country Code", "System ID", "Auto-Discovery URL");
  }

  @Test
  void parisOpenDataRecordsAreOneNestedObjectAnErrorRowNotACrash() throws IOException {
    List<Row> rows = read(sample("paris-opendata/v21_records.excerpt.json"));

    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).error()).contains("is a list").contains("not a single value");
  }
}
