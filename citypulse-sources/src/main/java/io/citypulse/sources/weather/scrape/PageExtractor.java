package io.citypulse.sources.weather.scrape;

import io.citypulse.model.WeatherObservation;
import io.citypulse.sources.weather.TimeZones;
import io.citypulse.sources.weather.WeatherLocation;
import io.citypulse.sources.weather.WeatherParse;
import io.citypulse.sources.weather.scrape.ScrapeRecipe.Field;
import io.citypulse.sources.weather.scrape.ScrapeRecipe.FieldSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Reads one parsed page into an observation with a recipe: pure, no I/O. A required field whose
 * selector matches nothing, or whose text cannot be read, makes the page {@link
 * WeatherParse.Malformed} with a reason naming the selector or the text and the field (a
 * changed page layout shows up in the dead letters that way); an optional one is left null.
 */
public final class PageExtractor {
  private PageExtractor() {}

  /** Longest page text quoted in a reason. */
  private static final int QUOTE_LENGTH = 120;

  /** A field that could not be read; the message is the Malformed reason. */
  private static final class Unreadable extends RuntimeException {
    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * @param sourceId the observation's {@code source}, e.g. {@code scraper:fzj-juelich}
   * @param fetchedAt when the page was fetched: its observation time when the recipe has none
   */
  public static WeatherParse extract(
      Document page,
      ScrapeRecipe recipe,
      WeatherLocation location,
      String sourceId,
      Instant fetchedAt) {
    try {
      return new WeatherParse.Parsed(observation(page, recipe, location, sourceId, fetchedAt));
    } catch (Unreadable e) {
      return new WeatherParse.Malformed(e.getMessage());
    } catch (RuntimeException e) {
      // A bug must not stop the poller: the page goes to the dead letters with the cause.
      return new WeatherParse.Malformed("recipe '" + recipe.name() + "' failed on the page: " + e);
    }
  }

  private static WeatherObservation observation(
      Document page,
      ScrapeRecipe recipe,
      WeatherLocation location,
      String sourceId,
      Instant fetchedAt) {
    Map<Field, Double> numbers = new EnumMap<>(Field.class);
    ValueReader.NumberFormat format = recipe.numberFormat();
    for (Field field : recipe.fields().keySet()) {
      if (field == Field.CONDITION || field == Field.OBSERVED_AT || field == Field.PAGE_CLOCK) {
        continue;
      }
      String text = text(page, recipe, field);
      if (text == null) {
        continue;
      }
      FieldSpec spec = recipe.fields().get(field);
      Double value;
      try {
        value = switch (field) {
          case TEMPERATURE, FEELS_LIKE -> ValueReader.temperatureC(text, spec.unit(), format);
          case HUMIDITY -> ValueReader.humidityPct(text, spec.unit(), format);
          case PRESSURE -> ValueReader.pressureHpa(text, spec.unit(), format);
          case WIND_SPEED, WIND_GUST -> ValueReader.speedMs(text, spec.unit(), format);
          case WIND_DIRECTION -> ValueReader.directionDeg(text, spec.unit(), format);
          default -> throw new AssertionError(field);
        };
      } catch (ValueReader.UnreadableValue e) {
        throw new Unreadable(
            "cannot read field " + field.key() + " from '" + quote(text) + "': " + e.getMessage());
      }
      if (value == null && !spec.optional()) {
        throw new Unreadable(
            "field " + field.key() + " has no value on the page ('" + quote(text) + "')");
      }
      numbers.put(field, value == null ? null : round(value));
    }
    String condition = text(page, recipe, Field.CONDITION);
    Instant observedAt = observedAt(page, recipe, location, fetchedAt);
    return new WeatherObservation(
        location.key(),
        location.name(),
        location.country(),
        location.lat(),
        location.lon(),
        observedAt,
        offsetSeconds(page, recipe, location, observedAt, fetchedAt),
        numbers.get(Field.TEMPERATURE),
        numbers.get(Field.FEELS_LIKE),
        numbers.get(Field.HUMIDITY),
        numbers.get(Field.PRESSURE),
        numbers.get(Field.WIND_SPEED),
        numbers.get(Field.WIND_DIRECTION),
        numbers.get(Field.WIND_GUST),
        null,
        null,
        null,
        condition == null || condition.isBlank() ? null : condition,
        sourceId,
        fetchedAt);
  }

  /**
   * The field's text: the first element the selector matches, its attribute or text, group 1 of
   * the regex; null for an absent optional field or one the recipe does not have.
   */
  static String text(Document page, ScrapeRecipe recipe, Field field) {
    FieldSpec spec = recipe.fields().get(field);
    if (spec == null) {
      return null;
    }
    Element element = page.selectFirst(recipe.evaluator(field));
    if (element == null) {
      if (spec.optional()) {
        return null;
      }
      throw new Unreadable(
          "selector '" + spec.selector() + "' matched nothing (field " + field.key() + ")");
    }
    String text = spec.attribute() == null ? element.text() : element.attr(spec.attribute());
    text = ValueReader.normalize(text);
    Pattern regex = recipe.regex(field);
    if (regex == null) {
      return text;
    }
    Matcher matcher = regex.matcher(text);
    if (!matcher.find() || matcher.group(1) == null) {
      if (spec.optional()) {
        return null;
      }
      throw new Unreadable("regex '" + spec.regex() + "' did not match '" + quote(text)
          + "' (field " + field.key() + ", selector '" + spec.selector() + "')");
    }
    return matcher.group(1).trim();
  }

  private static Instant observedAt(
      Document page, ScrapeRecipe recipe, WeatherLocation location, Instant fetchedAt) {
    String text = text(page, recipe, Field.OBSERVED_AT);
    if (text == null) {
      // No time on the page (or an optional one missing): the fetch is the best we know.
      return fetchedAt;
    }
    try {
      return recipe.timeReader().read(text, pageZone(page, recipe, location, fetchedAt), fetchedAt);
    } catch (ValueReader.UnreadableValue e) {
      throw new Unreadable(
          "cannot read field observed_at from '" + quote(text) + "': " + e.getMessage());
    }
  }

  /**
   * The zone the page writes local times in: the recipe's, else the offset the page's own clock
   * shows, else the location's zone, else its longitude's nautical zone.
   */
  static ZoneId pageZone(
      Document page, ScrapeRecipe recipe, WeatherLocation location, Instant fetchedAt) {
    if (!recipe.timeZone().equals(ScrapeRecipe.LOCATION_ZONE)) {
      return ScrapeRecipe.zoneOf(recipe.timeZone(), "time_zone");
    }
    ZoneOffset shown = clockOffset(page, recipe, fetchedAt);
    if (shown != null) {
      return shown;
    }
    Optional<ZoneId> zone = TimeZones.zoneOf(location);
    if (zone.isPresent()) {
      return zone.get();
    }
    if (location.lon() != null) {
      return ZoneOffset.ofTotalSeconds(TimeZones.longitudeOffsetSeconds(location.lon()));
    }
    throw new Unreadable("no time zone known for location '" + location.key() + "': set "
        + ScrapeRecipe.CONFIG_PREFIX + recipe.name() + ".time_zone");
  }

  /**
   * The offset between the page's clock and the fetch time, to the quarter hour (offsets are
   * whole quarters: +05:45 Nepal); null without a readable clock or with an implausible one.
   */
  private static ZoneOffset clockOffset(Document page, ScrapeRecipe recipe, Instant fetchedAt) {
    String text;
    try {
      text = text(page, recipe, Field.PAGE_CLOCK);
    } catch (Unreadable e) {
      return null; // the clock only helps: its absence is no reason to refuse the page
    }
    if (text == null) {
      return null;
    }
    try {
      LocalDateTime local = recipe.timeReader().readLocal(text);
      long seconds = Duration.between(LocalDateTime.ofInstant(fetchedAt, ZoneOffset.UTC), local)
          .getSeconds();
      long quarters = Math.round(seconds / 900.0);
      if (Math.abs(quarters * 900) > 14 * 3600) {
        return null;
      }
      return ZoneOffset.ofTotalSeconds((int) (quarters * 900));
    } catch (ValueReader.UnreadableValue e) {
      return null;
    }
  }

  /**
   * The location's offset at the observation: its own zone when known (Jülich is at +02:00 in
   * July even though its page writes MEZ, +01:00, all year), else the page's.
   */
  private static Integer offsetSeconds(
      Document page,
      ScrapeRecipe recipe,
      WeatherLocation location,
      Instant observedAt,
      Instant fetchedAt) {
    Optional<ZoneId> zone = TimeZones.zoneOf(location);
    if (zone.isPresent()) {
      return zone.get().getRules().getOffset(observedAt).getTotalSeconds();
    }
    try {
      return pageZone(page, recipe, location, fetchedAt)
          .getRules()
          .getOffset(observedAt)
          .getTotalSeconds();
    } catch (Unreadable e) {
      return null;
    }
  }

  /** Unit conversions leave binary noise (9 km/h = 2.4999999999999996 m/s): 4 decimals is plenty. */
  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  private static String quote(String text) {
    return text.length() <= QUOTE_LENGTH ? text : text.substring(0, QUOTE_LENGTH) + "...";
  }
}
