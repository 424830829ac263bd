package io.citypulse.sources.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader, shared by the postcode table and the GBFS systems catalogue: quoted fields with doubled quotes and embedded separators or line
 * breaks, CRLF/LF/CR line ends. Spreadsheet exports in France use {@code ;}, others {@code ,}.
 */
public final class DelimitedText {
  private DelimitedText() {}

  /** One record and the 1-based line it starts on. */
  public record Row(int line, List<String> fields) {
    public boolean isBlank() {
      return fields.stream().allMatch(String::isBlank);
    }

    /**
     * Fields up to the last non-blank one. Excel writes a trailing separator on every line when
     * the sheet had a column beyond the data, so {@code a;b;} has width 2, like {@code a;b}.
     */
    public int width() {
      int width = fields.size();
      while (width > 0 && fields.get(width - 1).isBlank()) {
        width--;
      }
      return width;
    }
  }

  /** Thrown for text that is not delimited text at all (an unterminated quote). */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    MalformedException(int line, String message) {
      super(message);
      this.line = line;
    }

    /** The 1-based line the unterminated field starts on. */
    public int line() {
      return line;
    }
  }

  /**
   * The most frequent of {@code ; , TAB} outside quotes in the first non-blank line (the header);
   * {@code ,} if none.
   */
  public static char detectSeparator(String text) {
    int semicolons = 0;
    int commas = 0;
    int tabs = 0;
    boolean quoted = false;
    boolean started = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!started && (c == '\n' || c == '\r' || c == ' ')) {
        continue; // blank lines before the header
      }
      started = true;
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '\n' || c == '\r')) {
        break;
      } else if (!quoted) {
        switch (c) {
          case ';' -> semicolons++;
          case ',' -> commas++;
          case '\t' -> tabs++;
          default -> {}
        }
      }
    }
    if (semicolons > commas && semicolons >= tabs) {
      return ';';
    }
    if (tabs > commas && tabs > semicolons) {
      return '\t';
    }
    return ',';
  }

  /** The records of {@code text}, blank ones included, each with the line it starts on. */
  public static List<Row> parse(String text, char separator) throws MalformedException {
    List<Row> rows = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int line = 1;
    int rowStart = 1;
    boolean quoted = false;
    boolean atFieldStart = true;
    boolean rowHasContent = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
            continue;
          }
          quoted = false;
        } else {
          if (c == '\n' || (c == '\r' && !nextIs(text, i, '\n'))) {
            line++;
          }
          field.append(c);
        }
        i++;
        continue;
      }
      if (c == '"' && atFieldStart) {
        quoted = true;
        atFieldStart = false;
        rowHasContent = true;
      } else if (c == separator) {
        fields.add(field.toString());
        field.setLength(0);
        atFieldStart = true;
        rowHasContent = true;
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && nextIs(text, i, '\n')) {
          i++;
        }
        fields.add(field.toString());
        rows.add(new Row(rowStart, List.copyOf(fields)));
        fields.clear();
        field.setLength(0);
        atFieldStart = true;
        rowHasContent = false;
        line++;
        rowStart = line;
      } else {
        // A quote inside an unquoted field is kept as text: tolerant of hand-edited files.
        field.append(c);
        atFieldStart = false;
        rowHasContent = true;
      }
      i++;
    }
    if (quoted) {
      throw new MalformedException(rowStart, "unterminated quoted field");
    }
    if (rowHasContent || field.length() > 0) {
      fields.add(field.toString());
      rows.add(new Row(rowStart, List.copyOf(fields)));
    }
    return rows;
  }

  private static boolean nextIs(String text, int i, char expected) {
    return i + 1 < text.length() && text.charAt(i + 1) == expected;
  }
}
