package io.citypulse.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user threshold on a numeric weather feature ({@code alerts.weather.thresholds}), e.g. {@code
 * temperature_c>35}. The feature is a numeric field of {@code topic-weather-final}
 * ({@link WeatherRules#FEATURES}), by its JSON name or that name without its unit suffix ({@code
 * temperature}, {@code wind_speed}, {@code humidity}...).
 *
 * @param feature the JSON name of the field
 */
public record WeatherThreshold(String feature, Operator operator, double value) {

  /** A comparison; the episode is active while {@code feature operator value} holds. */
  public enum Operator {
    GREATER_OR_EQUAL(">="),
    LESS_OR_EQUAL("<="),
    GREATER(">"),
    LESS("<");

    final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    boolean test(double left, double right) {
      switch (this) {
        case GREATER_OR_EQUAL:
          return left >= right;
        case LESS_OR_EQUAL:
          return left <= right;
        case GREATER:
          return left > right;
        default:
          return left < right;
      }
    }
  }

  private static final Pattern ENTRY =
      Pattern.compile("\\s*([A-Za-z][A-Za-z0-9_]*)\\s*(>=|<=|>|<)\\s*(\\S+)\\s*");

  boolean test(double featureValue) {
    return operator.test(featureValue, value);
  }

  /** {@code feature<op>value}, e.g. {@code temperature_c>35.0}: the alert's {@code rule}. */
  public String rule() {
    return feature + operator.symbol + format(value);
  }

  static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  /**
   * Parses a comma-separated list, e.g. {@code temperature>35, wind_speed>=20}; blank = none.
   * Strict: an empty entry, an unknown feature, a missing or unknown comparison, or a value that is
   * not a finite number throws {@link IllegalArgumentException} naming the entry.
   */
  public static List<WeatherThreshold> parseList(String text) {
    List<WeatherThreshold> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    String[] entries = text.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      out.add(parse(entries[i], i + 1));
    }
    return out;
  }

  private static WeatherThreshold parse(String entry, int position) {
    String where = "weather threshold #" + position + " '" + entry.strip() + "'";
    if (entry.isBlank()) {
      throw new IllegalArgumentException(
          where + ": empty entry (thresholds are separated by commas, e.g. temperature>35,"
              + " wind_speed>=20)");
    }
    Matcher m = ENTRY.matcher(entry);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          where + ": expected <feature><op><number> with op one of >, >=, <, <= (e.g."
              + " temperature>35)");
    }
    String feature = WeatherRules.featureName(m.group(1).toLowerCase(Locale.ROOT));
    if (feature == null) {
      Set<String> known = WeatherRules.FEATURES;
      throw new IllegalArgumentException(where + ": unknown weather feature '" + m.group(1)
          + "' (known: " + String.join(", ", known) + ", or one of them without its unit suffix)");
    }
    double value;
    try {
      value = Double.parseDouble(m.group(3));
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(where + ": '" + m.group(3) + "' is not a finite number");
    }
    Operator operator = null;
    for (Operator candidate : Operator.values()) {
      if (candidate.symbol.equals(m.group(2))) {
        operator = candidate;
      }
    }
    return new WeatherThreshold(feature, operator, value);
  }
}
