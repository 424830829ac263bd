package io.citypulse.sources.gbfs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads one station entry over the bytes of a feed body, for the shapes feeds really send; the
 * byte-level counterpart of {@link EntryStreamReader}, used where Jackson's tokenizer was too slow.
 *
 * <p>Anything else (a value of an unexpected type, a negative count, an escaped id, a repeated
 * key...) marks the entry {@link #odd}: {@link StationFeedScanner} then reads that entry again
 * from its own bytes as a tree with {@link GbfsTreeReader}'s rules, which decide the record or
 * the rejection reason. The fast path therefore only has to be exact on what it accepts. One
 * instance per body, reused for every entry; not thread-safe.
 */
abstract class EntryScanner<T> {
  /** A count or a bit set that is not there. */
  static final int ABSENT = -1;
  /** The code of a field the entry scanner does not read. */
  static final int SKIPPED = 0;

  /** Field names are learned up to this position in an entry. */
  private static final int MAX_LEARNED_FIELDS = 64;
  /** RFC 3339 date-times are at most ~35 characters; longer text goes to the tree rules. */
  private static final int MAX_TIMESTAMP_LENGTH = 64;

  final byte[] body;
  final ByteScanner scan;
  /** Set when the current entry must be read again as a tree. */
  boolean odd;

  /** The names of the fields read, by code (1 to 31); index 0 is unused. */
  private final byte[][] fieldNames;
  /** Codes of the fields already seen in the current entry, one bit each. */
  private int seen;
  // The names of the previous entry's fields, by position, and their codes: one serializer wrote
  // the feed, so the next entry almost always has the same names in the same order, and
  // comparing bytes with the expected name is all it takes to know a field.
  private byte[][] learnedNames = new byte[16][];
  private int[] learnedCodes = new int[16];
  private final char[] timestampChars = new char[MAX_TIMESTAMP_LENGTH];
  private final Instant[] recentInstants = new Instant[256];

  EntryScanner(byte[] body, byte[][] fieldNames) {
    this.body = body;
    this.scan = new ByteScanner(body);
    this.fieldNames = fieldNames;
  }

  /** Reads the entry at the cursor (on its opening brace), up to its closing brace; null when odd. */
  final T read() {
    ByteScanner s = scan;
    s.at++;
    odd = false;
    seen = 0;
    reset();
    if (s.next() == '}') {
      s.at++;
      return null;
    }
    int position = 0;
    do {
      if (s.next() != '"') {
        throw ByteScanner.GIVE_UP;
      }
      int code = fieldCode(position++);
      s.expect(':');
      s.next();
      if (code == SKIPPED) {
        // Camel-case duplicates, num_*_disabled, station_opening_hours...: validated, not read.
        s.skipValue(3);
        continue;
      }
      if ((seen & (1 << code)) != 0) {
        // A repeated key: a tree keeps the last value, let it decide.
        odd = true;
      }
      seen |= 1 << code;
      value(code);
    } while (s.more('}'));
    return odd ? null : build();
  }

  /** Forgets the previous entry. */
  abstract void reset();

  /** Reads the value at the cursor of the field with this code. */
  abstract void value(int code);

  /** The record of the entry just read, or null when it lacks something (the tree rules say what). */
  abstract T build();

  /** The code of the field name at the cursor, which it moves past. */
  private int fieldCode(int position) {
    ByteScanner s = scan;
    if (position < learnedNames.length) {
      byte[] guess = learnedNames[position];
      if (guess != null && s.name(guess)) {
        return learnedCodes[position];
      }
    }
    int open = s.at;
    int close = s.string();
    if (s.escaped) {
      // "station\u005fid" is station_id to a tree: let it read the entry.
      odd = true;
      return SKIPPED;
    }
    int code = knownField(open + 1, close);
    if (position < MAX_LEARNED_FIELDS) {
      if (position >= learnedNames.length) {
        learnedNames = Arrays.copyOf(learnedNames, MAX_LEARNED_FIELDS);
        learnedCodes = Arrays.copyOf(learnedCodes, MAX_LEARNED_FIELDS);
      }
      learnedNames[position] = Arrays.copyOfRange(body, open + 1, close);
      learnedCodes[position] = code;
    }
    return code;
  }

  private int knownField(int from, int to) {
    for (int code = 1; code < fieldNames.length; code++) {
      if (Arrays.equals(body, from, to, fieldNames[code], 0, fieldNames[code].length)) {
        return code;
      }
    }
    return SKIPPED;
  }

  /** The bytes of an ASCII name. */
  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  // ---- Values. Each reads one value at the cursor; a shape it does not take makes the entry odd.

  /** The value at the cursor is not read here: validated, skipped, and the entry is odd. */
  final void oddValue() {
    odd = true;
    scan.skipValue(4);
  }

  /** An identifier (string or integer) as text; null when JSON null. */
  final String id() {
    String text = text();
    if (text != null && text.isEmpty()) {
      // "station_id is empty" to the tree rules.
      odd = true;
    }
    return text;
  }

  /** Optional text: a string (trimmed, empty is null) or an integer's digits; null when absent. */
  final String optionalText() {
    String text = text();
    return text == null || text.isEmpty() ? null : text;
  }

  /** Where [from, to) of the body starts once leading spaces are skipped. */
  final int trimmedFrom(int from, int to) {
    // Only spaces can be trimmed: control characters are not allowed unescaped in JSON.
    while (from < to && body[from] == ' ') {
      from++;
    }
    return from;
  }

  /** Where [from, to) of the body ends once trailing spaces are dropped. */
  final int trimmedTo(int from, int to) {
    while (to > from && body[to - 1] == ' ') {
      to--;
    }
    return to;
  }

  /** A string, trimmed (maybe empty), or an integer's digits; null for JSON null or an odd value. */
  final String text() {
    ByteScanner s = scan;
    int c = body[s.at];
    if (c == '"') {
      int open = s.at;
      int close = s.string();
      if (s.escaped) {
        odd = true;
        return null;
      }
      int from = open + 1;
      int to = close;
      from = trimmedFrom(from, to);
      to = trimmedTo(from, to);
      if (from == to) {
        return "";
      }
      return new String(
          body, from, to - from, s.ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }
    if (ByteScanner.startsNumber(c)) {
      s.number();
      // A JSON integer's text is its decimal form, but for -0 and very long ones.
      if (!s.integral || s.integerDigits > 18 || (s.negative && s.integerValue == 0)) {
        odd = true;
        return null;
      }
      return new String(body, s.numberStart, s.at - s.numberStart, StandardCharsets.ISO_8859_1);
    }
    if (c == 'n') {
      s.literal();
      return null;
    }
    oddValue();
    return null;
  }

  /** A non-negative int count, a number or a string of digits; {@link #ABSENT} when JSON null. */
  final int count() {
    ByteScanner s = scan;
    int c = body[s.at];
    if (ByteScanner.startsNumber(c)) {
      s.number();
      if (s.integral && !s.negative && s.integerDigits <= 9) {
        return (int) s.integerValue;
      }
      odd = true;
      return ABSENT;
    }
    if (c == '"') {
      int open = s.at;
      int close = s.string();
      int value = s.escaped ? -1 : digits(open + 1, close);
      if (value < 0) {
        odd = true;
        return ABSENT;
      }
      return value;
    }
    if (c == 'n') {
      s.literal();
      return ABSENT;
    }
    oddValue();
    return ABSENT;
  }

  /** Up to nine ASCII digits, spaces around allowed; -1 for anything else. */
  private int digits(int from, int to) {
    from = trimmedFrom(from, to);
    to = trimmedTo(from, to);
    if (from == to || to - from > 9) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      int digit = body[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /** A count inside {@code num_bikes_available_types}, where JSON null is not allowed either. */
  final int requiredCount() {
    int value = count();
    if (value == ABSENT) {
      odd = true;
    }
    return value;
  }

  /** A station flag: true/false, 0/1 or their text; true when JSON null (absent). */
  final boolean flag() {
    ByteScanner s = scan;
    int c = body[s.at];
    if (c == 't' || c == 'f' || c == 'n') {
      return s.literal() != 0;
    }
    if (ByteScanner.startsNumber(c)) {
      s.number();
      if (s.integral && !s.negative && s.integerDigits == 1 && s.integerValue <= 1) {
        return s.integerValue == 1;
      }
      odd = true;
      return true;
    }
    if (c == '"') {
      int open = s.at;
      int close = s.string();
      if (!s.escaped && s.ascii) {
        int from = open + 1;
        int to = close;
        from = trimmedFrom(from, to);
        to = trimmedTo(from, to);
        if (equalsIgnoreAsciiCase(from, to, "true") || equalsIgnoreAsciiCase(from, to, "1")) {
          return true;
        }
        if (equalsIgnoreAsciiCase(from, to, "false") || equalsIgnoreAsciiCase(from, to, "0")) {
          return false;
        }
      }
      odd = true;
      return true;
    }
    oddValue();
    return true;
  }

  private boolean equalsIgnoreAsciiCase(int from, int to, String word) {
    if (to - from != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      int c = body[from + i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** POSIX seconds (or ms) as a number or digits, or RFC 3339 text; null when JSON null. */
  final Instant timestamp() {
    ByteScanner s = scan;
    int c = body[s.at];
    if (ByteScanner.startsNumber(c)) {
      s.number();
      if (!s.integral || s.negative || s.integerDigits > 18) {
        odd = true;
        return null;
      }
      long value = s.integerValue;
      return value > Timestamps.MAX_EPOCH_SECONDS ? Timestamps.epoch(value) : instant(value);
    }
    if (c == '"') {
      int open = s.at;
      int close = s.string();
      int length = close - open - 1;
      if (s.escaped || !s.ascii || length > MAX_TIMESTAMP_LENGTH) {
        odd = true;
        return null;
      }
      char[] chars = timestampChars;
      for (int i = 0; i < length; i++) {
        chars[i] = (char) body[open + 1 + i];
      }
      long seconds = Timestamps.wholeSeconds(chars, 0, length);
      Instant value = seconds != Timestamps.NOT_WHOLE_SECONDS
          ? instant(seconds)
          : Timestamps.parse(chars, 0, length);
      if (value == null) {
        odd = true;
      }
      return value;
    }
    if (c == 'n') {
      s.literal();
      return null;
    }
    oddValue();
    return null;
  }

  /**
   * One {@link Instant} per second seen lately: stations of a feed share few distinct report
   * times, and 100,000 stations made 100,000 equal instants.
   */
  private Instant instant(long epochSecond) {
    int slot = (int) epochSecond & (recentInstants.length - 1);
    Instant cached = recentInstants[slot];
    if (cached == null || cached.getEpochSecond() != epochSecond) {
      cached = Instant.ofEpochSecond(epochSecond);
      recentInstants[slot] = cached;
    }
    return cached;
  }

  /** Adds a key to the keys seen in one small nested object; a repeat is odd. */
  final int repeat(int keys, int key) {
    if ((keys & key) != 0) {
      odd = true;
    }
    return keys | key;
  }

  /** A key of a small nested object that is not one of those read: skipped, unless escaped. */
  final int otherKey() {
    scan.string();
    if (scan.escaped) {
      odd = true;
    }
    return 0;
  }
}
