package io.citypulse.sources.postcode;

import io.citypulse.model.PostcodeLocation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's station-to-postcode table ({@code --postcodes FILE}), in the course's
 * {@code stations_information.csv} layout: header {@code stationCode,station_id,postcode,city}.
 *
 * <p>Tolerant of what spreadsheets produce: UTF-8 BOM or Windows-1252 text, {@code ;} or
 * {@code ,} or tab separators, quoted fields, CRLF, extra columns, any column order. Postcodes stay
 * text so {@code 01000} keeps its zero. Anything it cannot use is a {@link PostcodeTableException}
 * naming the file and line: a wrong table must stop the CLI, not publish wrong buckets.
 */
public final class PostcodeTable {
  private static final Logger LOG = LoggerFactory.getLogger(PostcodeTable.class);
  private static final Pattern FRENCH_POSTCODE = Pattern.compile("\\d{5}");
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private static final List<String> CODE_HEADERS = List.of("stationcode", "shortname");
  private static final List<String> ID_HEADERS = List.of("stationid");
  private static final List<String> POSTCODE_HEADERS =
      List.of("postcode", "postalcode", "codepostal", "cp", "zipcode");
  private static final List<String> CITY_HEADERS =
      List.of("city", "commune", "nomcommune", "ville", "town");

  private final Map<String, PostcodeLocation> byCode;
  private final Map<String, PostcodeLocation> byId;
  private final int size;
  private final List<String> warnings;

  private PostcodeTable(Map<String, PostcodeLocation> byCode, Map<String, PostcodeLocation> byId,
      int size, List<String> warnings) {
    this.byCode = Map.copyOf(byCode);
    this.byId = Map.copyOf(byId);
    this.size = size;
    this.warnings = List.copyOf(warnings);
  }

  /** A table with no rows. */
  public static PostcodeTable empty() {
    return new PostcodeTable(Map.of(), Map.of(), 0, List.of());
  }

  /** Reads and validates {@code file}; every problem names the file and line. */
  public static PostcodeTable load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new PostcodeTableException(file, "cannot read postcode table: " + e, e);
    }
    PostcodeTable table = parse(decode(bytes, file), file);
    LOG.info("postcode table {}: {} stations", file, table.size());
    return table;
  }

  /** Parses table text; {@code source} only names the input in messages. */
  static PostcodeTable parse(String text, Path source) {
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    List<DelimitedText.Row> rows;
    try {
      rows = DelimitedText.parse(text, DelimitedText.detectSeparator(text));
    } catch (DelimitedText.MalformedException e) {
      throw new PostcodeTableException(source, e.line, e.getMessage());
    }
    int headerIndex = 0;
    while (headerIndex < rows.size() && rows.get(headerIndex).isBlank()) {
      headerIndex++;
    }
    if (headerIndex == rows.size()) {
      throw new PostcodeTableException(source, 1,
          "empty file, expected a header stationCode,station_id,postcode,city");
    }
    DelimitedText.Row header = rows.get(headerIndex);
    Columns columns = Columns.of(header, source);

    Map<String, PostcodeLocation> byCode = new HashMap<>();
    Map<String, Integer> codeLines = new HashMap<>();
    Map<String, PostcodeLocation> byId = new HashMap<>();
    Map<String, Integer> idLines = new HashMap<>();
    List<String> warnings = new ArrayList<>();
    int size = 0;
    for (DelimitedText.Row row : rows.subList(headerIndex + 1, rows.size())) {
      if (row.isBlank()) {
        continue;
      }
      if (row.fields().size() <= columns.lastRequired()) {
        throw new PostcodeTableException(source, row.line(), "expected at least "
            + (columns.lastRequired() + 1) + " fields as in the header, found " + row.fields().size());
      }
      String code = columns.field(row, columns.code());
      String id = columns.field(row, columns.id());
      String postcode = columns.field(row, columns.postcode());
      String city = columns.field(row, columns.city());
      if (code == null && id == null) {
        throw new PostcodeTableException(source, row.line(), "neither stationCode nor station_id");
      }
      if (postcode == null) {
        throw new PostcodeTableException(source, row.line(), "blank postcode for station "
            + (code != null ? code : id));
      }
      if (!FRENCH_POSTCODE.matcher(postcode).matches()) {
        // Loose on purpose: non-French systems have other formats; a spreadsheet that ate a
        // leading zero ("1000" for "01000") is worth a warning, not a refusal.
        String warning = source + ":" + row.line() + ": postcode '" + postcode
            + "' is not a 5-digit French postcode; kept as is";
        warnings.add(warning);
        LOG.warn(warning);
      }
      PostcodeLocation location = new PostcodeLocation(postcode, city, PostcodeLocation.Source.TABLE);
      if (code != null) {
        putUnique(byCode, codeLines, code, location, row.line(), "stationCode", source);
      }
      if (id != null) {
        putUnique(byId, idLines, id, location, row.line(), "station_id", source);
      }
      size++;
    }
    return new PostcodeTable(byCode, byId, size, warnings);
  }

  private static void putUnique(Map<String, PostcodeLocation> index, Map<String, Integer> lines,
      String key, PostcodeLocation location, int line, String column, Path source) {
    PostcodeLocation previous = index.putIfAbsent(key, location);
    if (previous == null) {
      lines.put(key, line);
    } else if (!previous.equals(location)) {
      throw new PostcodeTableException(source, line, column + " " + key + " already mapped to "
          + previous.postcode() + " on line " + lines.get(key) + ", now to " + location.postcode());
    }
  }

  /** The row of this station: by station code first, then by station id. */
  public Optional<PostcodeLocation> find(String stationCode, String stationId) {
    PostcodeLocation found = stationCode == null ? null : byCode.get(stationCode.trim());
    if (found == null && stationId != null) {
      found = byId.get(stationId.trim());
    }
    return Optional.ofNullable(found);
  }

  /** Number of data rows. */
  public int size() {
    return size;
  }

  /** Rows accepted with a doubt (postcode not 5 digits), with file and line. */
  public List<String> warnings() {
    return warnings;
  }

  /** Exports from French Excel are often Windows-1252: accept them rather than mangle accents. */
  private static String decode(byte[] bytes, Path file) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      LOG.warn("postcode table {} is not UTF-8; reading it as Windows-1252", file);
      return new String(bytes, WINDOWS_1252);
    }
  }

  /** Positions of the known columns in the header; -1 when absent. */
  private record Columns(int code, int id, int postcode, int city) {
    static Columns of(DelimitedText.Row header, Path source) {
      List<String> names = header.fields().stream().map(Columns::normalise).toList();
      Columns columns = new Columns(indexOf(names, CODE_HEADERS), indexOf(names, ID_HEADERS),
          indexOf(names, POSTCODE_HEADERS), indexOf(names, CITY_HEADERS));
      if (columns.postcode < 0 || (columns.code < 0 && columns.id < 0)) {
        throw new PostcodeTableException(source, header.line(), "header " + header.fields()
            + " lacks a postcode column and a stationCode or station_id column"
            + " (expected stationCode,station_id,postcode,city)");
      }
      return columns;
    }

    int lastRequired() {
      return Math.max(postcode, Math.max(code, id));
    }

    String field(DelimitedText.Row row, int index) {
      if (index < 0 || index >= row.fields().size()) {
        return null;
      }
      String value = row.fields().get(index).trim();
      return value.isEmpty() ? null : value;
    }

    private static String normalise(String name) {
      return name.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static int indexOf(List<String> names, List<String> accepted) {
      for (String candidate : accepted) {
        int index = names.indexOf(candidate);
        if (index >= 0) {
          return index;
        }
      }
      return -1;
    }
  }
}
