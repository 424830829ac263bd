package io.citypulse.app.cli;

import io.citypulse.sources.catalogue.CatalogueException;
import io.citypulse.sources.catalogue.GbfsSystem;
import io.citypulse.sources.catalogue.SystemFilter;
import io.citypulse.sources.catalogue.SystemsCatalogue;
import io.citypulse.sources.catalogue.UnusableRow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Reads a GBFS systems catalogue and prints what a catalogue-wide run would poll, what it would
 * skip and why: the check to make before pointing citypulse at hundreds of systems.
 */
@Command(
    name = "systems",
    mixinStandardHelpOptions = true,
    description = {
      "List the systems of a GBFS catalogue that citypulse can poll.",
      "Reads a systems.csv in the format of MobilityData's GBFS systems catalogue, or the one"
          + " `sample-feed --systems` writes, applies the filters, and lists the systems selected,"
          + " those skipped because they need credentials, and the rows that cannot be used,"
          + " each with its line and reason."
    })
final class SystemsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The catalogue (systems.csv), UTF-8.")
  Path file;

  @Option(
      names = "--country",
      paramLabel = "CODES",
      description = "Only systems of these countries (ISO 3166 codes, e.g. FR,BE).")
  String countries = "";

  @Option(
      names = "--system-ids",
      paramLabel = "IDS",
      description = "Only these systems (the catalogue's System ID, case-sensitive, e.g. velib).")
  String systemIds = "";

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SystemsCatalogue catalogue;
    SystemFilter filter;
    try {
      catalogue = SystemsCatalogue.read(file);
      filter = SystemFilter.of(countries, systemIds);
    } catch (CatalogueException | IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
    SystemFilter.Selection selection = filter.select(catalogue);
    out.println(catalogue.summary());
    out.printf("%d system(s) selected%n", selection.systems().size());
    for (GbfsSystem system : selection.systems()) {
      out.printf(
          "  %-30s %-2s  %-6s %s  (%s)%n",
          system.systemId(),
          system.countryCode(),
          system.newestVersion().orElse("?"),
          system.autoDiscovery(),
          system.name());
    }
    if (!selection.needsAuthentication().isEmpty()) {
      out.printf(
          "%d skipped: they need credentials%n", selection.needsAuthentication().size());
      selection
          .needsAuthentication()
          .forEach(s -> out.printf("  %-30s %s%n", s.systemId(), s.authentication()));
    }
    if (!catalogue.unusable().isEmpty()) {
      out.printf("%d row(s) cannot be used%n", catalogue.unusable().size());
      for (UnusableRow row : catalogue.unusable()) {
        out.println("  " + row);
      }
    }
    selection.unmatchedIds().forEach(id -> out.println("not selected: " + id));
    selection
        .countriesWithoutSystems()
        .forEach(c -> out.println("not selected: no system of country " + c));
    out.flush();
    // Nothing to poll is a failure a script should notice (a filter that matches nothing).
    return selection.systems().isEmpty() ? ExitCodes.FAILURE : ExitCodes.OK;
  }
}
