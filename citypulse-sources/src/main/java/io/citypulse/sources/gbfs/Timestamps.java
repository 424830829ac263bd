package io.citypulse.sources.gbfs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * GBFS timestamps: POSIX seconds (GBFS 1.x/2.x) or RFC 3339 date-times (GBFS 3.0).
 *
 * <p>A 100,000-station GBFS 3.0 feed carries one RFC 3339 text per station; going through
 * {@link OffsetDateTime#parse} for each cost more than reading the rest of the entry. The common
 * shapes ({@code 2023-07-17T13:34:13+02:00}, {@code ...Z}, fractions, lower-case {@code t}/{@code z},
 * a space instead of {@code T}) are read here directly from the characters; anything else goes to
 * java.time, so the accepted set and the instants are exactly those of the rules the parser
 * always had (see {@link #slow}).
 */
final class Timestamps {
  private Timestamps() {}

  /** POSIX seconds above this are milliseconds (year 5138 in seconds); some 1.x feeds send ms. */
  static final long MAX_EPOCH_SECONDS = 99_999_999_999L;
  /** {@link #wholeSeconds} could not read the text: ask {@link #parse(char[], int, int)}. */
  static final long NOT_WHOLE_SECONDS = Long.MIN_VALUE;

  private static final int MAX_EPOCH_DIGITS = 15;
  /** {@code yyyy-MM-ddTHH:mmZ} is the shortest date-time shape. */
  private static final int MIN_DATE_TIME_LENGTH = 17;

  private static final int SECONDS_PER_DAY = 86_400;
  /** java.time refuses offsets beyond +-18:00. */
  private static final int MAX_OFFSET_HOURS = 18;

  private static final int[] NANOS_SCALE = {
    0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
  };

  /** Seconds or milliseconds since the epoch, told apart by size. */
  static Instant epoch(long value) {
    return value > MAX_EPOCH_SECONDS ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
  }

  /**
   * The instant a JSON string holds: up to 15 digits are POSIX seconds (or milliseconds), else an
   * RFC 3339 date-time; null when it is neither. Surrounding white space is ignored.
   */
  static Instant parse(String text) {
    return parse(text.toCharArray(), 0, text.length());
  }

  /** {@link #parse(String)} on {@code length} characters of {@code chars} from {@code offset}. */
  static Instant parse(char[] chars, int offset, int length) {
    int start = trimStart(chars, offset, offset + length);
    int end = trimEnd(chars, start, offset + length);
    if (isDigits(chars, start, end)) {
      return epoch(digits(chars, start, end));
    }
    long seconds = dateTimeSeconds(chars, start, end);
    if (seconds != NOT_WHOLE_SECONDS) {
      return Instant.ofEpochSecond(seconds, nanos(chars, start, end));
    }
    return slow(new String(chars, start, end - start));
  }

  /**
   * Epoch seconds of a text {@link #parse(char[], int, int)} reads as a whole second (POSIX
   * seconds, or a common RFC 3339 shape without fraction), without making an {@link Instant};
   * {@link #NOT_WHOLE_SECONDS} for anything else, which does not mean the text is invalid.
   */
  static long wholeSeconds(char[] chars, int offset, int length) {
    int start = trimStart(chars, offset, offset + length);
    int end = trimEnd(chars, start, offset + length);
    if (isDigits(chars, start, end)) {
      long value = digits(chars, start, end);
      return value > MAX_EPOCH_SECONDS ? NOT_WHOLE_SECONDS : value;
    }
    long seconds = dateTimeSeconds(chars, start, end);
    return seconds != NOT_WHOLE_SECONDS && nanos(chars, start, end) == 0
        ? seconds
        : NOT_WHOLE_SECONDS;
  }

  /**
   * The rules the parser always had, for the shapes the fast path leaves: java.time's ISO offset
   * date-time after upper-casing (RFC 3339 allows {@code t}/{@code z}) and turning a space into
   * {@code T} (RFC 3339 section 5.6 note).
   */
  private static Instant slow(String trimmed) {
    String iso = trimmed.toUpperCase(Locale.ROOT).replace(' ', 'T');
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static int trimStart(char[] c, int start, int end) {
    while (start < end && c[start] <= ' ') {
      start++;
    }
    return start;
  }

  private static int trimEnd(char[] c, int start, int end) {
    while (end > start && c[end - 1] <= ' ') {
      end--;
    }
    return end;
  }

  /** One to 15 ASCII digits: POSIX seconds or milliseconds. */
  private static boolean isDigits(char[] c, int start, int end) {
    if (start == end || end - start > MAX_EPOCH_DIGITS) {
      return false;
    }
    for (int i = start; i < end; i++) {
      if (c[i] < '0' || c[i] > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Epoch seconds of {@code yyyy-MM-dd[Tt ]HH:mm[:ss[.f{1,9}]](Z|z|+HH:mm|-HH:mm)} filling
   * {@code [start, end)}; {@link #NOT_WHOLE_SECONDS} for another shape or an out-of-range field.
   */
  private static long dateTimeSeconds(char[] c, int start, int end) {
    if (end - start < MIN_DATE_TIME_LENGTH
        || c[start + 4] != '-'
        || c[start + 7] != '-'
        || c[start + 13] != ':') {
      return NOT_WHOLE_SECONDS;
    }
    char separator = c[start + 10];
    if (separator != 'T' && separator != 't' && separator != ' ') {
      return NOT_WHOLE_SECONDS;
    }
    int century = twoDigits(c, start);
    int yearOfCentury = twoDigits(c, start + 2);
    int month = twoDigits(c, start + 5);
    int day = twoDigits(c, start + 8);
    int hour = twoDigits(c, start + 11);
    int minute = twoDigits(c, start + 14);
    if (century < 0 || yearOfCentury < 0) {
      return NOT_WHOLE_SECONDS;
    }
    int year = century * 100 + yearOfCentury;
    if (month < 1
        || month > 12
        || day < 1
        || day > lengthOfMonth(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59) {
      return NOT_WHOLE_SECONDS;
    }
    int at = start + 16;
    int second = 0;
    if (c[at] == ':') {
      if (end - at < 4) {
        return NOT_WHOLE_SECONDS;
      }
      second = twoDigits(c, at + 1);
      if (second < 0 || second > 59) {
        return NOT_WHOLE_SECONDS;
      }
      at += 3;
      if (at < end && c[at] == '.') {
        int from = ++at;
        while (at < end && c[at] >= '0' && c[at] <= '9') {
          at++;
        }
        if (at - from < 1 || at - from > 9) {
          return NOT_WHOLE_SECONDS;
        }
      }
    }
    int offsetSeconds = offsetSeconds(c, at, end);
    if (offsetSeconds == Integer.MIN_VALUE) {
      return NOT_WHOLE_SECONDS;
    }
    return epochDay(year, month, day) * SECONDS_PER_DAY
        + hour * 3600
        + minute * 60
        + second
        - offsetSeconds;
  }

  /** The nanoseconds of the fraction of a shape {@link #dateTimeSeconds} accepted; 0 when none. */
  private static int nanos(char[] c, int start, int end) {
    int at = start + 19;
    if (at >= end || c[at] != '.' || c[start + 16] != ':') {
      return 0;
    }
    int from = at + 1;
    int to = from;
    while (to < end && c[to] >= '0' && c[to] <= '9') {
      to++;
    }
    return (int) digits(c, from, to) * NANOS_SCALE[to - from];
  }

  /** {@code Z}, {@code z}, {@code +HH:mm} or {@code -HH:mm} filling {@code [at, end)}; MIN_VALUE otherwise. */
  private static int offsetSeconds(char[] c, int at, int end) {
    int length = end - at;
    if (length == 1 && (c[at] == 'Z' || c[at] == 'z')) {
      return 0;
    }
    if (length != 6 || (c[at] != '+' && c[at] != '-') || c[at + 3] != ':') {
      return Integer.MIN_VALUE;
    }
    int hours = twoDigits(c, at + 1);
    int minutes = twoDigits(c, at + 4);
    if (hours < 0
        || minutes < 0
        || minutes > 59
        || hours > MAX_OFFSET_HOURS
        || (hours == MAX_OFFSET_HOURS && minutes != 0)) {
      return Integer.MIN_VALUE;
    }
    int seconds = hours * 3600 + minutes * 60;
    return c[at] == '-' ? -seconds : seconds;
  }

  /** The value of the two ASCII digits at {@code at}, or -1. */
  private static int twoDigits(char[] c, int at) {
    int tens = c[at] - '0';
    int units = c[at + 1] - '0';
    return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1;
  }

  /** The value of ASCII digits {@code [from, to)}, all checked by the caller. */
  private static long digits(char[] c, int from, int to) {
    long value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (c[i] - '0');
    }
    return value;
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static boolean isLeap(int year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return (long) era * 146_097 + dayOfEra - 719_468;
  }
}
