package io.citypulse.app.cli.render;

import io.citypulse.storage.history.HistoryColumn;
import io.citypulse.storage.history.TimeSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A table for people: a header, a dashed rule, one line per row; columns two spaces apart,
 * numbers right-aligned, "-" for a missing value, no trailing spaces. Widths count what a
 * terminal shows (an accent or combining mark takes no column, a CJK character two); control
 * characters inside text are shown escaped ({@code \n}, {@code \t}) so a row stays one line.
 */
final class TableRenderer {
  static final String MISSING = "-";
  private static final String GAP = "  ";

  private TableRenderer() {}

  static void render(TimeSeries series, ZoneId zone, Appendable out) {
    List<HistoryColumn> columns = series.columns();
    List<List<String>> cells = new ArrayList<>();
    cells.add(series.columnNames());
    for (List<Object> row : series.rows()) {
      List<String> line = new ArrayList<>(row.size());
      for (Object value : row) {
        String text = CellText.of(value, zone);
        line.add(text == null ? MISSING : escapeControls(text));
      }
      cells.add(line);
    }
    int[] widths = new int[columns.size()];
    for (List<String> line : cells) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], displayWidth(line.get(i)));
      }
    }
    List<String> rule = new ArrayList<>();
    for (int width : widths) {
      rule.add("-".repeat(width));
    }
    cells.add(1, rule);
    try {
      for (List<String> line : cells) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < line.size(); i++) {
          String cell = line.get(i);
          String pad = " ".repeat(widths[i] - displayWidth(cell));
          boolean numeric = columns.get(i).kind() == HistoryColumn.Kind.INTEGER
              || columns.get(i).kind() == HistoryColumn.Kind.DECIMAL;
          text.append(i == 0 ? "" : GAP).append(numeric ? pad + cell : cell + pad);
        }
        out.append(stripTrailing(text)).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String stripTrailing(StringBuilder text) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == ' ') {
      end--;
    }
    return text.substring(0, end);
  }

  static String escapeControls(String text) {
    StringBuilder escaped = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        if (escaped == null) {
          escaped = new StringBuilder(text.substring(0, i));
        }
        escaped.append(
            switch (c) {
              case '\n' -> "\\n";
              case '\r' -> "\\r";
              case '\t' -> "\\t";
              default -> String.format("\\u%04x", (int) c);
            });
      } else if (escaped != null) {
        escaped.append(c);
      }
    }
    return escaped == null ? text : escaped.toString();
  }

  /** Terminal columns of a text: combining marks take none, East Asian wide characters two. */
  static int displayWidth(String text) {
    int width = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      if (type == Character.NON_SPACING_MARK
          || type == Character.ENCLOSING_MARK
          || type == Character.FORMAT) {
        continue;
      }
      width += wide(cp) ? 2 : 1;
    }
    return width;
  }

  /** The East Asian Wide and Fullwidth blocks (Unicode UAX #11), enough for names and cities. */
  private static boolean wide(int cp) {
    return (cp >= 0x1100 && cp <= 0x115F)
        || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F)
        || (cp >= 0xAC00 && cp <= 0xD7A3)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0xFE30 && cp <= 0xFE4F)
        || (cp >= 0xFF00 && cp <= 0xFF60)
        || (cp >= 0xFFE0 && cp <= 0xFFE6)
        || (cp >= 0x1F300 && cp <= 0x1F64F)
        || (cp >= 0x1F900 && cp <= 0x1F9FF)
        || (cp >= 0x20000 && cp <= 0x3FFFD);
  }
}
