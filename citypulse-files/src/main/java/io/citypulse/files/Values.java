package io.citypulse.files;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

/** How writers spell values: the text every reader gives back for them. */
final class Values {
  private Values() {}

  /** The value as text, or null: numbers in plain decimal notation, instants in ISO-8601 UTC. */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number n) {
      return number(n);
    }
    if (value instanceof Boolean || value instanceof Instant) {
      return value.toString();
    }
    throw new IllegalArgumentException("cannot write a "
        + value.getClass().getSimpleName()
        + ": values are String, Number, Boolean, Instant or null");
  }

  /** Whether the value is written as a number (JSON number, numeric XLSX cell). */
  static boolean isFiniteNumber(Object value) {
    if (value instanceof Double d) {
      return Double.isFinite(d);
    }
    if (value instanceof Float f) {
      return Float.isFinite(f);
    }
    return value instanceof Number;
  }

  static String number(Number n) {
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      return Double.isFinite(d) ? plain(d) : String.valueOf(d);
    }
    if (n instanceof BigDecimal big) {
      return big.toPlainString();
    }
    if (n instanceof Integer
        || n instanceof Long
        || n instanceof Short
        || n instanceof Byte
        || n instanceof BigInteger) {
      return n.toString();
    }
    return new BigDecimal(n.toString()).toPlainString();
  }

  /** {@code 12.5} → "12.5", {@code 12.0} → "12", {@code 1.0E7} → "10000000". */
  static String plain(double value) {
    // BigDecimal.valueOf goes through Double.toString: the shortest text that reads back exactly
    String text = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    return text.equals("-0") ? "0" : text;
  }
}
