package io.citypulse.sources.gbfs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads one station entry straight from Jackson's token stream, for the shapes feeds really send
 * ({@code station_information}; {@code station_status} is read over its bytes, see
 * {@link StationFeedScanner} and the package Javadoc).
 *
 * <p>Anything else (a value of an unexpected type, a negative count, a repeated key, a missing
 * required field...) marks the entry {@link #odd}: {@link StationFeedStream} then reads that entry
 * again as a tree with {@link GbfsTreeReader}'s rules, which decide the record or the rejection
 * reason. The fast path therefore only has to be exact on what it accepts. One instance per feed
 * body, reused for every entry; not thread-safe.
 */
abstract class EntryStreamReader<T> {
  /** A count or a bit set that is not there. */
  static final int ABSENT = -1;

  /** A field the entry reader does not want. */
  static final int SKIPPED = 0;
  /** Entries longer than this many fields are not learned beyond it. */
  private static final int MAX_LEARNED_FIELDS = 64;

  /** Set when the current entry must be read again as a tree. */
  boolean odd;
  /** Known fields already seen in the current entry, one bit per code: a repeat is odd. */
  private int seen;

  // The field names of the previous entry, by position, with their codes. One serializer wrote
  // the whole feed, so entries nearly always list their fields in the same order: comparing the
  // input bytes with the expected name is much cheaper than hashing and looking up each name
  // (about 40% of the time of a 100,000-station feed went to that). A wrong guess costs one
  // normal lookup.
  private SerializableString[] expected = new SerializableString[16];
  private int[] expectedCodes = new int[16];
  private final Map<String, SerializableString> quotedNames = new HashMap<>();

  /**
   * Reads the entry whose {@code START_OBJECT} is the current token, up to and including its
   * {@code END_OBJECT}; null when the entry is odd.
   */
  final T read(JsonParser p) throws IOException {
    odd = false;
    seen = 0;
    reset();
    for (int position = 0; ; position++) {
      SerializableString guess = position < expected.length ? expected[position] : null;
      int code;
      if (guess != null && p.nextFieldName(guess)) {
        code = expectedCodes[position];
      } else {
        String field = guess == null ? p.nextFieldName() : currentFieldName(p);
        if (field == null) {
          break;
        }
        code = fieldCode(field);
        learn(position, field, code);
      }
      JsonToken value = p.nextToken();
      if (code == SKIPPED) {
        // Camel-case duplicates, num_*_disabled, station_opening_hours...: jumped over, their
        // text only checked as the tree rules would decode it.
        skip(value, p);
        continue;
      }
      if ((seen & (1 << code)) != 0) {
        // A repeated key: a tree keeps the last value, let it decide.
        odd = true;
      }
      seen |= 1 << code;
      field(code, value, p);
    }
    return odd ? null : build();
  }

  /**
   * The next field name of the current object, expected to be {@code guess}; null at the end of
   * the object.
   */
  static String nextFieldName(JsonParser p, SerializableString guess) throws IOException {
    return p.nextFieldName(guess) ? guess.getValue() : currentFieldName(p);
  }

  /** After {@link JsonParser#nextFieldName(SerializableString)} said no: the name read, or null. */
  private static String currentFieldName(JsonParser p) throws IOException {
    return p.currentToken() == JsonToken.FIELD_NAME ? p.currentName() : null;
  }

  private void learn(int position, String field, int code) {
    if (position >= MAX_LEARNED_FIELDS) {
      return;
    }
    if (position >= expected.length) {
      int size = Math.min(MAX_LEARNED_FIELDS, expected.length * 2);
      expected = Arrays.copyOf(expected, size);
      expectedCodes = Arrays.copyOf(expectedCodes, size);
    }
    expected[position] = quotedNames.computeIfAbsent(field, SerializedString::new);
    expectedCodes[position] = code;
  }

  /** Forgets the previous entry. */
  abstract void reset();

  /** The code (1 to 31) of a field the reader wants, else {@link #SKIPPED}. */
  abstract int fieldCode(String name);

  /** Reads the value (the current token) of a wanted field. */
  abstract void field(int code, JsonToken value, JsonParser p) throws IOException;

  /** The record of the entry just read, or null when it lacks something (the tree rules say what). */
  abstract T build();

  /** Adds a key to the keys seen in one small nested object; a repeat is odd. */
  final int repeat(int keys, int key) {
    if ((keys & key) != 0) {
      odd = true;
    }
    return keys | key;
  }

  /**
   * Jumps over the current value (and its children), decoding its strings: Jackson only checks a
   * string's UTF-8 when it decodes it, and the tree rules decode every string, so a skipped
   * malformed one must fail here as it fails there (the body then goes the tree way).
   */
  static void skip(JsonToken t, JsonParser p) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      p.finishToken();
      return;
    }
    if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
      return;
    }
    int depth = 1;
    while (depth > 0) {
      JsonToken next = p.nextToken();
      if (next == null) {
        return;
      }
      switch (next) {
        case START_OBJECT, START_ARRAY -> depth++;
        case END_OBJECT, END_ARRAY -> depth--;
        case VALUE_STRING -> p.finishToken();
        default -> {}
      }
    }
  }

  /** The current value is not of a shape the fast path reads. */
  final void oddValue(JsonParser p) throws IOException {
    odd = true;
    p.skipChildren();
  }

  /** An identifier (string or integer) as text; null when absent (JSON null). */
  final String id(JsonToken t, JsonParser p) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      String text = p.getText().trim();
      if (text.isEmpty()) {
        odd = true;
      }
      return text;
    }
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return integerText(p);
    }
    if (t != JsonToken.VALUE_NULL) {
      oddValue(p);
    }
    return null;
  }

  /** Optional text: a string (trimmed, empty is null) or an integer's digits; null when absent. */
  final String optionalText(JsonToken t, JsonParser p) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      String text = p.getText().trim();
      return text.isEmpty() ? null : text;
    }
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return integerText(p);
    }
    if (t != JsonToken.VALUE_NULL) {
      oddValue(p);
    }
    return null;
  }

  private static String integerText(JsonParser p) throws IOException {
    return switch (p.getNumberType()) {
      case INT -> Integer.toString(p.getIntValue());
      case LONG -> Long.toString(p.getLongValue());
      default -> p.getBigIntegerValue().toString();
    };
  }

  /** A non-negative int count (a number or a string of digits); {@link #ABSENT} when JSON null. */
  final int count(JsonToken t, JsonParser p) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
      int value = p.getIntValue();
      if (value < 0) {
        odd = true;
      }
      return value < 0 ? ABSENT : value;
    }
    if (t == JsonToken.VALUE_NULL) {
      return ABSENT;
    }
    if (t == JsonToken.VALUE_STRING) {
      int value = digits(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
      if (value < 0) {
        odd = true;
      }
      return value;
    }
    oddValue(p);
    return ABSENT;
  }

  /** Digits, white space around allowed, that fit an int; -1 for anything else. */
  private static int digits(char[] chars, int offset, int length) {
    int start = offset;
    int end = offset + length;
    while (start < end && chars[start] <= ' ') {
      start++;
    }
    while (end > start && chars[end - 1] <= ' ') {
      end--;
    }
    // Ten digits may overflow an int: those (and signs) go the tree way.
    if (start == end || end - start > 9) {
      return -1;
    }
    int value = 0;
    for (int i = start; i < end; i++) {
      int digit = chars[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /** A decimal; NaN when absent (JSON cannot send NaN). */
  final double decimal(JsonToken t, JsonParser p) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
      double value = p.getDoubleValue();
      if (!Double.isFinite(value)) {
        odd = true;
      }
      return value;
    }
    if (t != JsonToken.VALUE_NULL) {
      oddValue(p);
    }
    return Double.NaN;
  }
}
