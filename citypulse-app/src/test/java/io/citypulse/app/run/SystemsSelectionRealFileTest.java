package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.app.config.Settings;
import io.citypulse.sources.poll.GbfsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What {@code run --systems} would poll from a real copy of MobilityData's catalogue, given by
 * the system property {@value #PROPERTY} (the build sets it from {@code -Dgbfs.catalogue=FILE}).
 * The file is third-party data, read where it is; without the property the test is skipped,
 * saying how to run it.
 */
class SystemsSelectionRealFileTest {
  static final String PROPERTY = "citypulse.gbfs.catalogue";

  @Test
  void everySystemOfTheRealCatalogueIsPolledOrSetAsideWithItsReason() {
    String value = System.getProperty(PROPERTY, "").strip();
    String how = "no GBFS systems catalogue given: run with -Dgbfs.catalogue=/path/to/systems.csv";
    if (value.isEmpty()) {
      System.out.println("skipped: " + how);
    }
    Assumptions.assumeFalse(value.isEmpty(), how);
    Settings settings = Settings.load(null, Map.of(), Map.of("gbfs.systems.file", value));

    SystemsSelection selection = SystemsSelection.of(
        settings, GbfsSettings.defaults(URI.create("http://127.0.0.1/gbfs.json"), "template"));

    System.out.println(
        selection.describe() + "; set aside: " + selection.setAside().size());
    selection.setAside().forEach(line -> System.out.println("  " + line));
    assertThat(selection.polled().size()
            + selection.refused().size()
            + selection.selection().needsAuthentication().size()
            + selection.catalogue().unusable().size())
        .isEqualTo(selection.catalogue().rows());
    Set<String> hosts = new HashSet<>();
    for (SystemsSelection.PolledSystem system : selection.polled()) {
      assertThat(system.settings().system()).isEqualTo(system.system().systemId());
      assertThat(system.host()).as(system.system().systemId()).isNotBlank();
      hosts.add(system.host());
    }
    System.out.printf(
        "%d systems on %d hosts (the per-host cap applies to each)%n",
        selection.polled().size(), hosts.size());
    assertThat(Path.of(value)).isEqualTo(selection.file());
  }
}
