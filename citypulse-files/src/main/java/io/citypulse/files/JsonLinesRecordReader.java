package io.citypulse.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * JSON Lines: one object per line, blank lines skipped. Each line is parsed on its own, so a line
 * that is not JSON is an error row and the next line is read normally.
 */
final class JsonLinesRecordReader implements RecordReader {
  private final JsonFactory factory = new JsonFactory();
  private final BufferedReader lines;
  private final CountingInputStream counted;
  private long lineNumber;

  JsonLinesRecordReader(InputStream content, CountingInputStream counted) {
    this.lines = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 65536);
    this.counted = counted;
  }

  @Override
  public Row next() {
    String line;
    do {
      try {
        line = lines.readLine();
      } catch (IOException e) {
        throw RecordReader.ioError("line " + (lineNumber + 1), e);
      }
      if (line == null) {
        return null;
      }
      lineNumber++;
      if (lineNumber == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
    } while (line.isBlank());
    try (JsonParser parser = factory.createParser(line)) {
      parser.nextToken();
      FlatObjects.Result result = FlatObjects.read(parser);
      if (result.error() != null) {
        return Row.error(Row.Unit.LINE, lineNumber, result.error());
      }
      if (parser.nextToken() != null) {
        return Row.error(Row.Unit.LINE, lineNumber, "more than one JSON value on the line");
      }
      return Row.of(Row.Unit.LINE, lineNumber, result.fields());
    } catch (JsonProcessingException e) {
      return Row.error(
          Row.Unit.LINE,
          lineNumber,
          "not JSON: " + ObjectStreamReader.firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw RecordReader.ioError("line " + lineNumber, e);
    }
  }

  @Override
  public long bytesRead() {
    return counted.count();
  }

  @Override
  public void close() {
    try {
      lines.close();
    } catch (IOException e) {
      throw RecordReader.ioError("JSON Lines", e);
    }
  }
}
