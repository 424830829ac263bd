package io.citypulse.search;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/**
 * How documents are spread over indices by event time (UTC): one index per day, per month, or a
 * single index. Dated indices are what retention deletes whole, which costs nothing, where
 * deleting documents by query from one index would rewrite segments.
 */
public enum IndexPeriod {
  /** {@code citypulse-stations-2026.12.06}: the usual choice, retention in days. */
  DAY("uuuu.MM.dd"),
  /** {@code citypulse-stations-2026.12}: fewer, larger indices for slow feeds. */
  MONTH("uuuu.MM"),
  /** {@code citypulse-stations}: one index, kept whole (retention does not apply). */
  NONE(null);

  private final DateTimeFormatter format;

  IndexPeriod(String pattern) {
    this.format = pattern == null
        ? null
        : DateTimeFormatter.ofPattern(pattern)
            .withZone(ZoneOffset.UTC)
            .withResolverStyle(ResolverStyle.STRICT);
  }

  /** The index suffix of {@code eventTime}, e.g. {@code 2026.12.06}; empty for {@link #NONE}. */
  public String suffix(Instant eventTime) {
    return format == null ? "" : format.format(eventTime);
  }

  /**
   * The first instant of the period a suffix names ({@code 2026.12} is 2026-12-01T00:00Z); empty
   * when the text is not a suffix of this period (another period's, a hand-made index).
   */
  public Optional<Instant> periodStart(String suffix) {
    if (format == null) {
      return Optional.empty();
    }
    try {
      LocalDate day = this == MONTH
          ? YearMonth.parse(suffix, format).atDay(1)
          : LocalDate.parse(suffix, format);
      return Optional.of(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The first instant after the period that starts at {@code start}. */
  public Instant periodEnd(Instant start) {
    LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC);
    return switch (this) {
      case DAY -> day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      case MONTH -> day.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      case NONE -> Instant.MAX;
    };
  }
}
