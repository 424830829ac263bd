package io.citypulse.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * Bike availability summed over the latest state of every station of one postal code: the value
 * of the {@code velib-projet-final-data} topic, keyed by postcode.
 *
 * <p>Unknown is not zero: many feeds (GBFS 1.x, e.g. Motivate's) give only the number of bikes,
 * not how they split by propulsion. {@code mechanical} is the sum over the postcode's stations
 * that give a mechanical count, and null when none does; {@code ebike} likewise.
 * {@code untypedBikes} counts the bikes of stations that give neither, so a postcode where only
 * some stations give a breakdown says how many bikes its split leaves out. It was added after the
 * other fields, at the end of the JSON so that their order stays; it is null in records written
 * before it existed.
 *
 * <p>When several bike-share systems run at once ({@code run --systems}), an area's totals are
 * per system: the topic's key is {@code system:area} ({@link #key()}) and {@code system} names the
 * system, written last. With one system it is null and left out of the JSON, so the course
 * brief's records are unchanged.
 *
 * @param mechanical sum over the stations with a mechanical count; null when no station has one
 * @param ebike sum over the stations with an e-bike count; null when no station has one
 * @param untypedBikes {@code bikes_available} of the stations that give neither count
 * @param system the bike-share system of the area's totals; null with one system
 */
@JsonPropertyOrder({
  "postcode",
  "commune",
  "stations",
  "bikes_available",
  "mechanical",
  "ebike",
  "docks_available",
  "capacity",
  "updated_at",
  "untyped_bikes",
  "system"
})
public record PostcodeAvailability(
    @JsonProperty("postcode") String postcode,
    @JsonProperty("commune") String commune,
    @JsonProperty("stations") int stations,
    @JsonProperty("bikes_available") long bikesAvailable,
    @JsonProperty("mechanical") Long mechanical,
    @JsonProperty("ebike") Long ebike,
    @JsonProperty("docks_available") long docksAvailable,
    @JsonProperty("capacity") long capacity,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("untyped_bikes") Long untypedBikes,

    @JsonProperty("system") @JsonInclude(JsonInclude.Include.NON_NULL)
    String system) {

  /** The totals of one system's area (or of the only system's, {@code system} null). */
  public PostcodeAvailability(
      String postcode,
      String commune,
      int stations,
      long bikesAvailable,
      Long mechanical,
      Long ebike,
      long docksAvailable,
      long capacity,
      Instant updatedAt,
      Long untypedBikes) {
    this(
        postcode,
        commune,
        stations,
        bikesAvailable,
        mechanical,
        ebike,
        docksAvailable,
        capacity,
        updatedAt,
        untypedBikes,
        null);
  }

  /**
   * The record's key on its topic, and what tells two areas apart: the postcode (area) alone with
   * one system, {@code system:area} when the record names its system.
   */
  public String key() {
    return key(system, postcode);
  }

  /** {@link #key()} of a system's area; {@code system} null with one system. */
  public static String key(String system, String area) {
    return system == null ? area : StationKey.of(system, area);
  }
}
