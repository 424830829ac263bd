package io.citypulse.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * Bike availability summed over the latest state of every station of one bike-share system: the
 * value of the {@link Topics#SYSTEM_TOTALS} topic, keyed by system. The same rules as
 * {@link PostcodeAvailability}: a split (mechanical, e-bike) is summed over the stations that give
 * it and null when none does; {@code untypedBikes} counts the bikes of stations that give neither.
 */
@JsonPropertyOrder({
  "system",
  "stations",
  "bikes_available",
  "mechanical",
  "ebike",
  "docks_available",
  "capacity",
  "updated_at",
  "untyped_bikes"
})
public record SystemTotals(
    @JsonProperty("system") String system,
    @JsonProperty("stations") int stations,
    @JsonProperty("bikes_available") long bikesAvailable,
    @JsonProperty("mechanical") Long mechanical,
    @JsonProperty("ebike") Long ebike,
    @JsonProperty("docks_available") long docksAvailable,
    @JsonProperty("capacity") long capacity,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("untyped_bikes") Long untypedBikes) {}
