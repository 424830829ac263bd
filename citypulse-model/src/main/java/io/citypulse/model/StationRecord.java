package io.citypulse.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * One enriched station state: the value of the {@code velib-projet} topic, keyed by
 * {@link #key()} so that a compacted topic keeps the latest state of each station.
 */
@JsonPropertyOrder({
  "system",
  "station_code",
  "station_id",
  "name",
  "lat",
  "lon",
  "capacity",
  "postcode",
  "commune",
  "bikes_available",
  "mechanical",
  "ebike",
  "docks_available",
  "is_installed",
  "is_renting",
  "is_returning",
  "last_reported",
  "fetched_at"
})
public record StationRecord(
    @JsonProperty("system") String system,
    @JsonProperty("station_code") String stationCode,
    @JsonProperty("station_id") String stationId,
    @JsonProperty("name") String name,
    @JsonProperty("lat") Double lat,
    @JsonProperty("lon") Double lon,
    @JsonProperty("capacity") Integer capacity,
    @JsonProperty("postcode") String postcode,
    @JsonProperty("commune") String commune,
    @JsonProperty("bikes_available") int bikesAvailable,
    @JsonProperty("mechanical") Integer mechanical,
    @JsonProperty("ebike") Integer ebike,
    @JsonProperty("docks_available") Integer docksAvailable,
    @JsonProperty("is_installed") boolean installed,
    @JsonProperty("is_renting") boolean renting,
    @JsonProperty("is_returning") boolean returning,
    @JsonProperty("last_reported") Instant lastReported,
    @JsonProperty("fetched_at") Instant fetchedAt) {

  /** Postcode bucket for stations whose postcode could not be resolved. */
  public static final String UNKNOWN_POSTCODE = "UNKNOWN";

  /** The Kafka key: system and station code, e.g. {@code velib:16107}. */
  @JsonIgnore
  public String key() {
    return StationKey.of(system, stationCode);
  }

  /** Builds the record from a joined status and (possibly missing) information. */
  public static StationRecord of(
      String system,
      StationStatus status,
      StationInformation info,
      PostcodeLocation location,
      Instant fetchedAt) {
    String code = status.stationCode() != null
        ? status.stationCode()
        : info != null ? info.stationCode() : status.stationId();
    return new StationRecord(
        system,
        code,
        status.stationId(),
        info == null ? null : info.name(),
        info == null ? null : info.lat(),
        info == null ? null : info.lon(),
        info == null ? null : info.capacity(),
        location.postcode(),
        location.commune(),
        status.bikesAvailable(),
        status.mechanical(),
        status.ebike(),
        status.docksAvailable(),
        status.installed(),
        status.renting(),
        status.returning(),
        status.lastReported(),
        fetchedAt);
  }
}
