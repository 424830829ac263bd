package io.citypulse.dashboard.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.citypulse.model.StationForecastRecord;
import io.citypulse.model.StationRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A station's latest forecast as the page shows it, inside the station's view: the model, the
 * time the forecast starts from, its age in seconds at snapshot time, whether the station has
 * changed since ({@code behind_station}), and one entry per horizon (minutes, bikes, docks,
 * p_empty, p_full).
 */
public record StationForecastView(
    @JsonProperty("model") String model,
    @JsonProperty("time") Instant time,
    @JsonProperty("age_seconds") Long ageSeconds,
    @JsonProperty("behind_station") boolean behindStation,
    @JsonProperty("horizons") List<StationForecastRecord.Horizon> horizons) {

  static StationForecastView of(
      StationForecastRecord forecast, StationRecord station, Clock clock) {
    Instant time = forecast.time();
    return new StationForecastView(
        forecast.model(),
        time,
        time == null ? null : Duration.between(time, clock.instant()).toSeconds(),
        isBehind(forecast, station),
        forecast.forecasts());
  }

  /**
   * Whether the station's state is newer than the one the forecast started from: its time is
   * later and its counts differ. The time alone would flag nearly every forecast: the scoring
   * forecasts a station when it changes (and an unchanged one every {@code forecast.refresh}),
   * while a feed re-reports an unchanged station at every poll, so a still station's state is
   * newer than its (still valid) forecast.
   */
  static boolean isBehind(StationForecastRecord forecast, StationRecord station) {
    Instant stationTime =
        station.lastReported() != null ? station.lastReported() : station.fetchedAt();
    if (forecast.time() == null || stationTime == null || !stationTime.isAfter(forecast.time())) {
      return false;
    }
    return station.bikesAvailable() != forecast.bikesAvailable()
        || (station.docksAvailable() != null
            && station.docksAvailable() != forecast.docksAvailable());
  }
}
