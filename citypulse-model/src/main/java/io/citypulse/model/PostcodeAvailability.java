package io.citypulse.model;

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
 * @param mechanical sum over the stations with a mechanical count; null when no station has one
 * @param ebike sum over the stations with an e-bike count; null when no station has one
 * @param untypedBikes {@code bikes_available} of the stations that give neither count
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
  "untyped_bikes"
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
    @JsonProperty("untyped_bikes") Long untypedBikes) {}
