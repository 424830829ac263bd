package io.citypulse.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * The forecasts of one station made by the live scoring: the value of the {@code
 * citypulse-forecasts} topic, keyed by {@link #key()} (compacted: the latest forecast of each
 * station is kept).
 *
 * @param time the time the forecasts start from (the newest state's observation)
 * @param stateTime when the station's current state began (its last change)
 * @param model the id of the model that made them
 * @param forecasts one per horizon, ascending
 */
@JsonPropertyOrder({
  "system",
  "station_code",
  "time",
  "state_time",
  "model",
  "capacity",
  "bikes_available",
  "docks_available",
  "forecasts"
})
public record StationForecastRecord(
    @JsonProperty("system") String system,
    @JsonProperty("station_code") String stationCode,
    @JsonProperty("time") Instant time,
    @JsonProperty("state_time") Instant stateTime,
    @JsonProperty("model") String model,
    @JsonProperty("capacity") int capacity,
    @JsonProperty("bikes_available") int bikesAvailable,
    @JsonProperty("docks_available") int docksAvailable,
    @JsonProperty("forecasts") List<Horizon> forecasts) {

  public StationForecastRecord {
    forecasts = List.copyOf(forecasts);
  }

  /**
   * One horizon.
   *
   * @param minutes how far ahead
   * @param bikes expected bikes then
   * @param docks expected free docks then
   * @param probabilityEmpty probability of no bike then
   * @param probabilityFull probability of no free dock then
   */
  @JsonPropertyOrder({"minutes", "bikes", "docks", "p_empty", "p_full"})
  public record Horizon(
      @JsonProperty("minutes") int minutes,
      @JsonProperty("bikes") double bikes,
      @JsonProperty("docks") double docks,
      @JsonProperty("p_empty") double probabilityEmpty,
      @JsonProperty("p_full") double probabilityFull) {}

  /** The Kafka key: system and station code, as the station's own records. */
  @JsonIgnore
  public String key() {
    return StationKey.of(system, stationCode);
  }

  /** The horizon of {@code minutes}, or null. */
  public Horizon at(int minutes) {
    return forecasts.stream().filter(h -> h.minutes() == minutes).findFirst().orElse(null);
  }
}
