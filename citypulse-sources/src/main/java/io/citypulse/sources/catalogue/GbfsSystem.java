package io.citypulse.sources.catalogue;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One bike-share system of the GBFS systems catalogue, as its row gives it.
 *
 * @param line the 1-based line of its row in the catalogue file, for messages
 * @param systemId the catalogue's System ID, trimmed, case kept (GBFS ids are case-sensitive)
 * @param name the system's public name
 * @param countryCode the ISO 3166-1 alpha-2 country code, upper-cased; empty when the row has none
 * @param location the place it serves, as written ({@code "Mississauga, ON"}); may be empty
 * @param autoDiscovery the absolute http(s) URI of its {@code gbfs.json} (some systems publish
 *     it without the {@code .json} suffix, or with a query string)
 * @param supportedVersions the GBFS versions the catalogue lists, in the catalogue's order, each
 *     trimmed ({@code "1.1 ; 2.3"} and {@code "1.1; 2.3"} both give {@code [1.1, 2.3]}); empty
 *     when the catalogue lists none. A hint only: the discovery file says what is served
 * @param authentication what the feed needs to be read; {@link Authentication#NONE} for most
 */
public record GbfsSystem(
    int line,
    String systemId,
    String name,
    String countryCode,
    String location,
    URI autoDiscovery,
    List<String> supportedVersions,
    Authentication authentication) {

  private static final Pattern NUMERIC_VERSION = Pattern.compile("\\d+(\\.\\d+)*");

  public GbfsSystem {
    Objects.requireNonNull(systemId, "systemId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(countryCode, "countryCode");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(autoDiscovery, "autoDiscovery");
    Objects.requireNonNull(authentication, "authentication");
    supportedVersions = List.copyOf(supportedVersions);
  }

  /** Whether the catalogue says the feed needs credentials ({@code Authentication Type} given). */
  public boolean needsAuthentication() {
    return authentication.required();
  }

  /** The highest of the supported versions that are numbers ({@code 3.0} of {@code 2.3 ; 3.0}). */
  public Optional<String> newestVersion() {
    return supportedVersions.stream()
        .filter(v -> NUMERIC_VERSION.matcher(v).matches())
        .max(Comparator.comparing(GbfsSystem::versionParts, GbfsSystem::compareParts));
  }

  private static int[] versionParts(String version) {
    String[] parts = version.split("\\.");
    int[] numbers = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      numbers[i] = parts[i].length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(parts[i]);
    }
    return numbers;
  }

  private static int compareParts(int[] a, int[] b) {
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      int x = i < a.length ? a[i] : 0;
      int y = i < b.length ? b[i] : 0;
      if (x != y) {
        return Integer.compare(x, y);
      }
    }
    return 0;
  }

  /**
   * The catalogue's authentication columns. MobilityData's file writes the type as a code (rows of
   * sharedmobility.ch and Deutsche Bahn have {@code 2}) rather than a name, so it is kept as
   * written: any non-empty type means "needs credentials".
   *
   * @param type the {@code Authentication Type} cell, trimmed; empty when none is needed
   * @param parameterNames the {@code Authentication Parameter Name} cell split on {@code |}
   *     ({@code DB-Client-Id|DB-Api-Key} names two headers)
   * @param infoUrl the {@code Authentication Info URL} cell, trimmed; may be empty
   */
  public record Authentication(String type, List<String> parameterNames, String infoUrl) {
    /** No authentication. */
    public static final Authentication NONE = new Authentication("", List.of(), "");

    public Authentication {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(infoUrl, "infoUrl");
      parameterNames = List.copyOf(parameterNames);
    }

    /** Whether credentials are needed. */
    public boolean required() {
      return !type.isEmpty();
    }

    @Override
    public String toString() {
      if (!required()) {
        return "none";
      }
      return "type " + type
          + (parameterNames.isEmpty() ? "" : ", parameters " + String.join("|", parameterNames))
          + (infoUrl.isEmpty() ? "" : ", see " + infoUrl);
    }
  }
}
