package io.citypulse.files;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;

/**
 * JSON (an array of objects), JSON Lines (one object per line) and YAML (a sequence of maps)
 * through Jackson's streaming generators. Numbers are written as numbers in plain notation,
 * booleans as booleans, instants as ISO-8601 strings; null values are left out.
 */
final class JacksonRecordWriter extends AbstractRecordWriter {
  private final JsonGenerator generator;
  private final boolean lines;

  private JacksonRecordWriter(JsonGenerator generator, List<String> columns, boolean lines)
      throws IOException {
    super(columns);
    this.generator = generator;
    this.lines = lines;
    generator.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    if (!lines) {
      generator.writeStartArray();
    }
  }

  static JacksonRecordWriter json(OutputStream out, List<String> columns, boolean pretty)
      throws IOException {
    JsonGenerator generator = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
    if (pretty) {
      generator.setPrettyPrinter(new DefaultPrettyPrinter());
    }
    return new JacksonRecordWriter(generator, columns, false);
  }

  static JacksonRecordWriter jsonLines(OutputStream out, List<String> columns) throws IOException {
    JsonGenerator generator = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
    generator.setPrettyPrinter(new MinimalPrettyPrinter(""));
    return new JacksonRecordWriter(generator, columns, true);
  }

  static JacksonRecordWriter yaml(OutputStream out, List<String> columns) throws IOException {
    // Strings stay quoted (the default): an unquoted "null", "yes" or "1e3" would change type.
    JsonGenerator generator = SafeYaml.FACTORY
        .rebuild()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .build()
        .createGenerator(out, JsonEncoding.UTF8);
    return new JacksonRecordWriter(generator, columns, false);
  }

  @Override
  protected void writeValues(List<Object> values) throws IOException {
    generator.writeStartObject();
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      if (value == null) {
        continue;
      }
      generator.writeFieldName(columns.get(i));
      if (value instanceof Boolean b) {
        generator.writeBoolean(b);
      } else if (Values.isFiniteNumber(value)) {
        // BigDecimal written plain: YAML's generator takes no pre-encoded number text
        generator.writeNumber(new BigDecimal(Values.text(value)));
      } else {
        generator.writeString(Values.text(value));
      }
    }
    generator.writeEndObject();
    if (lines) {
      generator.writeRaw('\n');
    }
  }

  @Override
  protected void finish() throws IOException {
    if (!lines) {
      generator.writeEndArray();
      if (!(generator instanceof YAMLGenerator)) {
        generator.writeRaw('\n');
      }
    }
    generator.close();
  }
}
