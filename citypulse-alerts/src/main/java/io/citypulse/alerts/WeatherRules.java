package io.citypulse.alerts;

import io.citypulse.model.WeatherFeatures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The weather rules on one {@code topic-weather-final} record: humidex at or above
 * {@code alerts.weather.humidex} (40: "great discomfort", Environment Canada's scale), Beaufort
 * force at or above {@code alerts.weather.beaufort} (8: gale), and the user's thresholds. A
 * feature that is null in the record (not observed, undefined) gives no check: the episode stays
 * as it was until a record says.
 */
public final class WeatherRules {

  /** The numeric fields of {@link WeatherFeatures}, by JSON name: what thresholds may test. */
  public static final Set<String> FEATURES = new LinkedHashSet<>(List.of(
      "lat",
      "lon",
      "temperature_c",
      "feels_like_c",
      "humidity_pct",
      "pressure_hpa",
      "wind_speed_ms",
      "wind_direction_deg",
      "wind_gust_ms",
      "clouds_pct",
      "precipitation_mm",
      "heat_index",
      "severity_index",
      "dew_point_c",
      "wind_chill_c",
      "beaufort",
      "temperature_change_1h",
      "pressure_change_1h",
      "observations_1h"));

  private static final List<String> UNIT_SUFFIXES =
      List.of("_c", "_pct", "_hpa", "_ms", "_deg", "_mm");

  private final double humidex;
  private final int beaufort;
  private final List<WeatherThreshold> thresholds;
  private final EpisodeRules rules;

  /**
   * @param rules weather episodes: usually a zero minimum duration (observations come every 10 to
   *     60 minutes, one over the limit is news) and the stations' clear-after
   */
  public WeatherRules(
      double humidex, int beaufort, List<WeatherThreshold> thresholds, EpisodeRules rules) {
    this.humidex = humidex;
    this.beaufort = beaufort;
    this.thresholds = List.copyOf(thresholds);
    this.rules = rules;
  }

  /** {@code weather:<location>}. */
  public static String subject(String location) {
    return "weather:" + location;
  }

  /** The JSON name of a feature given by its JSON name or its name without a unit suffix. */
  static String featureName(String name) {
    if (FEATURES.contains(name)) {
      return name;
    }
    if ("humidex".equals(name)) {
      return "heat_index";
    }
    for (String suffix : UNIT_SUFFIXES) {
      if (FEATURES.contains(name + suffix)) {
        return name + suffix;
      }
    }
    return null;
  }

  /** The numeric features of a record by JSON name; null values left out. */
  static Map<String, Double> features(WeatherFeatures w) {
    Map<String, Double> out = new LinkedHashMap<>();
    put(out, "lat", w.lat());
    put(out, "lon", w.lon());
    put(out, "temperature_c", w.temperatureC());
    put(out, "feels_like_c", w.feelsLikeC());
    put(out, "humidity_pct", w.humidityPct());
    put(out, "pressure_hpa", w.pressureHpa());
    put(out, "wind_speed_ms", w.windSpeedMs());
    put(out, "wind_direction_deg", w.windDirectionDeg());
    put(out, "wind_gust_ms", w.windGustMs());
    put(out, "clouds_pct", w.cloudsPct());
    put(out, "precipitation_mm", w.precipitationMm());
    put(out, "heat_index", w.heatIndex());
    put(out, "severity_index", w.severityIndex());
    put(out, "dew_point_c", w.dewPointC());
    put(out, "wind_chill_c", w.windChillC());
    put(out, "beaufort", w.beaufort() == null ? null : w.beaufort().doubleValue());
    put(out, "temperature_change_1h", w.temperatureChange1h());
    put(out, "pressure_change_1h", w.pressureChange1h());
    put(out, "observations_1h", (double) w.observations1h());
    return out;
  }

  private static void put(Map<String, Double> out, String name, Double value) {
    if (value != null && Double.isFinite(value)) {
      out.put(name, value);
    }
  }

  /** The checks of one record. */
  public List<Check> checks(WeatherFeatures w) {
    Map<String, Double> features = features(w);
    String place = w.city() == null ? w.location() : w.city();
    List<Check> out = new ArrayList<>();
    Double heat = features.get("heat_index");
    if (heat != null) {
      String rule = "heat_index>=" + WeatherThreshold.format(humidex);
      out.add(check(
          AlertKind.WEATHER_HUMIDEX,
          rule,
          heat >= humidex,
          Map.of("heat_index", heat),
          place + ": humidex " + heat + " (at least " + WeatherThreshold.format(humidex) + ")",
          place + ": humidex back to " + heat));
    }
    Double force = features.get("beaufort");
    if (force != null) {
      out.add(check(
          AlertKind.WEATHER_BEAUFORT,
          "beaufort>=" + beaufort,
          force >= beaufort,
          Map.of("beaufort", force),
          place + ": wind force " + force.intValue() + " Beaufort (at least " + beaufort + ")",
          place + ": wind back to force " + force.intValue() + " Beaufort"));
    }
    for (WeatherThreshold threshold : thresholds) {
      Double value = features.get(threshold.feature());
      if (value != null) {
        out.add(check(
            AlertKind.WEATHER_THRESHOLD,
            threshold.rule(),
            threshold.test(value),
            Map.of(threshold.feature(), value),
            place + ": " + threshold.feature() + " " + value + " (" + threshold.rule() + ")",
            place + ": " + threshold.feature() + " back to " + value + " (" + threshold.rule()
                + ")"));
      }
    }
    return out;
  }

  private Check check(
      AlertKind kind,
      String rule,
      boolean active,
      Map<String, Double> values,
      String raised,
      String cleared) {
    return new Check(kind, rule, Severity.WARNING, rules, active, false, values, raised, cleared);
  }
}
