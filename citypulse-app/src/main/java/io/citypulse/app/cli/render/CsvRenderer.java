package io.citypulse.app.cli.render;

import io.citypulse.storage.history.TimeSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.List;

/**
 * CSV as RFC 4180 has it: a header line, CRLF line ends, a field quoted when it holds a comma, a
 * double quote, CR or LF (quotes doubled inside), an empty field for null.
 */
final class CsvRenderer {
  private static final String CRLF = "\r\n";

  private CsvRenderer() {}

  static void render(TimeSeries series, ZoneId zone, Appendable out) {
    try {
      line(series.columnNames(), out);
      for (List<Object> row : series.rows()) {
        line(row.stream().map(v -> CellText.of(v, zone)).toList(), out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void line(List<String> fields, Appendable out) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(fields.get(i)));
    }
    out.append(CRLF);
  }

  static String field(String text) {
    if (text == null) {
      return "";
    }
    boolean quote = text.indexOf(',') >= 0
        || text.indexOf('"') >= 0
        || text.indexOf('\r') >= 0
        || text.indexOf('\n') >= 0;
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
