package io.citypulse.sources.catalogue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which systems of a catalogue to poll: {@code --country FR,BE} and {@code --system-ids a,b}. A
 * system is selected when it passes both (an empty set lets every system through). Country codes
 * match ignoring case; system ids match exactly, as GBFS ids are case-sensitive, and every
 * requested id that selects nothing is reported with the reason.
 *
 * @param countries upper-case ISO 3166-1 alpha-2 codes; empty: every country
 * @param systemIds requested System IDs in the order given; empty: every system
 */
public record SystemFilter(Set<String> countries, Set<String> systemIds) {

  /** Every system of the catalogue. */
  public static final SystemFilter ALL = new SystemFilter(Set.of(), Set.of());

  private static final Pattern COUNTRY_CODE = Pattern.compile("[A-Z]{2}");

  public SystemFilter {
    countries = unmodifiableOrdered(countries);
    systemIds = unmodifiableOrdered(systemIds);
    for (String country : countries) {
      if (!COUNTRY_CODE.matcher(country).matches()) {
        throw new IllegalArgumentException("country code '" + country
            + "' is not two upper-case letters (ISO 3166-1 alpha-2, e.g. FR or BE)");
      }
    }
  }

  /**
   * The filter the command-line values give: comma-separated lists, either null or blank for
   * "all". Country codes are upper-cased; blanks around items are dropped.
   *
   * @throws IllegalArgumentException naming a country code that is not two letters
   */
  public static SystemFilter of(String countries, String systemIds) {
    return of(
        items(countries).map(c -> c.toUpperCase(Locale.ROOT)).toList(),
        items(systemIds).toList());
  }

  /** The filter for these country codes (any case) and system ids; empty means "all". */
  public static SystemFilter of(Collection<String> countries, Collection<String> systemIds) {
    return new SystemFilter(
        new LinkedHashSet<>(
            countries.stream().map(c -> c.strip().toUpperCase(Locale.ROOT)).toList()),
        new LinkedHashSet<>(systemIds.stream().map(String::strip).toList()));
  }

  /** The systems of {@code catalogue} this filter selects, and what it could not select. */
  public Selection select(SystemsCatalogue catalogue) {
    List<GbfsSystem> systems =
        catalogue.systems().stream().filter(this::accepts).toList();
    List<GbfsSystem> needsAuthentication =
        catalogue.needsAuthentication().stream().filter(this::accepts).toList();

    List<String> countriesWithoutSystems = new ArrayList<>();
    for (String country : countries) {
      boolean any = Stream.concat(
              catalogue.systems().stream(), catalogue.needsAuthentication().stream())
          .anyMatch(s -> s.countryCode().equals(country));
      if (!any) {
        countriesWithoutSystems.add(country);
      }
    }

    Map<String, GbfsSystem> known = new HashMap<>();
    Stream.concat(catalogue.systems().stream(), catalogue.needsAuthentication().stream())
        .forEach(s -> known.put(s.systemId(), s));
    List<UnmatchedId> unmatched = new ArrayList<>();
    for (String id : systemIds) {
      GbfsSystem system = known.get(id);
      if (system != null) {
        if (!countryAccepts(system)) {
          unmatched.add(new UnmatchedId(
              id,
              "is in country '" + system.countryCode() + "', not among the requested "
                  + String.join(",", countries)));
        }
        continue;
      }
      unmatched.add(new UnmatchedId(id, whyUnknown(id, catalogue, known.values())));
    }
    return new Selection(systems, needsAuthentication, unmatched, countriesWithoutSystems);
  }

  private static String whyUnknown(
      String id, SystemsCatalogue catalogue, Collection<GbfsSystem> known) {
    for (UnusableRow row : catalogue.unusable()) {
      if (row.systemId().equals(id) && row.reason() != UnusableRow.Reason.DUPLICATE_SYSTEM_ID) {
        return "is on a row that cannot be used: " + row;
      }
    }
    List<String> sameButCase = known.stream()
        .map(GbfsSystem::systemId)
        .filter(other -> other.equalsIgnoreCase(id))
        .sorted()
        .toList();
    return "is not in the catalogue " + catalogue.source()
        + (sameButCase.isEmpty()
            ? ""
            : " (ids are case-sensitive: did you mean " + String.join(" or ", sameButCase) + "?)");
  }

  private boolean accepts(GbfsSystem system) {
    return countryAccepts(system) && (systemIds.isEmpty() || systemIds.contains(system.systemId()));
  }

  private boolean countryAccepts(GbfsSystem system) {
    return countries.isEmpty() || countries.contains(system.countryCode());
  }

  private static Stream<String> items(String list) {
    if (list == null) {
      return Stream.empty();
    }
    return Arrays.stream(list.split(",")).map(String::strip).filter(item -> !item.isEmpty());
  }

  private static Set<String> unmodifiableOrdered(Set<String> items) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(items));
  }

  /**
   * A requested System ID that selects nothing.
   *
   * @param reason completes "system id X ...": not in the catalogue (with a near match if one
   *     differs only in case), on an unusable row, or outside the requested countries
   */
  public record UnmatchedId(String id, String reason) {
    @Override
    public String toString() {
      return "system id '" + id + "' " + reason;
    }
  }

  /**
   * What a filter selected from a catalogue.
   *
   * @param systems the systems to poll, in catalogue order
   * @param needsAuthentication selected systems skipped because they need credentials
   * @param unmatchedIds requested ids that selected nothing, in the order requested
   * @param countriesWithoutSystems requested countries with no readable system in the catalogue
   */
  public record Selection(
      List<GbfsSystem> systems,
      List<GbfsSystem> needsAuthentication,
      List<UnmatchedId> unmatchedIds,
      List<String> countriesWithoutSystems) {
    public Selection {
      systems = List.copyOf(systems);
      needsAuthentication = List.copyOf(needsAuthentication);
      unmatchedIds = List.copyOf(unmatchedIds);
      countriesWithoutSystems = List.copyOf(countriesWithoutSystems);
    }
  }
}
