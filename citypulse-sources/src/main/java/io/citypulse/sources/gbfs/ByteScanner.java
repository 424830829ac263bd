package io.citypulse.sources.gbfs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A cursor over a JSON body held in bytes: validates and steps over white space, strings,
 * numbers, literals and nested values, the JSON grammar of RFC 8259 and nothing more.
 *
 * <p>It accepts a subset of what Jackson accepts (strict UTF-8, no BOM inside, nesting and number
 * lengths well within Jackson's limits). On anything else it throws {@link GiveUp}: the caller
 * then leaves the whole body to Jackson and the tree rules, which either read it or say why not.
 */
final class ByteScanner {

  /** The body is left to the tree rules. Preallocated, without a stack trace: it is control flow. */
  static final class GiveUp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private GiveUp() {
      super("left to the tree rules", null, false, false);
    }
  }

  static final GiveUp GIVE_UP = new GiveUp();

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Far below Jackson's default nesting limit (1,000), far above any feed's. */
  private static final int MAX_DEPTH = 64;
  /** Far below Jackson's default number length limit (1,000 characters). */
  private static final int MAX_NUMBER_LENGTH = 64;

  final byte[] bytes;
  /** The index of the next byte to read. */
  int at;

  /** Set by {@link #string()}: the last string had an escape sequence. */
  boolean escaped;
  /** Set by {@link #string()}: the last string had only ASCII characters. */
  boolean ascii;

  /** Set by {@link #number()}: where the last number starts. */
  int numberStart;
  /** Set by {@link #number()}: the last number had neither fraction nor exponent. */
  boolean integral;
  /** Set by {@link #number()}: the last number had a minus sign. */
  boolean negative;
  /** Set by {@link #number()}: how many digits the last number's integer part had. */
  int integerDigits;
  /** Set by {@link #number()}: its integer part's value, when it has at most 18 digits. */
  long integerValue;

  ByteScanner(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Moves past white space; the byte there (negative above ASCII), or -1 at the end. */
  int peek() {
    byte[] b = bytes;
    int i = at;
    while (i < b.length) {
      byte c = b[i];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        at = i;
        return c;
      }
      i++;
    }
    at = i;
    return -1;
  }

  /** {@link #peek()} where the body may not end. */
  int next() {
    int c = peek();
    if (c == -1) {
      throw GIVE_UP;
    }
    return c;
  }

  /** Moves past white space and the given structural character. */
  void expect(char c) {
    if (next() != c) {
      throw GIVE_UP;
    }
    at++;
  }

  /** After a member of an object or list: true past a comma, false past {@code close}. */
  boolean more(char close) {
    int c = next();
    at++;
    if (c == ',') {
      return true;
    }
    if (c != close) {
      throw GIVE_UP;
    }
    return false;
  }

  /**
   * Whether the string at the cursor (on its opening quote) is exactly {@code name}, which has no
   * quote, backslash or control character; if so, moves past it.
   */
  boolean name(byte[] name) {
    byte[] b = bytes;
    int from = at + 1;
    int length = name.length;
    int close = from + length;
    if (close >= b.length || b[close] != '"' || !sameBytes(b, from, name, length)) {
      return false;
    }
    at = close + 1;
    return true;
  }

  /**
   * Whether {@code b[from, from + length)} equals {@code name}. Names are most of a feed's bytes,
   * so they are compared eight at a time (the last word may overlap the one before).
   */
  private static boolean sameBytes(byte[] b, int from, byte[] name, int length) {
    if (length < Long.BYTES) {
      for (int i = 0; i < length; i++) {
        if (b[from + i] != name[i]) {
          return false;
        }
      }
      return true;
    }
    int last = length - Long.BYTES;
    for (int i = 0; i < last; i += Long.BYTES) {
      if ((long) LONGS.get(b, from + i) != (long) LONGS.get(name, i)) {
        return false;
      }
    }
    return (long) LONGS.get(b, from + last) == (long) LONGS.get(name, last);
  }

  /**
   * Validates the string at the cursor (on its opening quote) and moves past it; returns the
   * index of its closing quote and sets {@link #escaped} and {@link #ascii}.
   */
  int string() {
    byte[] b = bytes;
    int i = at + 1;
    boolean sawEscape = false;
    boolean onlyAscii = true;
    while (true) {
      if (i >= b.length) {
        throw GIVE_UP;
      }
      byte c = b[i];
      // Printable ASCII other than the quote and the backslash: by far the most bytes.
      if (c >= 0x20 && c != '"' && c != '\\') {
        i++;
      } else if (c == '"') {
        break;
      } else if (c == '\\') {
        sawEscape = true;
        i = escape(b, i);
      } else if (c < 0) {
        onlyAscii = false;
        i = utf8(b, i);
      } else {
        // An unescaped control character: not JSON.
        throw GIVE_UP;
      }
    }
    escaped = sawEscape;
    ascii = onlyAscii;
    at = i + 1;
    return i;
  }

  /** The index after the escape sequence at {@code i} (a backslash). */
  private static int escape(byte[] b, int i) {
    if (i + 1 >= b.length) {
      throw GIVE_UP;
    }
    switch (b[i + 1]) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
        return i + 2;
      }
      case 'u' -> {
        if (i + 5 >= b.length) {
          throw GIVE_UP;
        }
        for (int k = i + 2; k < i + 6; k++) {
          if (Character.digit(b[k], 16) < 0) {
            throw GIVE_UP;
          }
        }
        return i + 6;
      }
      default -> throw GIVE_UP;
    }
  }

  /** The index after the UTF-8 sequence starting at {@code i}, well-formed per RFC 3629 table 3-7. */
  private static int utf8(byte[] b, int i) {
    int lead = b[i] & 0xFF;
    int continuations;
    int secondMin = 0x80;
    int secondMax = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      continuations = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      continuations = 2;
      if (lead == 0xE0) {
        secondMin = 0xA0;
      } else if (lead == 0xED) {
        secondMax = 0x9F;
      }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      continuations = 3;
      if (lead == 0xF0) {
        secondMin = 0x90;
      } else if (lead == 0xF4) {
        secondMax = 0x8F;
      }
    } else {
      throw GIVE_UP;
    }
    if (i + continuations >= b.length) {
      throw GIVE_UP;
    }
    int second = b[i + 1] & 0xFF;
    if (second < secondMin || second > secondMax) {
      throw GIVE_UP;
    }
    for (int k = 2; k <= continuations; k++) {
      int next = b[i + k] & 0xFF;
      if (next < 0x80 || next > 0xBF) {
        throw GIVE_UP;
      }
    }
    return i + continuations + 1;
  }

  /** Whether {@code c} starts a number. */
  static boolean startsNumber(int c) {
    return c == '-' || (c >= '0' && c <= '9');
  }

  /**
   * Validates the number at the cursor and moves past it; sets the number fields. What follows
   * ({@code 12x}) is not checked here: every value is followed by {@link #more}, which only takes
   * a comma or the closing bracket.
   */
  void number() {
    byte[] b = bytes;
    int start = at;
    int i = start;
    boolean minus = b[i] == '-';
    if (minus) {
      i++;
    }
    int first = i;
    long value = 0;
    if (i < b.length && b[i] == '0') {
      i++;
    } else if (i < b.length && b[i] >= '1' && b[i] <= '9') {
      // One pass: the value is only used for up to 18 digits, where it cannot overflow.
      do {
        value = value * 10 + (b[i] - '0');
        i++;
      } while (i < b.length && b[i] >= '0' && b[i] <= '9');
    } else {
      throw GIVE_UP;
    }
    int whole = i - first;
    boolean fraction = false;
    if (i < b.length && b[i] == '.') {
      int from = i + 1;
      i = digits(b, from);
      if (i == from) {
        throw GIVE_UP;
      }
      fraction = true;
    }
    if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < b.length && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int from = i;
      i = digits(b, from);
      if (i == from) {
        throw GIVE_UP;
      }
      fraction = true;
    }
    if (i - start > MAX_NUMBER_LENGTH) {
      throw GIVE_UP;
    }
    numberStart = start;
    negative = minus;
    integral = !fraction;
    integerDigits = whole;
    integerValue = minus ? -value : value;
    at = i;
  }

  private static int digits(byte[] b, int i) {
    while (i < b.length && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }

  /** Reads the literal at the cursor: 1 for true, 0 for false, -1 for null (see {@link #number()}). */
  int literal() {
    byte[] b = bytes;
    int i = at;
    int value;
    int length;
    if (matches(b, i, 't', 'r', 'u', 'e')) {
      value = 1;
      length = 4;
    } else if (matches(b, i, 'n', 'u', 'l', 'l')) {
      value = -1;
      length = 4;
    } else if (matches(b, i, 'f', 'a', 'l', 's') && i + 4 < b.length && b[i + 4] == 'e') {
      value = 0;
      length = 5;
    } else {
      throw GIVE_UP;
    }
    at = i + length;
    return value;
  }

  private static boolean matches(byte[] b, int i, char c0, char c1, char c2, char c3) {
    return i + 3 < b.length && b[i] == c0 && b[i + 1] == c1 && b[i + 2] == c2 && b[i + 3] == c3;
  }

  /** Validates the value at the cursor, {@code depth} levels deep, and moves past it. */
  void skipValue(int depth) {
    int c = next();
    if (c == '"') {
      string();
    } else if (c == '{') {
      enter(depth);
      if (next() == '}') {
        at++;
        return;
      }
      do {
        if (next() != '"') {
          throw GIVE_UP;
        }
        string();
        expect(':');
        skipValue(depth + 1);
      } while (more('}'));
    } else if (c == '[') {
      enter(depth);
      if (next() == ']') {
        at++;
        return;
      }
      do {
        skipValue(depth + 1);
      } while (more(']'));
    } else if (startsNumber(c)) {
      number();
    } else {
      literal();
    }
  }

  /** Moves into the object or list at the cursor. */
  private void enter(int depth) {
    if (depth >= MAX_DEPTH) {
      throw GIVE_UP;
    }
    at++;
  }
}
