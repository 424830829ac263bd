package io.citypulse.sources.ingest;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Which stations to keep: {@code all}, or a list matched against station code or station id. */
public final class StationFilter {
  private final Set<String> wanted;

  private StationFilter(Set<String> wanted) {
    this.wanted = wanted;
  }

  /** Parses "all" or "16107,32017" (blanks ignored); an empty list is an error. */
  public static StationFilter parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("station list is empty: give 'all' or station codes");
    }
    if (spec.trim().equalsIgnoreCase("all")) {
      return new StationFilter(null);
    }
    Set<String> codes = Arrays.stream(spec.split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    if (codes.isEmpty()) {
      throw new IllegalArgumentException("station list '" + spec + "' names no station");
    }
    return new StationFilter(codes);
  }

  public boolean keepsAll() {
    return wanted == null;
  }

  public boolean matches(String stationCode, String stationId) {
    return wanted == null || wanted.contains(stationCode) || wanted.contains(stationId);
  }

  /** The listed codes (empty for {@code all}). */
  public Set<String> codes() {
    return wanted == null ? Set.of() : wanted;
  }
}
