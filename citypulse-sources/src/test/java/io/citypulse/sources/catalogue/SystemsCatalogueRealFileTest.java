package io.citypulse.sources.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The reader on a real copy of MobilityData's catalogue, given by the system property {@value
 * #PROPERTY} (the build sets it from {@code -Dgbfs.catalogue=FILE}; {@code .ci/run} passes the
 * copy kept beside the project when there is one). The file is third-party data: read where it
 * is, never copied into the project. Skipped, saying how to run it, without the property.
 */
class SystemsCatalogueRealFileTest {

  static final String PROPERTY = "citypulse.gbfs.catalogue";

  static final String HOW_TO_RUN = "no GBFS systems catalogue given: run with"
      + " -Dgbfs.catalogue=/path/to/systems.csv (MobilityData's catalogue of GBFS systems)";

  @Test
  void everyRowOfTheRealCatalogueIsReadSetAsideOrReportedWithAReason() {
    String value = System.getProperty(PROPERTY, "").strip();
    if (value.isEmpty()) {
      System.out.println("skipped: " + HOW_TO_RUN);
    }
    Assumptions.assumeFalse(value.isEmpty(), HOW_TO_RUN);
    Path file = Path.of(value);
    assertThat(file).as(PROPERTY).isRegularFile();

    SystemsCatalogue catalogue = SystemsCatalogue.read(file);
    System.out.println(catalogue.summary());
    catalogue
        .needsAuthentication()
        .forEach(s -> System.out.println("  needs authentication: line " + s.line() + " "
            + s.systemId() + " (" + s.authentication() + ")"));
    catalogue.unusable().forEach(row -> System.out.println("  unusable: " + row));

    assertThat(catalogue.rows()).isEqualTo(dataRows(file));
    assertThat(catalogue.systems().size()
            + catalogue.needsAuthentication().size()
            + catalogue.unusable().size())
        .isEqualTo(catalogue.rows());
    assertThat(catalogue.systems())
        .as("most of the catalogue can be polled")
        .hasSizeGreaterThan(catalogue.rows() / 2);

    List<GbfsSystem> read = new ArrayList<>(catalogue.systems());
    read.addAll(catalogue.needsAuthentication());
    Set<String> ids = new HashSet<>();
    Set<Integer> lines = new HashSet<>();
    for (GbfsSystem system : read) {
      assertThat(ids.add(system.systemId()))
          .as("unique id %s", system.systemId())
          .isTrue();
      assertThat(lines.add(system.line())).isTrue();
      assertThat(system.systemId()).isNotBlank().isEqualTo(system.systemId().strip());
      assertThat(system.autoDiscovery().isAbsolute()).isTrue();
      assertThat(system.autoDiscovery().getScheme()).isIn("http", "https");
      assertThat(system.autoDiscovery().getHost()).isNotBlank();
      assertThat(system.countryCode()).as("country of %s", system.systemId()).matches("[A-Z]{2}");
      assertThat(system.name()).as("name of %s", system.systemId()).isNotBlank();
      system
          .supportedVersions()
          .forEach(
              v -> assertThat(v).as("version of %s", system.systemId()).matches("\\d+\\.\\d+"));
    }
    for (GbfsSystem system : catalogue.needsAuthentication()) {
      assertThat(system.authentication().type()).isNotBlank();
    }
    for (UnusableRow row : catalogue.unusable()) {
      assertThat(lines.add(row.line())).as("a row is in one list only: %s", row).isTrue();
      assertThat(row.detail()).isNotBlank();
    }
  }

  /**
   * The data rows by a count independent of the parser: a catalogue has no line breaks inside
   * quotes, so it is the non-blank lines after the header.
   */
  private static int dataRows(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      long count = lines.filter(line -> !line.isBlank()).count();
      return (int) count - 1;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
