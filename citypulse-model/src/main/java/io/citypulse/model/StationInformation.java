package io.citypulse.model;

/**
 * Static description of one station, normalised from any GBFS dialect.
 *
 * @param stationId the feed's {@code station_id}, as text (Vélib' sends integers beyond int range)
 * @param stationCode the code users know the station by: Vélib' {@code stationCode}, else
 *     {@code short_name}, else the station id
 * @param postcode the feed's {@code post_code} when it has one, else null
 */
public record StationInformation(
    String stationId,
    String stationCode,
    String name,
    Double lat,
    Double lon,
    Integer capacity,
    String postcode) {}
