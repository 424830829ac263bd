package io.citypulse.forecast;

import java.util.List;

/**
 * What a fitted forecast model offers the live pipeline and {@code forecast evaluate}: the
 * forecasts of one station at one time from its states up to that time. Pure and thread-safe: the
 * live scoring calls it for each changed station, never retrains.
 */
public interface StationForecaster {

  /** The horizons this forecaster answers, in seconds, ascending. */
  List<Long> horizons();

  /**
   * The forecasts of {@code station} at {@code time}, one per horizon in {@link #horizons()}
   * order.
   *
   * @param station the station's states; only those at or before {@code time} are read (the live
   *     pipeline passes about the last hour)
   * @throws IllegalArgumentException when the station has no state at {@code time}
   */
  StationForecast forecast(StateLog.Station station, long time);
}
