package io.citypulse.files;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Typed values from a row's text fields, collecting a readable reason for each bad one. */
final class Cells {
  /** Compiled once: a 1M-row import calls {@link #instant} twice a row. */
  private static final java.util.regex.Pattern EPOCH_SECONDS =
      java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?");

  private final Map<String, String> row;
  private final List<String> problems = new ArrayList<>();

  Cells(Map<String, String> row) {
    this.row = row;
  }

  List<String> problems() {
    return problems;
  }

  /** The trimmed text, or null when absent or blank. */
  String text(String column) {
    String value = row.get(column);
    if (value == null || value.isBlank()) {
      return null;
    }
    return value.trim();
  }

  String requiredText(String column) {
    String value = text(column);
    if (value == null) {
      problems.add("missing column " + column);
    }
    return value;
  }

  Double number(String column) {
    BigDecimal value = decimal(column);
    return value == null ? null : value.doubleValue();
  }

  Integer integer(String column) {
    BigDecimal value = decimal(column);
    if (value == null) {
      return null;
    }
    try {
      return value.intValueExact();
    } catch (ArithmeticException e) {
      problems.add(column + ": '" + text(column) + "' is not a whole number");
      return null;
    }
  }

  int requiredInteger(String column) {
    if (text(column) == null) {
      problems.add("missing column " + column);
      return 0;
    }
    Integer value = integer(column);
    return value == null ? 0 : value;
  }

  /** true/false, 1/0, yes/no (any case). */
  boolean requiredBoolean(String column) {
    String value = text(column);
    if (value == null) {
      problems.add("missing column " + column);
      return false;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
      case "yes":
        return true;
      case "false":
      case "0":
      case "no":
        return false;
      default:
        problems.add(column + ": '" + value + "' is not a boolean (true/false, 1/0)");
        return false;
    }
  }

  /**
   * An ISO-8601 instant ({@code 2025-10-18T12:00:00Z}), a date-time with an offset
   * ({@code 2025-10-18T14:00:00+02:00}) or epoch seconds. A date-time without zone is refused:
   * which instant it means depends on a zone the file does not give.
   */
  Instant instant(String column) {
    String value = text(column);
    if (value == null) {
      return null;
    }
    if (EPOCH_SECONDS.matcher(value).matches()) {
      BigDecimal seconds = new BigDecimal(value);
      try {
        return Instant.ofEpochSecond(
            seconds.longValue(),
            seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
      } catch (DateTimeException | ArithmeticException e) {
        problems.add(column + ": '" + value + "' is out of range as epoch seconds");
        return null;
      }
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException e) {
      // not with an offset: tell a local date-time from garbage
    }
    if (isLocal(value)) {
      problems.add(column + ": '" + value
          + "' has no time zone: give it in UTC (…Z), with an offset (+02:00) or as epoch seconds");
    } else {
      problems.add(column + ": '" + value
          + "' is not an ISO-8601 date-time (2025-10-18T12:00:00Z) or epoch seconds");
    }
    return null;
  }

  Instant requiredInstant(String column) {
    if (text(column) == null) {
      problems.add("missing column " + column);
      return null;
    }
    return instant(column);
  }

  private static boolean isLocal(String value) {
    try {
      LocalDateTime.parse(value);
      return true;
    } catch (DateTimeException e) {
      try {
        LocalDate.parse(value);
        return true;
      } catch (DateTimeException notDate) {
        return false;
      }
    }
  }

  private BigDecimal decimal(String column) {
    String value = text(column);
    if (value == null) {
      return null;
    }
    try {
      // BigDecimal, not Double.parseDouble: that one takes "NaN", "Infinity", "1d" and hex floats
      return new BigDecimal(value);
    } catch (NumberFormatException e) {
      problems.add(column + ": '" + value + "' is not a number");
      return null;
    }
  }
}
