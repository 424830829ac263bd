package io.citypulse.sources.poll;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** Which stations to keep: {@code all}, or a list of station codes or station ids. */
public final class StationFilter {

  public static final StationFilter ALL = new StationFilter(Set.of());

  private final Set<String> wanted;

  private StationFilter(Set<String> wanted) {
    this.wanted = Collections.unmodifiableSet(new LinkedHashSet<>(wanted));
  }

  /**
   * Parses {@code all} or a comma-separated list ({@code 16107,32017}).
   *
   * @throws IllegalArgumentException for an empty list, or {@code all} mixed with codes
   */
  public static StationFilter parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(
          "no stations given: use 'all' or station codes or ids separated by commas, e.g. 16107,32017");
    }
    Set<String> entries = new LinkedHashSet<>();
    for (String part : spec.split("[,;\\s]+")) {
      if (!part.isEmpty()) {
        entries.add(part);
      }
    }
    boolean all =
        entries.stream().anyMatch(e -> e.toLowerCase(Locale.ROOT).equals("all") || e.equals("*"));
    if (all && entries.size() > 1) {
      throw new IllegalArgumentException(
          "'all' cannot be combined with station codes: '" + spec + "'");
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("no station codes in '" + spec + "'");
    }
    return all ? ALL : new StationFilter(entries);
  }

  /** Keeps exactly these station codes or ids. */
  public static StationFilter of(Collection<String> codesOrIds) {
    if (codesOrIds.isEmpty()) {
      throw new IllegalArgumentException(
          "an empty station list would keep nothing; use ALL for all");
    }
    return new StationFilter(new LinkedHashSet<>(codesOrIds));
  }

  public boolean isAll() {
    return wanted.isEmpty();
  }

  /** The codes or ids listed; empty for {@link #ALL}. */
  public Set<String> entries() {
    return wanted;
  }

  /** True when the station's code or its id is listed (or the filter is {@code all}). */
  public boolean matches(String stationCode, String stationId) {
    return isAll()
        || (stationCode != null && wanted.contains(stationCode))
        || (stationId != null && wanted.contains(stationId));
  }

  public boolean matches(JoinedStation station) {
    if (isAll()) {
      return true;
    }
    String informationCode =
        station.information() == null ? null : station.information().stationCode();
    return matches(station.stationCode(), station.status().stationId())
        || (informationCode != null && wanted.contains(informationCode));
  }

  @Override
  public String toString() {
    return isAll() ? "all" : String.join(",", wanted);
  }
}
