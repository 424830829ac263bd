package io.citypulse.sources.catalogue;

import io.citypulse.sources.catalogue.UnusableRow.Reason;
import io.citypulse.sources.text.DelimitedText;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * MobilityData's GBFS systems catalogue ({@code systems.csv}), read into the systems citypulse
 * can poll, the systems set aside because their feeds need credentials, and the rows it cannot
 * use, each with its line and reason: every data row ends up in exactly one of the three.
 *
 * <p>Columns are found by header name, whatever their order, and extra columns are ignored;
 * names match ignoring case, spaces and punctuation ({@code auto_discovery_url} is {@code
 * Auto-Discovery URL}). Required: {@value #REQUIRED_HEADERS}. Optional: {@code Location}, {@code
 * URL}, {@code Supported Versions} and the three {@code Authentication ...} columns (older copies
 * of the catalogue have none of them). UTF-8 with or without a BOM, RFC 4180 quoting (names and
 * locations hold commas: {@code "Mississauga, ON"}), parsed by the same {@link DelimitedText} as
 * the postcode table. Blank lines are not rows.
 *
 * <p>When two rows share a System ID (the catalogue has had such pairs, two different systems
 * under one id), the first is kept and the later ones are {@link Reason#DUPLICATE_SYSTEM_ID}:
 * records and topics are keyed by the id, so two systems under one id would merge their
 * stations.
 *
 * @param source the file, or the name given with the reader, for messages
 * @param rows how many data rows the file has (blank lines left out)
 * @param systems the systems to poll, in file order
 * @param needsAuthentication systems whose feeds need credentials (a non-empty {@code
 *     Authentication Type}), in file order: skipped, and listed so the user knows
 * @param unusable rows naming no system that can be polled, in file order
 */
public record SystemsCatalogue(
    String source,
    int rows,
    List<GbfsSystem> systems,
    List<GbfsSystem> needsAuthentication,
    List<UnusableRow> unusable) {

  static final String REQUIRED_HEADERS = "Country Code, Name, System ID, Auto-Discovery URL";

  public SystemsCatalogue {
    Objects.requireNonNull(source, "source");
    systems = List.copyOf(systems);
    needsAuthentication = List.copyOf(needsAuthentication);
    unusable = List.copyOf(unusable);
    if (rows != systems.size() + needsAuthentication.size() + unusable.size()) {
      throw new IllegalArgumentException(rows + " rows but " + systems.size() + " systems, "
          + needsAuthentication.size() + " needing authentication and " + unusable.size()
          + " unusable");
    }
  }

  /** Reads a catalogue file; it must be UTF-8 (a BOM is allowed). */
  public static SystemsCatalogue read(Path file) {
    String source = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CatalogueException(source, 0, "cannot read the systems catalogue: " + e, e);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CatalogueException(
          source, 0, "not UTF-8 text: a systems catalogue is a UTF-8 CSV file", e);
    }
    return parse(text, source);
  }

  /**
   * Reads a catalogue from {@code reader}, which the caller opened with the right charset (UTF-8
   * for MobilityData's file) and still owns; {@code source} names it in messages.
   */
  public static SystemsCatalogue read(Reader reader, String source) {
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[8192];
    try {
      for (int n; (n = reader.read(buffer)) != -1; ) {
        text.append(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new CatalogueException(source, 0, "cannot read the systems catalogue: " + e, e);
    }
    return parse(text.toString(), source);
  }

  /** Parses catalogue text; {@code source} only names it in messages. */
  static SystemsCatalogue parse(String text, String source) {
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    List<DelimitedText.Row> all;
    try {
      all = DelimitedText.parse(text, DelimitedText.detectSeparator(text));
    } catch (DelimitedText.MalformedException e) {
      throw new CatalogueException(source, e.line(), e.getMessage());
    }
    List<DelimitedText.Row> nonBlank =
        all.stream().filter(row -> !row.isBlank()).toList();
    if (nonBlank.isEmpty()) {
      throw new CatalogueException(
          source,
          0,
          "empty file, expected a systems catalogue with the columns " + REQUIRED_HEADERS);
    }
    Columns columns = Columns.of(nonBlank.get(0), source);
    List<DelimitedText.Row> dataRows = nonBlank.subList(1, nonBlank.size());

    List<GbfsSystem> systems = new ArrayList<>();
    List<GbfsSystem> needsAuthentication = new ArrayList<>();
    List<UnusableRow> unusable = new ArrayList<>();
    Map<String, Integer> lineOfId = new HashMap<>();
    for (DelimitedText.Row row : dataRows) {
      Read read = columns.read(row);
      if (read.unusable() != null) {
        unusable.add(read.unusable());
        continue;
      }
      GbfsSystem system = read.system();
      Integer first = lineOfId.putIfAbsent(system.systemId(), row.line());
      if (first != null) {
        unusable.add(
            new UnusableRow(
                row.line(),
                system.systemId(),
                Reason.DUPLICATE_SYSTEM_ID,
                "System ID '" + system.systemId() + "' is also on line " + first
                    + ", which is kept; records are keyed by the id, so one id cannot name two systems"));
      } else if (system.needsAuthentication()) {
        needsAuthentication.add(system);
      } else {
        systems.add(system);
      }
    }
    return new SystemsCatalogue(source, dataRows.size(), systems, needsAuthentication, unusable);
  }

  /** A one-line account for logs: counts, and unusable rows by reason. */
  public String summary() {
    String reasons = unusable.stream()
        .collect(Collectors.groupingBy(
            UnusableRow::reason, () -> new EnumMap<>(Reason.class), Collectors.counting()))
        .entrySet()
        .stream()
        .map(
            e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' '))
        .collect(Collectors.joining(", "));
    return "systems catalogue " + source + ": " + rows + " rows, " + systems.size()
        + " systems to poll, " + needsAuthentication.size() + " skipped (need authentication), "
        + unusable.size() + " unusable" + (reasons.isEmpty() ? "" : " (" + reasons + ")");
  }

  /** A row read: a system, or why not. */
  private record Read(GbfsSystem system, UnusableRow unusable) {}

  /** Where each column is, found by header name; {@code width} is the header's field count. */
  private record Columns(
      int width,
      int country,
      int name,
      int location,
      int systemId,
      int autoDiscovery,
      int versions,
      int authInfoUrl,
      int authType,
      int authParameter) {

    private static final int ABSENT = -1;

    static Columns of(DelimitedText.Row header, String source) {
      Map<String, Integer> index = new HashMap<>();
      List<String> fields = header.fields();
      for (int i = 0; i < fields.size(); i++) {
        String key = normalise(fields.get(i));
        if (key.isEmpty()) {
          continue;
        }
        Integer before = index.putIfAbsent(key, i);
        if (before != null && isKnown(key)) {
          throw new CatalogueException(
              source,
              header.line(),
              "the column '" + fields.get(i).strip() + "' appears twice (columns " + (before + 1)
                  + " and " + (i + 1) + "): which one to read is ambiguous");
        }
      }
      List<String> missing = Arrays.stream(REQUIRED_HEADERS.split(", "))
          .filter(name -> !index.containsKey(normalise(name)))
          .toList();
      if (!missing.isEmpty()) {
        throw new CatalogueException(
            source,
            header.line(),
            "not a GBFS systems catalogue: missing the column(s) " + String.join(", ", missing)
                + " (header found: " + String.join(",", fields) + "; expected at least "
                + REQUIRED_HEADERS + ", as in MobilityData's systems.csv)");
      }
      return new Columns(
          fields.size(),
          index.get(normalise("Country Code")),
          index.get(normalise("Name")),
          index.getOrDefault(normalise("Location"), ABSENT),
          index.get(normalise("System ID")),
          index.get(normalise("Auto-Discovery URL")),
          index.getOrDefault(normalise("Supported Versions"), ABSENT),
          index.getOrDefault(normalise("Authentication Info URL"), ABSENT),
          index.getOrDefault(normalise("Authentication Type"), ABSENT),
          index.getOrDefault(normalise("Authentication Parameter Name"), ABSENT));
    }

    private static final List<String> KNOWN = List.of(
        "countrycode",
        "name",
        "location",
        "systemid",
        "url",
        "autodiscoveryurl",
        "supportedversions",
        "authenticationinfourl",
        "authenticationtype",
        "authenticationparametername");

    private static boolean isKnown(String key) {
      return KNOWN.contains(key);
    }

    /** {@code Auto-Discovery URL}, {@code auto_discovery_url}: {@code autodiscoveryurl}. */
    private static String normalise(String header) {
      StringBuilder key = new StringBuilder();
      header
          .codePoints()
          .filter(Character::isLetterOrDigit)
          .map(Character::toLowerCase)
          .forEach(key::appendCodePoint);
      return key.toString();
    }

    Read read(DelimitedText.Row row) {
      List<String> fields = row.fields();
      String id = cell(fields, systemId);
      // Every row has as many fields as the header, as CSV writers and spreadsheets write them
      // (Excel pads the header too when it pads rows). One more field is almost always an
      // unquoted comma ("Maple Bay, BC") that shifted the cells: the System ID cell then holds
      // " BC", so the row is refused, not read with the wrong values.
      if (fields.size() != width) {
        return unusable(
            row,
            "",
            Reason.FIELD_COUNT,
            fields.size() + " fields where the header has " + width
                + (fields.size() > width
                    ? " (an unquoted comma in a name or location?)"
                    : " (a field or a separator is missing)"));
      }
      if (id.isEmpty()) {
        return unusable(row, id, Reason.MISSING_SYSTEM_ID, "no System ID");
      }
      String url = cell(fields, autoDiscovery);
      if (url.isEmpty()) {
        return unusable(row, id, Reason.MISSING_AUTO_DISCOVERY_URL, "no Auto-Discovery URL");
      }
      URI uri;
      try {
        uri = httpUri(url);
      } catch (IllegalArgumentException e) {
        return unusable(
            row,
            id,
            Reason.BAD_AUTO_DISCOVERY_URL,
            "Auto-Discovery URL '" + url + "' " + e.getMessage());
      }
      return new Read(
          new GbfsSystem(
              row.line(),
              id,
              cell(fields, name),
              cell(fields, country).toUpperCase(Locale.ROOT),
              cell(fields, location),
              uri,
              split(cell(fields, versions), ";"),
              new GbfsSystem.Authentication(
                  cell(fields, authType),
                  split(cell(fields, authParameter), "|"),
                  cell(fields, authInfoUrl))),
          null);
    }

    private static Read unusable(DelimitedText.Row row, String id, Reason reason, String detail) {
      return new Read(null, new UnusableRow(row.line(), id, reason, detail));
    }

    private static String cell(List<String> fields, int column) {
      return column == ABSENT || column >= fields.size()
          ? ""
          : fields.get(column).strip();
    }

    private static List<String> split(String value, String separator) {
      return Arrays.stream(value.split(Pattern.quote(separator)))
          .map(String::strip)
          .filter(part -> !part.isEmpty())
          .distinct()
          .toList();
    }
  }

  /**
   * An absolute http(s) URI with a host, or an {@link IllegalArgumentException} whose message
   * completes "Auto-Discovery URL 'x' ...".
   */
  static URI httpUri(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "is not a URL: " + e.getReason() + " at index " + e.getIndex());
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new IllegalArgumentException("is not absolute: expected http:// or https://");
    }
    if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
      throw new IllegalArgumentException("has the scheme '" + scheme + "': expected http or https");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      // java.net.URI leaves the host null for authorities that are not host names (an
      // underscore, a non-ASCII letter): the HTTP client could not connect to them either.
      throw new IllegalArgumentException(
          uri.getRawAuthority() == null
              ? "has no host name"
              : "has no usable host name in '" + uri.getRawAuthority() + "'");
    }
    return uri;
  }
}
