package io.citypulse.app.cli.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.citypulse.storage.history.TimeSeries;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.List;

/**
 * One JSON array, one object per row on its own line ({@code [\n{...},\n{...}\n]}), keys in
 * column order: times as ISO-8601 strings, numbers and booleans as JSON numbers and booleans,
 * missing values as null, text escaped by Jackson (non-ASCII kept as is). A non-finite decimal,
 * which JSON cannot hold, is written as the string "NaN" or "Infinity".
 */
final class JsonRenderer {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonRenderer() {}

  static void render(TimeSeries series, ZoneId zone, Appendable out) {
    try {
      out.append('[');
      List<String> names = series.columnNames();
      boolean first = true;
      for (List<Object> row : series.rows()) {
        out.append(first ? "\n" : ",\n");
        first = false;
        out.append(object(names, row, zone));
      }
      out.append(series.isEmpty() ? "]\n" : "\n]\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String object(List<String> names, List<Object> row, ZoneId zone)
      throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(text)) {
      json.writeStartObject();
      for (int i = 0; i < names.size(); i++) {
        json.writeFieldName(names.get(i));
        Object value = row.get(i);
        if (value == null) {
          json.writeNull();
        } else if (value instanceof Long n) {
          json.writeNumber(n);
        } else if (value instanceof Double d) {
          if (Double.isFinite(d)) {
            json.writeNumber(CellText.decimal(d));
          } else {
            json.writeString(Double.toString(d));
          }
        } else if (value instanceof Boolean b) {
          json.writeBoolean(b);
        } else {
          json.writeString(CellText.of(value, zone));
        }
      }
      json.writeEndObject();
    }
    return text.toString();
  }
}
