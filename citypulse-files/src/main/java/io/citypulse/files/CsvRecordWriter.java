package io.citypulse.files;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** CSV in UTF-8 with a header line, through Jackson's CSV generator (it quotes when needed). */
final class CsvRecordWriter extends AbstractRecordWriter {
  private static final CsvMapper MAPPER = new CsvMapper();

  private final SequenceWriter rows;

  CsvRecordWriter(OutputStream out, List<String> columns, char separator) throws IOException {
    super(columns);
    CsvSchema.Builder schema = CsvSchema.builder();
    columns.forEach(column -> schema.addColumn(column));
    rows = MAPPER
        .writer(schema.setUseHeader(true).setColumnSeparator(separator).build())
        .writeValues(new OutputStreamWriter(out, StandardCharsets.UTF_8));
  }

  @Override
  protected void writeValues(List<Object> values) throws IOException {
    List<String> cells = new ArrayList<>(values.size());
    for (Object value : values) {
      String text = Values.text(value);
      cells.add(text == null ? "" : text);
    }
    rows.write(cells);
  }

  @Override
  protected void finish() throws IOException {
    rows.close();
  }
}
