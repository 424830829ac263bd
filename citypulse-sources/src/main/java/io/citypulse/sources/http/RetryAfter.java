package io.citypulse.sources.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110 10.2.3). */
public final class RetryAfter {
  private RetryAfter() {}

  /** A Retry-After beyond this is treated as this: an absurd header must not stop polling for days. */
  public static final Duration MAX = Duration.ofHours(1);

  /**
   * The wait after a rate-limited request: the server's Retry-After (capped at {@link #MAX}) or
   * our own backoff, whichever is longer; the backoff alone when the server gave none.
   */
  public static Duration waitAfterRateLimit(Duration retryAfter, Duration backoff) {
    if (retryAfter == null) {
      return backoff;
    }
    Duration asked = retryAfter.compareTo(MAX) > 0 ? MAX : retryAfter;
    return asked.compareTo(backoff) > 0 ? asked : backoff;
  }

  // RFC 9110 5.6.7: recipients must accept the IMF-fixdate and the two obsolete formats.
  private static final List<DateTimeFormatter> HTTP_DATES = List.of(
      DateTimeFormatter.RFC_1123_DATE_TIME,
      new DateTimeFormatterBuilder()
          .appendPattern("EEEE, dd-MMM-")
          .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
          .appendPattern(" HH:mm:ss zzz")
          .toFormatter(Locale.ENGLISH),
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH)
          .withZone(java.time.ZoneOffset.UTC));

  /** The wait the header asks for, never negative; empty when absent or unreadable. */
  public static Optional<Duration> parse(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    if (value.matches("\\d{1,10}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    for (DateTimeFormatter format : HTTP_DATES) {
      try {
        Instant at = ZonedDateTime.parse(value, format).toInstant();
        Duration wait = Duration.between(now, at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException e) {
        // try the next format
      }
    }
    return Optional.empty();
  }
}
