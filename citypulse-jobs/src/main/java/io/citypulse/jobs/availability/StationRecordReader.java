package io.citypulse.jobs.availability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.citypulse.model.Json;
import io.citypulse.model.StationRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Reads the fields the job needs from one {@code velib-projet} record (StationRecord JSON) in a
 * single streaming pass, into this mutable holder (one per task, reused for every record).
 *
 * <p>The rules are those of Spark's {@code from_json} in PERMISSIVE mode, which the job used
 * before: unknown fields are ignored; a value that is not a JSON object, or a known field of the
 * wrong type (e.g. {@code "bikes_available":"many"}), makes the whole record
 * {@link PostcodeAvailabilityTransforms#MALFORMED_JSON}; scalars are accepted for text fields;
 * timestamps are ISO-8601 strings or epoch seconds. A null value is a
 * {@link PostcodeAvailabilityTransforms#TOMBSTONE}, a missing or blank station code
 * {@link PostcodeAvailabilityTransforms#MISSING_STATION_CODE}. Why not from_json: parsing into an
 * intermediate row and converting it again for the per-partition reduction cost several times
 * more than the reduction itself on a backlog of millions of records.
 */
final class StationRecordReader {
  private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

  String stationKey;
  String system;
  String stationCode;
  String postcode;
  String commune;
  Double lat;
  Double lon;
  Integer capacity;
  Integer bikesAvailable;
  Integer mechanical;
  Integer ebike;
  Integer docksAvailable;
  Long lastReportedMicros;
  Long fetchedAtMicros;
  /** Null when the record is valid. */
  String rejection;

  /** Reads one record; afterwards the fields hold its values, or {@link #rejection} says why not. */
  void read(byte[] key, byte[] value) {
    clear();
    String kafkaKey = key == null ? null : new String(key, StandardCharsets.UTF_8);
    if (value == null) {
      rejection = PostcodeAvailabilityTransforms.TOMBSTONE;
    } else if (!parse(value)) {
      clear();
      rejection = PostcodeAvailabilityTransforms.MALFORMED_JSON;
    } else if (stationCode == null || stationCode.isBlank()) {
      rejection = PostcodeAvailabilityTransforms.MISSING_STATION_CODE;
    }
    stationKey = kafkaKey != null && !kafkaKey.isEmpty()
        ? kafkaKey
        : (system == null ? "" : system) + ":" + stationCode;
    if (postcode == null || postcode.isBlank()) {
      postcode = StationRecord.UNKNOWN_POSTCODE;
    }
  }

  private void clear() {
    stationKey = system = stationCode = postcode = commune = rejection = null;
    capacity = bikesAvailable = mechanical = ebike = docksAvailable = null;
    lat = lon = null;
    lastReportedMicros = fetchedAtMicros = null;
  }

  /** False when the value is not a JSON object or a known field has the wrong type. */
  private boolean parse(byte[] value) {
    try (JsonParser parser = FACTORY.createParser(value)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken valueToken = parser.nextToken();
        if (!readField(field, valueToken, parser)) {
          return false;
        }
      }
      return token == JsonToken.END_OBJECT && parser.nextToken() == null;
    } catch (IOException | DateTimeException | ArithmeticException e) {
      return false;
    }
  }

  private boolean readField(String field, JsonToken token, JsonParser parser) throws IOException {
    switch (field) {
      case "system" -> system = text(token, parser);
      case "station_code" -> stationCode = text(token, parser);
      case "postcode" -> postcode = text(token, parser);
      case "commune" -> commune = text(token, parser);
      case "lat" -> lat = decimal(token, parser);
      case "lon" -> lon = decimal(token, parser);
      case "capacity" -> capacity = integer(token, parser);
      case "bikes_available" -> bikesAvailable = integer(token, parser);
      case "mechanical" -> mechanical = integer(token, parser);
      case "ebike" -> ebike = integer(token, parser);
      case "docks_available" -> docksAvailable = integer(token, parser);
      case "last_reported" -> lastReportedMicros = micros(token, parser);
      case "fetched_at" -> fetchedAtMicros = micros(token, parser);
      default -> {
        parser.skipChildren();
        return true;
      }
    }
    return !wrongType;
  }

  /** Set by each field reader: the field's value had a type the field cannot take. */
  private boolean wrongType;

  private String text(JsonToken token, JsonParser parser) throws IOException {
    wrongType = !token.isScalarValue() && token != JsonToken.VALUE_NULL;
    if (wrongType) {
      parser.skipChildren();
      return null;
    }
    return token == JsonToken.VALUE_NULL ? null : parser.getText();
  }

  private Integer integer(JsonToken token, JsonParser parser) throws IOException {
    wrongType = token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NULL;
    if (wrongType) {
      parser.skipChildren();
      return null;
    }
    return token == JsonToken.VALUE_NULL ? null : Integer.valueOf(parser.getIntValue());
  }

  private Double decimal(JsonToken token, JsonParser parser) throws IOException {
    wrongType = !token.isNumeric() && token != JsonToken.VALUE_NULL;
    if (wrongType) {
      parser.skipChildren();
      return null;
    }
    return token == JsonToken.VALUE_NULL ? null : Double.valueOf(parser.getDoubleValue());
  }

  private Long micros(JsonToken token, JsonParser parser) throws IOException {
    wrongType = false;
    return switch (token) {
      case VALUE_NULL -> null;
      case VALUE_STRING -> isoMicros(parser.getText());
      case VALUE_NUMBER_INT -> Math.multiplyExact(parser.getLongValue(), 1_000_000L);
      default -> {
        wrongType = true;
        parser.skipChildren();
        yield null;
      }
    };
  }

  /**
   * Microseconds since the epoch of an ISO-8601 instant. The model writes UTC with a {@code Z}
   * ({@code 2025-10-18T08:01:00Z}, maybe with a fraction): that shape is read by hand, anything
   * else (an offset) through java.time.
   */
  static long isoMicros(String text) {
    int length = text.length();
    if (length >= 20
        && text.charAt(length - 1) == 'Z'
        && text.charAt(4) == '-'
        && text.charAt(7) == '-'
        && text.charAt(10) == 'T'
        && text.charAt(13) == ':'
        && text.charAt(16) == ':') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 2);
      int day = digits(text, 8, 2);
      int hour = digits(text, 11, 2);
      int minute = digits(text, 14, 2);
      int second = digits(text, 17, 2);
      long fractionMicros = 0;
      if (length > 20) {
        if (text.charAt(19) != '.' || length - 21 > 9) {
          return javaTimeMicros(text);
        }
        long fraction = digits(text, 20, length - 21);
        if (fraction < 0) {
          return javaTimeMicros(text);
        }
        for (int i = length - 21; i < 6; i++) {
          fraction *= 10;
        }
        for (int i = length - 21; i > 6; i--) {
          fraction /= 10;
        }
        fractionMicros = fraction;
      }
      if (year < 0
          || month < 1
          || month > 12
          || day < 1
          || day > 31
          || hour > 23
          || minute > 59
          || second > 59) {
        return javaTimeMicros(text);
      }
      long days = java.time.LocalDate.of(year, month, day).toEpochDay();
      return ((days * 86_400L + hour * 3_600L + minute * 60L + second) * 1_000_000L)
          + fractionMicros;
    }
    return javaTimeMicros(text);
  }

  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1_000_000;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static long javaTimeMicros(String text) {
    Instant instant =
        OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
  }
}
