package io.citypulse.app.cli;

import io.citypulse.app.config.Durations;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses the {@code --from}/{@code --to} times of {@code citypulse history}. Pure: "now" comes
 * from the given clock.
 */
public final class TimeArgument {
  /** The forms accepted, for error messages. */
  public static final String FORMS =
      "an instant (2026-11-24T08:00:00Z or 2026-11-24T09:00+01:00), a local"
          + " date-time (2026-11-24T08:00), a date (2026-11-24), 'now', or a time ago (-2h, -7d, -30m)";

  private TimeArgument() {}

  /**
   * @param zone the zone of local date-times and dates
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static Instant parse(String text, Clock clock, ZoneId zone) {
    String value = text == null ? "" : text.trim();
    if (value.isEmpty()) {
      throw new IllegalArgumentException("empty time: expected " + FORMS);
    }
    if (value.equalsIgnoreCase("now")) {
      return clock.instant();
    }
    if (value.startsWith("-")) {
      Duration ago;
      try {
        ago = Durations.parse(value.substring(1));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a time ago such as -2h, -7d or -30m");
      }
      return clock.instant().minus(ago);
    }
    // A space between date and time is what people paste from SQL output.
    String iso = value.length() > 10 && value.charAt(10) == ' '
        ? value.substring(0, 10) + 'T' + value.substring(11)
        : value;
    try {
      if (iso.length() == 10) {
        return LocalDate.parse(iso).atStartOfDay(zone).toInstant();
      }
      if (hasOffset(iso)) {
        return iso.contains("[")
            ? ZonedDateTime.parse(iso, DateTimeFormatter.ISO_ZONED_DATE_TIME).toInstant()
            : OffsetDateTime.parse(iso.toUpperCase(Locale.ROOT)).toInstant();
      }
      return LocalDateTime.parse(iso).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a time: expected " + FORMS);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("'" + text + "' is not a valid time: " + e.getMessage());
    }
  }

  /** Z, z, +hh:mm or -hh:mm after the time part (a '-' in the date does not count). */
  private static boolean hasOffset(String iso) {
    int t = iso.indexOf('T');
    if (t < 0) {
      return false;
    }
    String time = iso.substring(t);
    return time.endsWith("Z")
        || time.endsWith("z")
        || time.contains("+")
        || time.contains("-")
        || time.contains("[");
  }
}
