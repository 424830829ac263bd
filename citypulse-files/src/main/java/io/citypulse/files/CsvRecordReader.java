package io.citypulse.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV (UTF-8, first line = header) through Jackson's streaming CSV parser, read as arrays of
 * cells so that a row with more cells than the header is an error row rather than a parser
 * failure. A row's position is the physical line it starts on.
 */
final class CsvRecordReader implements RecordReader {
  /** How much of the file the separator sniffing may look at: the header line. */
  private static final int SNIFF_LIMIT = 64 * 1024;

  private static final char[] SEPARATORS = {',', ';', '\t', '|'};

  private final CountingInputStream counted;
  private final CsvParser parser;
  private final HeaderedRows header;
  private long lastLine;

  CsvRecordReader(InputStream content, CountingInputStream counted, Character separator) {
    this.counted = counted;
    try {
      BufferedInputStream in = new BufferedInputStream(content, SNIFF_LIMIT);
      char sep = separator != null ? separator : sniffSeparator(in);
      CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(sep);
      CsvFactory factory =
          CsvFactory.builder().enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();
      parser = factory.createParser(new InputStreamReader(in, StandardCharsets.UTF_8));
      parser.setSchema(schema);
      List<String> headerCells = new ArrayList<>();
      if (readCells(headerCells) < 0) {
        throw new FileReadException("line 1: the file is empty: a CSV file needs a header line");
      }
      header = new HeaderedRows(headerCells, "line 1");
    } catch (IOException e) {
      throw failure(e);
    }
  }

  @Override
  public Row next() {
    try {
      List<String> cells = new ArrayList<>();
      long line = readCells(cells);
      if (line < 0) {
        return null;
      }
      return header.row(Row.Unit.LINE, line, cells);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** Reads one row into {@code cells}; the line it starts on, or -1 at the end. */
  private long readCells(List<String> cells) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      return -1;
    }
    // Jackson gives no location for a row's START_ARRAY: its first cell's is the row's start
    long line = lastLine + 1;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
      if (cells.isEmpty()) {
        line = parser.currentTokenLocation().getLineNr();
      }
      String value = parser.getText();
      cells.add(value == null || value.isEmpty() ? null : value);
    }
    lastLine = line;
    return line;
  }

  private FileReadException failure(IOException e) {
    if (e instanceof JsonProcessingException json) {
      long line = json.getLocation() == null ? -1 : json.getLocation().getLineNr();
      return new FileReadException(
          (line > 0 ? "line " + line + ": " : "") + "malformed CSV: " + json.getOriginalMessage(),
          e);
    }
    return RecordReader.ioError("CSV", e);
  }

  /** The most frequent of the usual separators outside quotes in the first line; ',' on a tie. */
  static char sniffSeparator(BufferedInputStream in) throws IOException {
    in.mark(SNIFF_LIMIT);
    byte[] head = in.readNBytes(SNIFF_LIMIT);
    in.reset();
    int[] counts = new int[SEPARATORS.length];
    boolean quoted = false;
    for (byte b : head) {
      if (b == '"') {
        quoted = !quoted;
      } else if (!quoted && (b == '\n' || b == '\r')) {
        break;
      } else if (!quoted) {
        for (int i = 0; i < SEPARATORS.length; i++) {
          if (b == SEPARATORS[i]) {
            counts[i]++;
          }
        }
      }
    }
    int best = 0;
    for (int i = 1; i < SEPARATORS.length; i++) {
      if (counts[i] > counts[best]) {
        best = i;
      }
    }
    return SEPARATORS[best];
  }

  @Override
  public long bytesRead() {
    return counted.count();
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      throw RecordReader.ioError("CSV", e);
    }
  }
}
