package io.citypulse.sources.weather.scrape;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the numbers of a scraped page into the observation's units (°C, %, hPa, m/s, degrees).
 * Pure and static. Each reader returns null for a value the page marks as missing ({@code --},
 * {@code N/A}) and throws {@link UnreadableValue} for text it cannot read.
 *
 * <p>Units come from the text right after the number ({@code 27 °C}, {@code 25.9 (°C)},
 * {@code 29.83 "Hg}) unless the recipe fixes one. Pages follow the visitor's locale, so every
 * common unit of each quantity is understood.
 */
public final class ValueReader {
  private ValueReader() {}

  /** How a page writes decimals. */
  public enum NumberFormat {
    /** {@code 1,006.4}: the comma groups thousands. */
    POINT,
    /** {@code 1.006,4}: the point groups thousands (German pages). */
    COMMA;

    /** Reads {@code point} or {@code comma}, case-insensitive. */
    public static NumberFormat parse(String text) {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
  }

  /** Text that is not a value of the quantity asked; the message says what was wrong. */
  public static final class UnreadableValue extends RuntimeException {
    UnreadableValue(String message) {
      super(message, null, false, false);
    }
  }

  private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(?:[.,]\\d+)*");
  // "--", "N/A", "k. A." (keine Angabe), possibly followed by a unit: "-- (°C)".
  private static final Pattern MISSING_MARK =
      Pattern.compile("(?i)^(?:-+|—|–|n/?a|k\\.\\s?a\\.|unknown)(?![\\p{L}])");
  private static final Pattern DIGIT = Pattern.compile("\\d");
  private static final Pattern CALM =
      Pattern.compile("(?i).*\\b(?:no wind|calm|windstill|still)\\b.*");

  /** A unit: a pattern matched at the start of the text after the number, and a factor. */
  private record Unit(Pattern pattern, double factor, double offset) {
    static Unit of(String regex, double factor) {
      return new Unit(Pattern.compile("(?iu)^(?:" + regex + ")(?![\\p{L}])"), factor, 0);
    }

    double apply(double value) {
      return value * factor + offset;
    }
  }

  private static final List<Unit> TEMPERATURE = List.of(
      Unit.of("°\\s*C|℃|deg\\s*C|C|celsius", 1),
      new Unit(
          Pattern.compile("(?iu)^(?:°\\s*F|℉|deg\\s*F|F|fahrenheit)(?![\\p{L}])"),
          5 / 9.0,
          -32 * 5 / 9.0),
      new Unit(Pattern.compile("(?iu)^(?:K|kelvin)(?![\\p{L}])"), 1, -273.15));
  private static final List<Unit> SPEED = List.of(
      Unit.of("km/h|km/std|kmh|kph|km\\s*/\\s*h", 1 / 3.6),
      Unit.of("m/s|m\\s*/\\s*s|mps|ms", 1),
      Unit.of("mph|mi/h", 0.44704),
      Unit.of("knots|knot|kts|kt|kn", 1852 / 3600.0));
  private static final List<Unit> PRESSURE = List.of(
      Unit.of("hpa|mbar|mb|millibars?", 1),
      Unit.of("inhg|in\\.?\\s*hg|\"\\s*hg|″\\s*hg|in|inches", 33.8638866667),
      Unit.of("mmhg|mm\\s*hg|torr", 1.33322387415),
      Unit.of("kpa", 10),
      Unit.of("pa", 0.01));
  private static final List<Unit> PERCENT = List.of(Unit.of("%|pct|percent", 1));
  private static final List<Unit> DEGREES = List.of(Unit.of("°|grad|degrees?|deg", 1));

  // 16-point compass names; German pages write O (Ost) for East.
  private static final Map<String, Double> COMPASS = Map.ofEntries(
      Map.entry("N", 0.0),
      Map.entry("NNE", 22.5),
      Map.entry("NE", 45.0),
      Map.entry("ENE", 67.5),
      Map.entry("E", 90.0),
      Map.entry("ESE", 112.5),
      Map.entry("SE", 135.0),
      Map.entry("SSE", 157.5),
      Map.entry("S", 180.0),
      Map.entry("SSW", 202.5),
      Map.entry("SW", 225.0),
      Map.entry("WSW", 247.5),
      Map.entry("W", 270.0),
      Map.entry("WNW", 292.5),
      Map.entry("NW", 315.0),
      Map.entry("NNW", 337.5));

  /**
   * The text as one line: non-breaking and other Unicode spaces become spaces, the Unicode minus
   * (U+2212) a hyphen-minus, runs of spaces one space.
   */
  public static String normalize(String text) {
    if (text == null) {
      return "";
    }
    return text.replace('\u2212', '-')
        .replaceAll("[\\s\\u00a0\\u2007\\u202f\\u2009]+", " ")
        .trim();
  }

  /** True for the page's ways of saying "no value": empty, {@code --}, {@code N/A}, {@code -- (°C)}. */
  public static boolean isMissing(String text) {
    String line = normalize(text);
    return line.isEmpty()
        || !DIGIT.matcher(line).find() && MISSING_MARK.matcher(line).find();
  }

  /** A temperature in °C from °C, °F or K. */
  public static Double temperatureC(String text, String fixedUnit, NumberFormat format) {
    return read(text, fixedUnit, format, TEMPERATURE, null, "temperature unit (°C, °F, K)");
  }

  /** A speed in m/s from km/h, m/s, mph or knots; {@code No wind} or {@code calm} is 0. */
  public static Double speedMs(String text, String fixedUnit, NumberFormat format) {
    String line = normalize(text);
    if (CALM.matcher(line).matches() && !NUMBER.matcher(line).find()) {
      return 0.0;
    }
    return read(line, fixedUnit, format, SPEED, null, "speed unit (km/h, m/s, mph, knots)");
  }

  /** A pressure in hPa from hPa, mbar, inHg ({@code "Hg}, {@code in}), mmHg, kPa or Pa. */
  public static Double pressureHpa(String text, String fixedUnit, NumberFormat format) {
    return read(
        text, fixedUnit, format, PRESSURE, null, "pressure unit (hPa, mbar, inHg, mmHg, kPa)");
  }

  /** A relative humidity in %; a bare number is taken as %. */
  public static Double humidityPct(String text, String fixedUnit, NumberFormat format) {
    return read(text, fixedUnit, format, PERCENT, PERCENT.get(0), "%");
  }

  /**
   * A direction the wind blows from, in degrees: a number ({@code from 260°}, {@code 345 Grad},
   * {@code W-N-W, 297.2 (Grad)}: the number wins over the name), else a compass name ({@code SE},
   * {@code W-N-W}, {@code ONO}, {@code Northwest}). 360 reads as 0.
   */
  public static Double directionDeg(String text, String fixedUnit, NumberFormat format) {
    String line = normalize(text);
    if (isMissing(line)) {
      return null;
    }
    Double degrees;
    if (NUMBER.matcher(line).find()) {
      degrees = read(line, fixedUnit, format, DEGREES, DEGREES.get(0), "degrees");
    } else {
      degrees = compass(line);
    }
    if (degrees != null && degrees == 360.0) {
      return 0.0;
    }
    return degrees;
  }

  /** The degrees of a compass name, English or German, or an {@link UnreadableValue}. */
  static Double compass(String text) {
    String letters = normalize(text)
        .toUpperCase(Locale.ROOT)
        .replaceAll("^(?:FROM|AUS|VON)\\s+", "")
        .replace("NORTH", "N")
        .replace("NORD", "N")
        .replace("SOUTH", "S")
        .replace("SÜD", "S")
        .replace("SUED", "S")
        .replace("EAST", "E")
        .replace("OST", "E")
        .replace("WEST", "W")
        .replaceAll("[^A-Z]", "");
    // German O (Ost) is East; no English point contains an O.
    Double degrees = COMPASS.get(letters.replace('O', 'E'));
    if (degrees == null) {
      throw new UnreadableValue("'" + text + "' is neither degrees nor a compass direction");
    }
    return degrees;
  }

  /**
   * The first number of the text in the unit after it (or the fixed unit), converted.
   *
   * @param defaultUnit the unit of a bare number; null when a bare number is an error
   */
  private static Double read(
      String text,
      String fixedUnit,
      NumberFormat format,
      List<Unit> units,
      Unit defaultUnit,
      String expected) {
    String line = normalize(text);
    if (isMissing(line)) {
      return null;
    }
    Matcher number = NUMBER.matcher(line);
    if (!number.find()) {
      throw new UnreadableValue("no number in '" + line + "'");
    }
    double value = number(number.group(), format);
    Unit unit;
    if (fixedUnit != null && !fixedUnit.isBlank()) {
      unit = unit(normalize(fixedUnit), units);
      if (unit == null) {
        throw new UnreadableValue("unknown unit '" + fixedUnit + "' (expected a " + expected + ")");
      }
    } else {
      String after = line.substring(number.end()).replaceFirst("^[\\s(\\[]+", "");
      unit = unit(after, units);
      if (unit == null && defaultUnit != null && startsWithoutUnit(after)) {
        unit = defaultUnit;
      }
      if (unit == null) {
        throw new UnreadableValue("no " + expected + " after the number in '" + line + "'");
      }
    }
    return unit.apply(value);
  }

  private static boolean startsWithoutUnit(String after) {
    return after.isEmpty() || !Character.isLetter(after.codePointAt(0)) && after.charAt(0) != '"';
  }

  private static Unit unit(String text, List<Unit> units) {
    for (Unit unit : units) {
      if (unit.pattern().matcher(text).find()) {
        return unit;
      }
    }
    return null;
  }

  /** A number token in the page's format: {@code 1,006.4} (point) or {@code 1.006,4} (comma). */
  static double number(String token, NumberFormat format) {
    String plain = format == NumberFormat.COMMA
        ? token.replace(".", "").replace(',', '.')
        : token.replace(",", "");
    try {
      return Double.parseDouble(plain);
    } catch (NumberFormatException e) {
      throw new UnreadableValue("'" + token + "' is not a number");
    }
  }
}
