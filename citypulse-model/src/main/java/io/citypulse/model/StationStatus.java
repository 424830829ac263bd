package io.citypulse.model;

import java.time.Instant;

/**
 * Availability of one station at one moment, normalised from any GBFS dialect.
 *
 * <p>{@code mechanical} and {@code ebike} are null when the feed does not say how the available
 * bikes split by propulsion (GBFS 1.x without vehicle types): unknown is not zero.
 */
public record StationStatus(
    String stationId,
    String stationCode,
    int bikesAvailable,
    Integer mechanical,
    Integer ebike,
    Integer docksAvailable,
    boolean installed,
    boolean renting,
    boolean returning,
    Instant lastReported) {}
