package io.citypulse.app.run;

import static io.citypulse.app.config.CitypulseConfig.*;

import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import io.citypulse.sources.catalogue.CatalogueException;
import io.citypulse.sources.catalogue.GbfsSystem;
import io.citypulse.sources.catalogue.SystemFilter;
import io.citypulse.sources.catalogue.SystemsCatalogue;
import io.citypulse.sources.catalogue.UnusableRow;
import io.citypulse.sources.poll.GbfsSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a catalogue-wide run polls ({@code gbfs.systems.file}, {@code run --systems}): the
 * catalogue read and filtered, each selected system's poll settings, and everything set aside with
 * its reason, for the start-up lines and the health. Read while the plan is made, before anything
 * starts: an unreadable catalogue or filters that select nothing are a config error (exit 2).
 *
 * @param polled one poll setting per system to poll, in catalogue order: the run's GBFS settings
 *     with the system's Auto-Discovery URL and System ID
 * @param refused selected systems whose id cannot key records (a ':' in it), with the reason
 * @param caps {@code gbfs.systems.max-in-flight} and {@code .max-per-host}
 */
public record SystemsSelection(
    Path file,
    SystemFilter filter,
    SystemsCatalogue catalogue,
    SystemFilter.Selection selection,
    List<PolledSystem> polled,
    List<String> refused,
    int maxInFlight,
    int maxPerHost) {

  /** A system to poll: its catalogue row and its poll settings. */
  public record PolledSystem(GbfsSystem system, GbfsSettings settings) {
    /** Where its polls go, for the per-host cap. */
    public String host() {
      String host = system.autoDiscovery().getHost();
      return host == null ? "" : host.toLowerCase(Locale.ROOT);
    }
  }

  public SystemsSelection {
    polled = List.copyOf(polled);
    refused = List.copyOf(refused);
  }

  /** Whether the settings ask for a catalogue-wide run (pure: reads only the settings). */
  public static boolean requested(Settings settings) {
    return settings.get(SYSTEMS_FILE) != null;
  }

  /**
   * Reads and filters the catalogue the settings name.
   *
   * @param template the run's GBFS settings (intervals, timeouts, backoff, language); each system
   *     gets them with its own URL and id
   * @throws ConfigException naming the key when the file cannot be read, a filter is malformed or
   *     nothing is left to poll
   */
  public static SystemsSelection of(Settings settings, GbfsSettings template) {
    Path file = settings.get(SYSTEMS_FILE);
    SystemsCatalogue catalogue;
    try {
      catalogue = SystemsCatalogue.read(file);
    } catch (CatalogueException e) {
      throw new ConfigException("config key '" + SYSTEMS_FILE.name() + "' ("
          + settings.origin(SYSTEMS_FILE) + "): " + e.getMessage());
    }
    SystemFilter filter;
    try {
      filter = SystemFilter.of(settings.get(SYSTEMS_COUNTRIES), settings.get(SYSTEMS_IDS));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config keys '" + SYSTEMS_COUNTRIES.name() + "' / '"
          + SYSTEMS_IDS.name() + "': " + e.getMessage());
    }
    SystemFilter.Selection selection = filter.select(catalogue);
    List<PolledSystem> polled = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (GbfsSystem system : selection.systems()) {
      try {
        polled.add(new PolledSystem(system, forSystem(template, system)));
      } catch (IllegalArgumentException e) {
        refused.add("line " + system.line() + " (" + system.systemId() + "): " + e.getMessage());
      }
    }
    if (polled.isEmpty()) {
      throw new ConfigException("config key '" + SYSTEMS_FILE.name() + "' ("
          + settings.origin(SYSTEMS_FILE) + "): no system of " + file + " to poll"
          + nothingSelectedBecause(catalogue, filter, selection, refused)
          + ". 'citypulse systems " + file + "' lists what the catalogue holds.");
    }
    return new SystemsSelection(
        file,
        filter,
        catalogue,
        selection,
        polled,
        refused,
        settings.get(SYSTEMS_MAX_IN_FLIGHT),
        settings.get(SYSTEMS_MAX_PER_HOST));
  }

  private static GbfsSettings forSystem(GbfsSettings template, GbfsSystem system) {
    return new GbfsSettings(
        system.autoDiscovery(),
        system.systemId(),
        template.language(),
        template.minInterval(),
        template.maxInterval(),
        template.timeout(),
        template.backoffInitial(),
        template.backoffMax(),
        template.informationMinInterval(),
        template.informationMaxInterval());
  }

  private static String nothingSelectedBecause(
      SystemsCatalogue catalogue,
      SystemFilter filter,
      SystemFilter.Selection selection,
      List<String> refused) {
    List<String> why = new ArrayList<>();
    if (!filter.countries().isEmpty()) {
      why.add("countries " + String.join(",", filter.countries()));
    }
    if (!filter.systemIds().isEmpty()) {
      why.add("system ids " + String.join(",", filter.systemIds()));
    }
    StringBuilder text =
        new StringBuilder(why.isEmpty() ? "" : " with " + String.join(" and ", why));
    text.append(" (").append(catalogue.summary()).append(")");
    if (!selection.needsAuthentication().isEmpty()) {
      text.append(": ")
          .append(selection.needsAuthentication().size())
          .append(" selected system(s) need credentials");
    }
    selection.unmatchedIds().forEach(id -> text.append("; ").append(id));
    selection
        .countriesWithoutSystems()
        .forEach(c -> text.append("; no system of country ").append(c));
    refused.forEach(r -> text.append("; ").append(r));
    return text.toString();
  }

  /** One line for the start-up announcement and the job's description. */
  public String describe() {
    List<String> filters = new ArrayList<>();
    if (!filter.countries().isEmpty()) {
      filters.add("countries " + String.join(",", filter.countries()));
    }
    if (!filter.systemIds().isEmpty()) {
      filters.add(filter.systemIds().size() + " requested system id(s)");
    }
    return polled.size() + " GBFS system(s) of " + file
        + (filters.isEmpty() ? "" : " (" + String.join(", ", filters) + ")");
  }

  /**
   * What is set aside, one line each, for the user at start: systems needing credentials, rows
   * that cannot be used, requested ids and countries that select nothing, refused ids.
   */
  public List<String> setAside() {
    List<String> lines = new ArrayList<>();
    for (GbfsSystem system : selection.needsAuthentication()) {
      lines.add(
          "skipped " + system.systemId() + ": needs credentials (" + system.authentication() + ")");
    }
    for (UnusableRow row : catalogue.unusable()) {
      lines.add("unusable catalogue row: " + row);
    }
    selection.unmatchedIds().forEach(id -> lines.add("not selected: " + id));
    selection
        .countriesWithoutSystems()
        .forEach(c -> lines.add("not selected: no system of country " + c));
    refused.forEach(r -> lines.add("skipped " + r));
    return lines;
  }
}
