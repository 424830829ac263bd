package io.citypulse.app.cli.render;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How every output format writes a cell's value as text (null stays null). */
final class CellText {
  private CellText() {}

  /**
   * Times as ISO-8601 with the zone's offset ({@code 2026-11-24T08:00:00Z} in UTC,
   * {@code 2026-11-24T09:00:00+01:00} in Europe/Paris); decimals without a trailing ".0" or an
   * exponent (12, 11.5, 0.0001); the rest as Java prints it.
   */
  static String of(Object value, ZoneId zone) {
    if (value == null) {
      return null;
    }
    if (value instanceof Instant instant) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zone));
    }
    if (value instanceof Double d) {
      return decimal(d);
    }
    return value.toString();
  }

  static String decimal(double d) {
    if (!Double.isFinite(d)) {
      return Double.toString(d);
    }
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
