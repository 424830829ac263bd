package io.citypulse.forecast;

import java.util.List;

/**
 * The forecasts of one station made at one time.
 *
 * @param station the station's code
 * @param time epoch seconds of the state the forecasts start from
 * @param horizons one forecast per horizon, ascending
 */
public record StationForecast(String station, long time, List<HorizonForecast> horizons) {
  public StationForecast {
    horizons = List.copyOf(horizons);
  }
}
