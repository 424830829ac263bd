package io.citypulse.dashboard.view;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One system's stations summed, with the same rules as the per-postcode totals: a bike kind is
 * summed over the stations that give it and is null (unknown, never 0) when none does; {@code
 * untyped_bikes} are the bikes of stations that give neither.
 *
 * @param system the system id, or null for every system together
 * @param bbox {@code [west, south, east, north]} of its placed stations, or null when none is
 *     placed
 */
public record SystemTotals(
    @JsonProperty("system") String system,
    @JsonProperty("stations") int stations,
    @JsonProperty("bikes_available") long bikesAvailable,
    @JsonProperty("mechanical") Long mechanical,
    @JsonProperty("ebike") Long ebike,
    @JsonProperty("untyped_bikes") long untypedBikes,
    @JsonProperty("docks_available") long docksAvailable,
    @JsonProperty("empty") int empty,
    @JsonProperty("full") int full,
    @JsonProperty("bbox") double[] bbox) {}
