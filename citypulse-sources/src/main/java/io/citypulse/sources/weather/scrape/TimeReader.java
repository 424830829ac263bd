package io.citypulse.sources.weather.scrape;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a page's observation time: relative ({@code 9 minutes ago}, from the fetch time), ISO
 * 8601 with an offset ({@code datetime} attributes), or local time in one of the recipe's
 * patterns, in the page's time zone. Month names the locale does not know (Malay {@code Dis},
 * {@code Mac}, {@code Ogos}) are first replaced by their aliases. Immutable.
 */
public final class TimeReader {

  private static final Pattern RELATIVE = Pattern.compile(
      "(?i)\\b(\\d+|an?|one)\\s*(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)\\s+ago\\b");
  private static final Pattern JUST_NOW = Pattern.compile("(?i)^(?:just now|now)$");

  private final List<String> patterns;
  private final List<DateTimeFormatter> formatters;
  private final Map<Pattern, String> aliases;

  /**
   * @param patterns {@link DateTimeFormatter} patterns of local date-times, tried in order
   * @param locale of the month and day names and am/pm
   * @param monthAliases words replaced (whole word, any case) before parsing, e.g. Dis -> Dec
   */
  public TimeReader(List<String> patterns, Locale locale, Map<String, String> monthAliases) {
    this.patterns = List.copyOf(patterns);
    this.formatters = patterns.stream()
        .map(pattern -> new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern(pattern)
            .toFormatter(Objects.requireNonNull(locale, "locale")))
        .toList();
    this.aliases = monthAliases.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(
            e -> Pattern.compile("(?iu)(?<![\\p{L}])" + Pattern.quote(e.getKey()) + "(?![\\p{L}])"),
            Map.Entry::getValue));
  }

  /**
   * The instant the text names.
   *
   * @param zone the zone of a local time on the page
   * @throws ValueReader.UnreadableValue when no form fits
   */
  public Instant read(String text, ZoneId zone, Instant fetchedAt) {
    // timeanddate ends times with a period: "24 Nov 2025, 17:00."
    String line = ValueReader.normalize(text).replaceFirst("\\.$", "").trim();
    if (JUST_NOW.matcher(line).matches()) {
      return fetchedAt;
    }
    Matcher relative = RELATIVE.matcher(line);
    if (relative.find()) {
      return fetchedAt.minus(relativeAmount(relative.group(1), relative.group(2)));
    }
    try {
      return OffsetDateTime.parse(line).toInstant();
    } catch (DateTimeParseException e) {
      // not ISO: try the recipe's patterns
    }
    return readLocal(line).atZone(zone).toInstant();
  }

  /**
   * The local date-time the text writes in one of the patterns (a page clock, an observation
   * time), without a zone.
   *
   * @throws ValueReader.UnreadableValue when no pattern fits
   */
  public LocalDateTime readLocal(String text) {
    String line = ValueReader.normalize(text).replaceFirst("\\.$", "").trim();
    String aliased = line;
    for (Map.Entry<Pattern, String> alias : aliases.entrySet()) {
      aliased =
          alias.getKey().matcher(aliased).replaceAll(Matcher.quoteReplacement(alias.getValue()));
    }
    for (DateTimeFormatter formatter : formatters) {
      try {
        return LocalDateTime.parse(aliased, formatter);
      } catch (DateTimeException e) {
        // try the next pattern
      }
    }
    throw new ValueReader.UnreadableValue("'" + line + "' is not a time in any of " + patterns
        + (aliased.equals(line) ? "" : " (read as '" + aliased + "')"));
  }

  private static Duration relativeAmount(String count, String unit) {
    long amount = Character.isDigit(count.charAt(0)) ? Long.parseLong(count) : 1;
    String u = unit.toLowerCase(Locale.ROOT);
    if (u.startsWith("s")) {
      return Duration.ofSeconds(amount);
    }
    if (u.startsWith("m")) {
      return Duration.ofMinutes(amount);
    }
    if (u.startsWith("h")) {
      return Duration.ofHours(amount);
    }
    return Duration.ofDays(amount);
  }
}
