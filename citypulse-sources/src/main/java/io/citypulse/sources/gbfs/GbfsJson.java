package io.citypulse.sources.gbfs;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.citypulse.model.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/** Field readers shared by the GBFS parsers: every GBFS version's spelling of the same value. */
final class GbfsJson {
  private GbfsJson() {}

  static final int EXCERPT_LENGTH = 120;
  private static final int MAX_RAW_ENTRY = 2_000;

  // Trailing tokens after the JSON document (e.g. an HTML error page appended by a proxy) mean
  // the body is not what the feed announced: fail instead of reading the first value only.
  private static final ObjectReader READER =
      Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Reads a whole feed body; anything but a JSON object is a {@link FeedParseException}. */
  static JsonNode root(String feed, byte[] body) throws FeedParseException {
    if (body == null || body.length == 0) {
      throw new FeedParseException(feed, "empty body", "");
    }
    JsonNode root;
    try {
      root = READER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new FeedParseException(
          feed,
          "body is not valid JSON (" + e.getOriginalMessage() + where(e.getLocation()) + ")",
          excerptAround(body, e.getLocation()),
          e);
    } catch (IOException e) {
      throw new FeedParseException(
          feed, "body cannot be read: " + e.getMessage(), excerpt(body), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new FeedParseException(feed, "body holds no JSON value", excerpt(body));
    }
    if (!root.isObject()) {
      throw new FeedParseException(
          feed, "expected a JSON object, found " + kind(root), excerpt(body));
    }
    return root;
  }

  /** The first characters of a body on one line, for log lines and exception messages. */
  static String excerpt(byte[] body) {
    return excerpt(body, 0, EXCERPT_LENGTH);
  }

  static String excerpt(byte[] body, int from, int length) {
    if (body == null || body.length == 0) {
      return "";
    }
    int start = Math.max(0, Math.min(from, body.length));
    int end = Math.min(body.length, start + length);
    String text = new String(body, start, end - start, StandardCharsets.UTF_8)
        .replaceAll("\\s+", " ")
        .trim();
    return (start > 0 ? "..." : "") + text + (end < body.length ? "..." : "");
  }

  private static String excerptAround(byte[] body, JsonLocation location) {
    long offset = location == null ? -1 : location.getByteOffset();
    if (offset < 0 && location != null) {
      offset = location.getCharOffset();
    }
    if (offset < 0) {
      return excerpt(body);
    }
    // Where the parser stopped says more than the start of the body (a truncated feed starts fine).
    int from = (int) Math.max(0, Math.min(offset, body.length) - 80);
    return excerpt(body, from, EXCERPT_LENGTH);
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  static boolean present(JsonNode node) {
    return node != null && !node.isMissingNode() && !node.isNull();
  }

  /** The entry as JSON text for a {@link RejectedItem}, shortened when huge. */
  static String raw(JsonNode entry) {
    String text = entry.toString();
    return text.length() <= MAX_RAW_ENTRY ? text : text.substring(0, MAX_RAW_ENTRY) + "...";
  }

  /** An identifier sent as a JSON string or integer (Vélib' ids exceed int range): as text. */
  static String id(JsonNode entry, String field) {
    JsonNode node = entry.get(field);
    if (!present(node)) {
      throw new BadEntry("missing " + field);
    }
    if (node.isTextual()) {
      String text = node.asText().trim();
      if (text.isEmpty()) {
        throw new BadEntry(field + " is empty");
      }
      return text;
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    if (node.isNumber() && isWhole(node)) {
      return node.decimalValue().toBigInteger().toString();
    }
    throw new BadEntry(field + " is not a string or integer: " + node);
  }

  /** Optional text (a number is kept as its text); null when absent. */
  static String optionalText(JsonNode entry, String field) {
    JsonNode node = entry.get(field);
    if (!present(node)) {
      return null;
    }
    if (node.isTextual()) {
      String text = node.asText().trim();
      return text.isEmpty() ? null : text;
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    if (node.isNumber()) {
      return node.asText();
    }
    throw new BadEntry(field + " is not text: " + node);
  }

  /** A non-negative count; null when absent; a {@link BadEntry} when not a number or negative. */
  static Integer count(JsonNode entry, String field) {
    JsonNode node = entry.get(field);
    if (!present(node)) {
      return null;
    }
    return countOf(node, field);
  }

  /** A node that must hold a non-negative count; {@code label} names it in the reason. */
  static int countOf(JsonNode node, String field) {
    BigInteger value;
    if (node.isIntegralNumber()) {
      value = node.bigIntegerValue();
    } else if (node.isNumber() && isWhole(node)) {
      value = node.decimalValue().toBigInteger();
    } else if (node.isTextual() && node.asText().trim().matches("-?\\d{1,18}")) {
      value = new BigInteger(node.asText().trim());
    } else {
      throw new BadEntry(field + " is not a whole number: " + node);
    }
    if (value.signum() < 0) {
      throw new BadEntry(field + " is negative: " + value);
    }
    if (value.bitLength() > 31) {
      throw new BadEntry(field + " is too large: " + value);
    }
    return value.intValue();
  }

  /** A decimal such as a coordinate; null when absent. */
  static Double decimal(JsonNode entry, String field) {
    JsonNode node = entry.get(field);
    if (!present(node)) {
      return null;
    }
    double value;
    if (node.isNumber()) {
      value = node.doubleValue();
    } else if (node.isTextual()) {
      try {
        value = Double.parseDouble(node.asText().trim());
      } catch (NumberFormatException e) {
        throw new BadEntry(field + " is not a number: " + node);
      }
    } else {
      throw new BadEntry(field + " is not a number: " + node);
    }
    if (!Double.isFinite(value)) {
      throw new BadEntry(field + " is not a finite number: " + node);
    }
    return value;
  }

  /**
   * A station flag: GBFS sends {@code true/false}, Vélib' and GBFS 1.0 {@code 1/0}. Absent means
   * true: the flags only exist to say a station is out of service.
   */
  static boolean flag(JsonNode entry, String field) {
    JsonNode node = entry.get(field);
    if (!present(node)) {
      return true;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber() && isWhole(node)) {
      long value = node.longValue();
      if (value == 0 || value == 1) {
        return value == 1;
      }
    }
    if (node.isTextual()) {
      switch (node.asText().trim().toLowerCase(Locale.ROOT)) {
        case "true", "1" -> {
          return true;
        }
        case "false", "0" -> {
          return false;
        }
        default -> {}
      }
    }
    throw new BadEntry(field + " is not a boolean or 0/1: " + node);
  }

  /**
   * A timestamp: POSIX seconds (GBFS 1.x/2.x, as a number or digits) or RFC 3339 text (GBFS 3.0);
   * null when absent.
   */
  static Instant timestamp(JsonNode entry, String field) {
    JsonNode node = entry.get(field);
    if (!present(node)) {
      return null;
    }
    Instant value = timestamp(node);
    if (value == null) {
      throw new BadEntry(field + " is not POSIX seconds or an RFC 3339 date-time: " + node);
    }
    return value;
  }

  /** The timestamp a node holds, or null when it holds none. */
  static Instant timestamp(JsonNode node) {
    if (node.isNumber()) {
      if (node.doubleValue() < 0) {
        return null;
      }
      return Timestamps.epoch(node.longValue());
    }
    if (!node.isTextual()) {
      return null;
    }
    return Timestamps.parse(node.asText());
  }

  private static boolean isWhole(JsonNode node) {
    try {
      node.decimalValue().toBigIntegerExact();
      return true;
    } catch (ArithmeticException e) {
      return false;
    }
  }
}
