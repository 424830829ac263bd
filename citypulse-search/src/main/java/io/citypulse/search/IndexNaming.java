package io.citypulse.search;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Index names: {@code <prefix>-<stream>[-<period suffix>]}, the suffix taken from the document's
 * event time (not the time it is indexed), so a replay of old records writes to the indices they
 * went to the first time and overwrites them by id instead of duplicating them elsewhere.
 *
 * @param prefix lower case, e.g. {@code citypulse}
 */
public record IndexNaming(String prefix, IndexPeriod period) {

  /** Lower-case letters, digits and {@code . _ -}, not starting with one of {@code . _ - +}. */
  private static final Pattern VALID_PREFIX = Pattern.compile("[a-z0-9][a-z0-9._-]{0,100}");

  /** {@code citypulse-*-yyyy.MM.dd}. */
  public static final IndexNaming DEFAULT = new IndexNaming("citypulse", IndexPeriod.DAY);

  public IndexNaming {
    Objects.requireNonNull(period, "period");
    if (prefix == null || !VALID_PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("index prefix must be lower-case letters, digits, '.', '_'"
          + " or '-' (not first), e.g. citypulse: " + prefix);
    }
  }

  /** The index of a document of {@code stream} whose event time is {@code eventTime}. */
  public String index(SearchStream stream, Instant eventTime) {
    String base = base(stream);
    return period == IndexPeriod.NONE ? base : base + "-" + period.suffix(eventTime);
  }

  /** {@code citypulse-stations}: the single index with {@link IndexPeriod#NONE}, the stem else. */
  public String base(SearchStream stream) {
    return prefix + "-" + stream.baseName();
  }

  /**
   * The pattern of every index of the stream, {@code citypulse-stations*}: the index template's
   * pattern and what counts and dashboards query.
   */
  public String pattern(SearchStream stream) {
    return base(stream) + "*";
  }

  /** The dated indices only, {@code citypulse-stations-*}: what retention lists. */
  public String datedPattern(SearchStream stream) {
    return base(stream) + "-*";
  }

  /** The name of the stream's index template, e.g. {@code citypulse-stations}. */
  public String templateName(SearchStream stream) {
    return base(stream);
  }

  /** Parses {@code day}, {@code month} or {@code none} (any case), as in configuration. */
  public static IndexPeriod period(String text) {
    try {
      return IndexPeriod.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("index period must be day, month or none: " + text, e);
    }
  }
}
