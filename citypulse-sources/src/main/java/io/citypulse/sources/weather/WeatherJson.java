package io.citypulse.sources.weather;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import java.io.IOException;

/** Lenient-about-absence, strict-about-type field reading shared by the weather parsers. */
final class WeatherJson {
  private WeatherJson() {}

  /** A body that is not what the parser expects; the message is the dead-letter reason. */
  static final class BadBody extends RuntimeException {
    BadBody(String message) {
      super(message, null, false, false);
    }
  }

  /** The body as a JSON object. */
  static JsonNode object(byte[] body) {
    if (body == null || body.length == 0) {
      throw new BadBody("empty body");
    }
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new BadBody("not JSON: " + firstLine(e.getMessage()));
    }
    if (tree == null || !tree.isObject()) {
      throw new BadBody(
          "expected a JSON object, got " + (tree == null ? "nothing" : tree.getNodeType()));
    }
    return tree;
  }

  /** A child object, or null when absent or JSON null. */
  static JsonNode objectOrNull(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new BadBody(path + " is not an object: " + excerpt(node));
    }
    return node;
  }

  static JsonNode requiredObject(JsonNode parent, String field, String path) {
    JsonNode node = objectOrNull(parent, field, path);
    if (node == null) {
      throw new BadBody("no '" + path + "'");
    }
    return node;
  }

  /** A number, or null when absent or JSON null. */
  static Double number(JsonNode parent, String field, String path) {
    JsonNode node = parent == null ? null : parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber()) {
      throw new BadBody(path + " is not a number: " + excerpt(node));
    }
    double value = node.doubleValue();
    if (!Double.isFinite(value)) {
      throw new BadBody(path + " is not a finite number: " + excerpt(node));
    }
    return value;
  }

  /** A whole number, or null when absent or JSON null. */
  static Long integer(JsonNode parent, String field, String path) {
    JsonNode node = parent == null ? null : parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber()
        && !(node.isNumber() && node.doubleValue() == Math.rint(node.doubleValue()))) {
      throw new BadBody(path + " is not a whole number: " + excerpt(node));
    }
    return node.longValue();
  }

  /** Text, or null when absent, JSON null or blank. Numbers are given as their text. */
  static String text(JsonNode parent, String field) {
    JsonNode node = parent == null ? null : parent.get(field);
    if (node == null || node.isNull() || node.isContainerNode()) {
      return null;
    }
    String text = node.asText();
    return text.isBlank() ? null : text;
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  static Double sum(Double a, Double b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a + b;
  }

  private static String excerpt(JsonNode node) {
    String text = node.toString();
    return text.length() > 60 ? text.substring(0, 60) + "..." : text;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
