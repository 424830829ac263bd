package io.citypulse.files;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads one flat object (JSON, YAML) from a streaming parser into text fields. */
final class FlatObjects {
  private FlatObjects() {}

  /** The fields of one object, or the reason it is not a flat object. */
  record Result(Map<String, String> fields, String error) {}

  /**
   * Reads the value whose first token is current; leaves the parser on its last token.
   * Everything nested is skipped, never built.
   */
  static Result read(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token != JsonToken.START_OBJECT) {
      String kind = kind(token, parser);
      parser.skipChildren();
      return new Result(Map.of(), "not an object of fields but " + kind);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    String error = null;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
        if (error == null) {
          error = "field '" + name + "' is " + kind(value, parser) + ", not a single value";
        }
        parser.skipChildren();
      } else if (isAlias(parser)) {
        if (error == null) {
          error = "field '" + name + "' is a YAML alias, which records may not use";
        }
      } else {
        String text = text(parser, value);
        if (text != null && !text.isEmpty()) {
          fields.put(name, text);
        }
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new IllegalStateException("unexpected " + token + " in an object");
    }
    return error == null ? new Result(fields, null) : new Result(Map.of(), error);
  }

  /** A scalar as written, numbers in plain decimal notation ({@code 1e7} → {@code 10000000}). */
  private static String text(JsonParser parser, JsonToken value) throws IOException {
    switch (value) {
      case VALUE_NULL:
        return null;
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        String number = parser.getText();
        if (number.indexOf('e') >= 0 || number.indexOf('E') >= 0) {
          try {
            return new BigDecimal(number).toPlainString();
          } catch (NumberFormatException e) {
            return number; // a YAML spelling BigDecimal does not know (.inf, 0x1F): as written
          }
        }
        return number;
      default:
        return parser.getText();
    }
  }

  private static boolean isAlias(JsonParser parser) {
    return parser instanceof YAMLParser yaml && yaml.isCurrentAlias();
  }

  static String kind(JsonToken token, JsonParser parser) {
    if (isAlias(parser)) {
      return "a YAML alias";
    }
    if (token == null) {
      return "nothing";
    }
    switch (token) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "a list";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return token.asString() == null ? token.name() : token.asString();
    }
  }
}
