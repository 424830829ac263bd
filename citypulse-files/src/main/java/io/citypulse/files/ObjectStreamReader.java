package io.citypulse.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * JSON (an array of objects, or objects one after another) and YAML (a sequence of maps), pulled
 * token by token from Jackson's streaming parser: no tree of the file is ever built. A record's
 * position is its 1-based index.
 */
final class ObjectStreamReader implements RecordReader {
  private final String formatName;
  private final JsonParser parser;
  private final CountingInputStream counted;
  private final boolean array;
  private boolean pendingFirst;
  private boolean done;
  private long index;

  static ObjectStreamReader json(InputStream content, CountingInputStream counted) {
    try {
      return new ObjectStreamReader("JSON", new JsonFactory().createParser(content), counted, true);
    } catch (IOException e) {
      throw RecordReader.ioError("JSON", e);
    }
  }

  static ObjectStreamReader yaml(InputStream content, CountingInputStream counted) {
    try {
      return new ObjectStreamReader("YAML", SafeYaml.FACTORY.createParser(content), counted, false);
    } catch (IOException e) {
      throw RecordReader.ioError("YAML", e);
    }
  }

  private ObjectStreamReader(
      String formatName, JsonParser parser, CountingInputStream counted, boolean objectsStream) {
    this.formatName = formatName;
    this.parser = parser;
    this.counted = counted;
    JsonToken first = advance();
    if (first == null) {
      array = true;
      done = true;
    } else if (first == JsonToken.START_ARRAY) {
      array = true;
    } else if (first == JsonToken.START_OBJECT && objectsStream) {
      array = false;
      pendingFirst = true;
    } else {
      throw new FileReadException(where(parser.currentTokenLocation()) + "a " + formatName
          + " file of records must be "
          + (objectsStream ? "an array of objects or objects one after another" : "a list of maps")
          + ", not " + FlatObjects.kind(first, parser));
    }
  }

  @Override
  public Row next() {
    if (done) {
      return null;
    }
    JsonToken token = pendingFirst ? parser.currentToken() : advance();
    pendingFirst = false;
    if (token == null || (array && token == JsonToken.END_ARRAY)) {
      done = true;
      return null;
    }
    index++;
    try {
      FlatObjects.Result result = FlatObjects.read(parser);
      return result.error() == null
          ? Row.of(Row.Unit.RECORD, index, result.fields())
          : Row.error(Row.Unit.RECORD, index, result.error());
    } catch (IOException | YAMLException e) {
      throw failure(e);
    }
  }

  private JsonToken advance() {
    try {
      return parser.nextToken();
    } catch (IOException | YAMLException e) {
      throw failure(e);
    }
  }

  private FileReadException failure(Exception e) {
    String where = index > 0 ? "record " + index + ": " : "";
    if (e instanceof JsonProcessingException json) {
      return new FileReadException(
          where + where(json.getLocation()) + "malformed " + formatName + ": "
              + firstLine(json.getOriginalMessage()),
          e);
    }
    if (e instanceof YAMLException) {
      return new FileReadException(
          where + "malformed or refused YAML: " + firstLine(e.getMessage()), e);
    }
    return new FileReadException(where + "cannot read " + formatName + ": " + e.getMessage(), e);
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() <= 0) {
      return "";
    }
    return "(line " + location.getLineNr() + ", column " + location.getColumnNr() + ") ";
  }

  static String firstLine(String message) {
    if (message == null) {
      return "(no details)";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
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
      throw RecordReader.ioError(formatName, e);
    }
  }
}
