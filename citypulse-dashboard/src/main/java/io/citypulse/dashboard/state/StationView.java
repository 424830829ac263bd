package io.citypulse.dashboard.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.citypulse.model.StationForecastRecord;
import io.citypulse.model.StationRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A station as the page shows it: the record's own fields, plus its key, fill ratio, empty/full
 * flags and the age of its data in seconds at snapshot time (in JSON, flat: key, the record's
 * fields, then the derived ones), and its latest forecast when one is held (absent otherwise).
 */
public record StationView(
    @JsonProperty("key") String key,
    @JsonUnwrapped StationRecord record,
    @JsonProperty("fill_ratio") Double fillRatio,
    @JsonProperty("empty") boolean empty,
    @JsonProperty("full") boolean full,
    @JsonProperty("age_seconds") Long ageSeconds,

    @JsonProperty("forecast") @JsonInclude(JsonInclude.Include.NON_NULL)
    StationForecastView forecast) {

  static StationView of(StationRecord record, Clock clock) {
    return of(record, null, clock);
  }

  /** @param forecast the station's latest forecast, or null */
  static StationView of(StationRecord record, StationForecastRecord forecast, Clock clock) {
    Instant reported = record.lastReported() != null ? record.lastReported() : record.fetchedAt();
    return new StationView(
        record.key(),
        record,
        fillRatio(record),
        record.bikesAvailable() == 0,
        record.docksAvailable() != null && record.docksAvailable() == 0,
        reported == null ? null : Duration.between(reported, clock.instant()).toSeconds(),
        forecast == null ? null : StationForecastView.of(forecast, record, clock));
  }

  /**
   * Bikes over capacity, clamped to [0, 1]: GBFS capacity comes from station_information, which
   * can lag behind the status (a station being extended reports more bikes than its capacity).
   * Without a capacity, bikes + docks is the best estimate of the station's size.
   */
  static Double fillRatio(StationRecord record) {
    Integer capacity = record.capacity();
    int size = capacity != null && capacity > 0
        ? capacity
        : record.docksAvailable() != null ? record.bikesAvailable() + record.docksAvailable() : 0;
    if (size <= 0) {
      return null;
    }
    return Math.max(0.0, Math.min(1.0, (double) record.bikesAvailable() / size));
  }
}
