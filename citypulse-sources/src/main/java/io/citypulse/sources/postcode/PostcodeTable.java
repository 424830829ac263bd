package io.citypulse.sources.postcode;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.sources.text.DelimitedText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's station-to-postcode table ({@code --postcodes FILE}), in the course's
 * {@code stations_information.csv} layout: header {@code stationCode,station_id,postcode,city}.
 *
 * <p>Tolerant of what spreadsheets produce: a UTF-8 BOM, {@code ;} or {@code ,} or tab
 * separators, quoted fields, CRLF, extra columns, any column order, trailing empty fields,
 * postcodes turned into numbers ({@code 75116.0}, {@code 1000} for {@code 01000}). A row without a
 * postcode (empty, {@code NULL}, {@code N/A}, {@code -}...) is left out, so its station goes on to
 * the geocoder; the course's own file has two. What cannot be read safely (no header, a row whose
 * fields do not line up with the header, a file that is not UTF-8, a station given two postcodes)
 * is a {@link PostcodeTableException} naming the file and line: a wrong table must stop the CLI,
 * not publish wrong buckets.
 */
public final class PostcodeTable {
  private static final Logger LOG = LoggerFactory.getLogger(PostcodeTable.class);

  /** How many rows a warning names before it says "..."; the count covers them all. */
  static final int EXAMPLES_IN_WARNINGS = 5;

  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Pattern FIVE_DIGITS = Pattern.compile("\\d{5}");
  private static final Pattern FOUR_DIGITS = Pattern.compile("\\d{4}");
  /** A whole number a spreadsheet wrote as a decimal: {@code 75116.0}, {@code 75116,00}. */
  private static final Pattern SPREADSHEET_NUMBER = Pattern.compile("(\\d+)[.,]0+");
  /**
   * What exports write for "no value": SQL and pandas ({@code NULL}, {@code None}, {@code NaN}),
   * Excel ({@code #N/A}), people ({@code -}, {@code N/A}, {@code ?}).
   */
  private static final Pattern NO_VALUE =
      Pattern.compile("(?i)null|none|nil|nan|n/?a|#n/?a|-+|\u2013|\u2014|\\?+");

  private static final List<String> CODE_HEADERS = List.of("stationcode", "shortname");
  private static final List<String> ID_HEADERS = List.of("stationid");
  private static final List<String> POSTCODE_HEADERS =
      List.of("postcode", "postalcode", "codepostal", "cp", "zipcode", "zip");
  private static final List<String> CITY_HEADERS =
      List.of("city", "commune", "nomcommune", "ville", "town");
  private static final String EXPECTED_HEADER = "stationCode,station_id,postcode,city";

  /**
   * A row of the file that a warning is about.
   *
   * @param postcode the postcode cell, trimmed and without a spreadsheet's {@code .0}, before
   *     any leading zero is restored
   */
  public record SourceRow(Path file, int line, String station, String postcode) {
    @Override
    public String toString() {
      return file + ":" + line + " (station " + station + ", postcode '" + postcode + "')";
    }
  }

  private final Map<String, PostcodeLocation> byCode;
  private final Map<String, PostcodeLocation> byId;
  private final int size;
  private final List<SourceRow> blankRows;
  private final List<SourceRow> restoredZeros;
  private final List<String> warnings;

  private PostcodeTable(
      Map<String, PostcodeLocation> byCode,
      Map<String, PostcodeLocation> byId,
      int size,
      List<SourceRow> blankRows,
      List<SourceRow> restoredZeros,
      List<String> warnings) {
    this.byCode = Map.copyOf(byCode);
    this.byId = Map.copyOf(byId);
    this.size = size;
    this.blankRows = List.copyOf(blankRows);
    this.restoredZeros = List.copyOf(restoredZeros);
    this.warnings = List.copyOf(warnings);
  }

  /** A table with no rows. */
  public static PostcodeTable empty() {
    return new PostcodeTable(Map.of(), Map.of(), 0, List.of(), List.of(), List.of());
  }

  /** Reads and validates {@code file}; every problem names the file and line. */
  public static PostcodeTable load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new PostcodeTableException(file, "cannot read postcode table: " + e, e);
    }
    PostcodeTable table = parse(decodeUtf8(bytes, file), file);
    LOG.info("postcode table {}: {} stations", file, table.size());
    return table;
  }

  /** Parses table text; {@code source} only names the input in messages. */
  static PostcodeTable parse(String text, Path source) {
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    char separator = DelimitedText.detectSeparator(text);
    List<DelimitedText.Row> rows;
    try {
      rows = DelimitedText.parse(text, separator);
    } catch (DelimitedText.MalformedException e) {
      throw new PostcodeTableException(source, e.line(), e.getMessage());
    }
    int headerIndex = 0;
    while (headerIndex < rows.size() && rows.get(headerIndex).isBlank()) {
      headerIndex++;
    }
    if (headerIndex == rows.size()) {
      throw new PostcodeTableException(
          source, 1, "empty file, expected a header " + EXPECTED_HEADER);
    }
    DelimitedText.Row header = rows.get(headerIndex);
    Columns columns = Columns.of(header, source);

    List<Entry> entries = new ArrayList<>();
    List<SourceRow> blankRows = new ArrayList<>();
    for (DelimitedText.Row row : rows.subList(headerIndex + 1, rows.size())) {
      if (row.isBlank()) {
        continue;
      }
      columns.checkWidth(row, header, separator, source);
      String code = wholeNumber(clean(columns.field(row, columns.code())));
      String id = wholeNumber(clean(columns.field(row, columns.id())));
      String rawPostcode = columns.field(row, columns.postcode());
      String postcode = wholeNumber(clean(rawPostcode));
      String city = clean(columns.field(row, columns.city()));
      if (code == null && id == null) {
        throw new PostcodeTableException(source, row.line(), "neither stationCode nor station_id");
      }
      String station = code != null ? code : id;
      if (postcode == null) {
        blankRows.add(new SourceRow(
            source, row.line(), station, rawPostcode == null ? "" : rawPostcode.strip()));
        continue;
      }
      entries.add(new Entry(row.line(), code, id, station, postcode, city));
    }

    // Spreadsheets read 01000 as the number 1000. Only French-looking tables get their zero
    // back: in Belgium, Switzerland or Norway 1000 is a real 4-digit postcode.
    boolean french = looksFrench(entries);
    List<SourceRow> restored = new ArrayList<>();
    List<SourceRow> odd = new ArrayList<>();
    Map<String, PostcodeLocation> byCode = new HashMap<>();
    Map<String, Integer> codeLines = new HashMap<>();
    Map<String, PostcodeLocation> byId = new HashMap<>();
    Map<String, Integer> idLines = new HashMap<>();
    for (Entry entry : entries) {
      String postcode = entry.postcode();
      if (french && FOUR_DIGITS.matcher(postcode).matches()) {
        restored.add(new SourceRow(source, entry.line(), entry.station(), postcode));
        postcode = "0" + postcode;
      } else if (french && !FIVE_DIGITS.matcher(postcode).matches()) {
        odd.add(new SourceRow(source, entry.line(), entry.station(), postcode));
      }
      PostcodeLocation location =
          new PostcodeLocation(postcode, entry.city(), PostcodeLocation.Source.TABLE);
      if (entry.code() != null) {
        putUnique(byCode, codeLines, entry.code(), location, entry.line(), "stationCode", source);
      }
      if (entry.id() != null) {
        putUnique(byId, idLines, entry.id(), location, entry.line(), "station_id", source);
      }
    }

    List<String> warnings = new ArrayList<>();
    warn(
        warnings,
        blankRows,
        "postcode table " + source + ": " + blankRows.size()
            + " row(s) without a postcode (empty, NULL, N/A, - or the like) left out; those"
            + " stations take the feed's postcode or the geocoder's, else "
            + PostcodeLocation.UNKNOWN.postcode());
    warn(
        warnings,
        restored,
        "postcode table " + source + ": " + restored.size()
            + " 4-digit postcode(s) given back their leading zero (most postcodes here have 5 digits,"
            + " as French ones do; a spreadsheet stored them as numbers)");
    warn(
        warnings,
        odd,
        "postcode table " + source + ": " + odd.size()
            + " postcode(s) not of 5 digits although most are; kept as written");
    return new PostcodeTable(byCode, byId, entries.size(), blankRows, restored, warnings);
  }

  /** One data row with a postcode, before the leading-zero rule. */
  private record Entry(
      int line, String code, String id, String station, String postcode, String city) {}

  /** Most numeric postcodes have 5 digits, as in France (01000 to 98799). */
  private static boolean looksFrench(List<Entry> entries) {
    int numeric = 0;
    int fiveDigits = 0;
    for (Entry entry : entries) {
      if (DIGITS.matcher(entry.postcode()).matches()) {
        numeric++;
        if (entry.postcode().length() == 5) {
          fiveDigits++;
        }
      }
    }
    return fiveDigits * 2 > numeric;
  }

  /** Logs one WARN for a whole kind of doubtful row: the count and the first few rows. */
  private static void warn(List<String> warnings, List<SourceRow> rows, String summary) {
    if (rows.isEmpty()) {
      return;
    }
    String examples = rows.stream()
        .limit(EXAMPLES_IN_WARNINGS)
        .map(SourceRow::toString)
        .collect(Collectors.joining(", "));
    String warning =
        summary + ": " + examples + (rows.size() > EXAMPLES_IN_WARNINGS ? ", ..." : "");
    warnings.add(warning);
    LOG.warn(warning);
  }

  /**
   * Trims (also the no-break spaces French number formats use) and maps "no value" markers to
   * null.
   */
  private static String clean(String value) {
    if (value == null) {
      return null;
    }
    int start = 0;
    int end = value.length();
    while (start < end && isSpace(value.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(value.charAt(end - 1))) {
      end--;
    }
    String trimmed = value.substring(start, end);
    return trimmed.isEmpty() || NO_VALUE.matcher(trimmed).matches() ? null : trimmed;
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || c == '\u00A0' || c == '\u202F' || c == '\u2007';
  }

  /** {@code 75116.0} back to {@code 75116}: a spreadsheet column formatted as a number. */
  private static String wholeNumber(String value) {
    if (value == null) {
      return null;
    }
    Matcher matcher = SPREADSHEET_NUMBER.matcher(value);
    return matcher.matches() ? matcher.group(1) : value;
  }

  private static void putUnique(
      Map<String, PostcodeLocation> index,
      Map<String, Integer> lines,
      String key,
      PostcodeLocation location,
      int line,
      String column,
      Path source) {
    PostcodeLocation previous = index.putIfAbsent(key, location);
    if (previous == null) {
      lines.put(key, line);
    } else if (!previous.equals(location)) {
      throw new PostcodeTableException(
          source,
          line,
          column + " " + key + " already mapped to " + previous.postcode() + " on line "
              + lines.get(key) + ", now to " + location.postcode());
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

  /**
   * The commune of this station's row, if the row gives the same {@code postcode} (the feed's).
   * A feed with {@code post_code} but no city still gets its commune from the table; a row that
   * disagrees with the feed's postcode is about another place, so its commune is not used.
   */
  public Optional<String> communeOf(String stationCode, String stationId, String postcode) {
    if (postcode == null) {
      return Optional.empty();
    }
    String wanted = postcode.trim();
    return find(stationCode, stationId)
        .filter(location -> location.postcode().equals(wanted))
        .map(PostcodeLocation::commune);
  }

  /** Number of stations placed (rows with a postcode). */
  public int size() {
    return size;
  }

  /** Rows left out because their postcode is empty or a "no value" marker, in file order. */
  public List<SourceRow> blankRows() {
    return blankRows;
  }

  /** Rows whose 4-digit postcode got its leading zero back, with the postcode as read. */
  public List<SourceRow> restoredZeros() {
    return restoredZeros;
  }

  /** The warnings logged while reading: at most one per kind, each naming file:line examples. */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Strict UTF-8: the course's file and Excel's "CSV UTF-8" are UTF-8. Guessing another charset
   * would turn a wrong guess into wrong communes without a word; naming the line of the first bad
   * byte and how to re-save the file costs the user one minute.
   */
  static String decodeUtf8(byte[] bytes, Path file) {
    if (startsWith(bytes, 0x50, 0x4B, 0x03, 0x04)) {
      throw new PostcodeTableException(
          file,
          1,
          "this is a zip file (an Excel .xlsx or"
              + " LibreOffice .ods workbook?), not CSV: save the sheet as \"CSV UTF-8\"");
    }
    if (startsWith(bytes, 0xFF, 0xFE) || startsWith(bytes, 0xFE, 0xFF)) {
      throw new PostcodeTableException(
          file,
          1,
          "the file is UTF-16 (Excel's \"Unicode text\"),"
              + " not UTF-8: save it as \"CSV UTF-8\"");
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      throw new PostcodeTableException(
          file,
          lineOf(bytes, offset),
          String.format(
              Locale.ROOT,
              "not UTF-8 (byte 0x%02X at offset %d); the file was probably saved as Windows-1252 or"
                  + " ISO-8859-1 (Excel's plain \"CSV\"): re-save it as \"CSV UTF-8\", or convert it with"
                  + " iconv -f WINDOWS-1252 -t UTF-8",
              bytes[offset] & 0xFF,
              offset));
    }
    return out.flip().toString();
  }

  /** The 1-based line of a byte, counting line ends as {@link DelimitedText} does. */
  private static int lineOf(byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      boolean crlf = bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n';
      if (bytes[i] == '\n' || (bytes[i] == '\r' && !crlf)) {
        line++;
      }
    }
    return line;
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Positions of the known columns in the header; -1 when absent. */
  private record Columns(int code, int id, int postcode, int city, int width) {
    static Columns of(DelimitedText.Row header, Path source) {
      List<String> names = header.fields().stream().map(Columns::normalise).toList();
      Columns columns = new Columns(
          indexOf(names, CODE_HEADERS),
          indexOf(names, ID_HEADERS),
          indexOf(names, POSTCODE_HEADERS),
          indexOf(names, CITY_HEADERS),
          header.width());
      if (columns.postcode < 0 || (columns.code < 0 && columns.id < 0)) {
        boolean data =
            header.fields().stream().anyMatch(f -> DIGITS.matcher(f.trim()).matches());
        throw new PostcodeTableException(
            source,
            header.line(),
            (data
                    ? "no header: this line looks like data " + header.fields()
                    : "header " + header.fields() + " lacks a postcode column and a stationCode or"
                        + " station_id column")
                + "; the first line must name the columns, e.g. " + EXPECTED_HEADER);
      }
      return columns;
    }

    /**
     * A row must have the header's fields, give or take trailing empty ones: one more or one less
     * usually means an unquoted separator inside a value or a missing one, which shifts the
     * postcode column, so reading on would file stations under wrong postcodes.
     */
    void checkWidth(DelimitedText.Row row, DelimitedText.Row header, char separator, Path source) {
      String name = separator == '\t' ? "tab" : "'" + separator + "'";
      if (row.fields().size() < width) {
        throw new PostcodeTableException(
            source,
            row.line(),
            row.fields().size()
                + " field(s) where the header (line " + header.line() + ") has " + width
                + "; every row needs the header's " + name + "-separated columns, even empty");
      }
      if (row.width() > width) {
        throw new PostcodeTableException(
            source,
            row.line(),
            row.width()
                + " fields where the header (line " + header.line() + ") has " + width
                + "; a value containing " + name + " must be in double quotes");
      }
    }

    String field(DelimitedText.Row row, int index) {
      if (index < 0 || index >= row.fields().size()) {
        return null;
      }
      return row.fields().get(index);
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
