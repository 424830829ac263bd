package io.citypulse.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * Bike availability summed over the latest state of every station of one postal code: the value
 * of the {@code velib-projet-final-data} topic, keyed by postcode.
 */
@JsonPropertyOrder({
  "postcode", "commune", "stations", "bikes_available", "mechanical", "ebike", "docks_available",
  "capacity", "updated_at"
})
public record PostcodeAvailability(
    @JsonProperty("postcode") String postcode,
    @JsonProperty("commune") String commune,
    @JsonProperty("stations") int stations,
    @JsonProperty("bikes_available") long bikesAvailable,
    @JsonProperty("mechanical") long mechanical,
    @JsonProperty("ebike") long ebike,
    @JsonProperty("docks_available") long docksAvailable,
    @JsonProperty("capacity") long capacity,
    @JsonProperty("updated_at") Instant updatedAt) {}
