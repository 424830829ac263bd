package io.citypulse.jobs.weather;

/**
 * The change of one observation over the trend window, from the observations of its location
 * that precede it in event time.
 *
 * @param temperatureChange temperature now minus that of the earliest earlier observation in the
 *     window that has one; null if none
 * @param pressureChange the same for pressure
 * @param observations observations in the window, this one included (at least 1)
 */
public record WeatherTrend(Double temperatureChange, Double pressureChange, int observations) {

  /** The trend of a location's first observation (or the first after a silence). */
  public static final WeatherTrend NONE = new WeatherTrend(null, null, 1);
}
