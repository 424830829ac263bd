package io.citypulse.alerts;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * The knobs of every alert rule ({@code alerts.*} in the config).
 *
 * @param minDuration how long a station (postcode, feed, job) must stay in its condition before it
 *     is raised ({@code alerts.station.min-duration})
 * @param clearAfter how long it must stay out of it before it is cleared ({@code
 *     alerts.station.clear-after})
 * @param clearMargin bikes (docks) at which a station clears at once; for a postcode, bikes above
 *     its threshold ({@code alerts.station.clear-margin})
 * @param postcodeMinBikes a postcode is low below this many bikes; 0 = only the share counts
 * @param postcodeMinShare ... or below this share of its capacity; 0 = only the count
 * @param humidex humidex at or above which a location is raised
 * @param beaufort Beaufort force at or above which a location is raised
 * @param weatherThresholds {@code alerts.weather.thresholds}, as written (parsed strictly)
 */
public record AlertSettings(
    Duration minDuration,
    Duration clearAfter,
    int clearMargin,
    long postcodeMinBikes,
    double postcodeMinShare,
    double humidex,
    int beaufort,
    String weatherThresholds)
    implements Serializable {

  public static final Duration DEFAULT_MIN_DURATION = Duration.ofMinutes(10);
  public static final Duration DEFAULT_CLEAR_AFTER = Duration.ofMinutes(5);
  public static final int DEFAULT_CLEAR_MARGIN = 3;
  public static final long DEFAULT_POSTCODE_MIN_BIKES = 5;
  public static final double DEFAULT_POSTCODE_MIN_SHARE = 0.0;
  public static final double DEFAULT_HUMIDEX = 40;
  public static final int DEFAULT_BEAUFORT = 8;

  public AlertSettings {
    new EpisodeRules(minDuration, clearAfter);
    WeatherThreshold.parseList(weatherThresholds);
    if (clearMargin < 1) {
      throw new IllegalArgumentException("clearMargin must be at least 1: " + clearMargin);
    }
  }

  /** The defaults, no user threshold. */
  public static AlertSettings defaults() {
    return new AlertSettings(
        DEFAULT_MIN_DURATION,
        DEFAULT_CLEAR_AFTER,
        DEFAULT_CLEAR_MARGIN,
        DEFAULT_POSTCODE_MIN_BIKES,
        DEFAULT_POSTCODE_MIN_SHARE,
        DEFAULT_HUMIDEX,
        DEFAULT_BEAUFORT,
        "");
  }

  /** The rules these settings describe. */
  public AlertRules rules() {
    EpisodeRules held = new EpisodeRules(minDuration, clearAfter);
    // Weather comes every 10 to 60 minutes: one observation over the limit is already news.
    EpisodeRules weather = new EpisodeRules(Duration.ZERO, clearAfter);
    List<WeatherThreshold> thresholds = WeatherThreshold.parseList(weatherThresholds);
    return new AlertRules(
        new StationRules(held, clearMargin),
        new PostcodeRules(held, postcodeMinBikes, postcodeMinShare, clearMargin),
        new WeatherRules(humidex, beaufort, thresholds, weather),
        new HealthRules(held));
  }
}
