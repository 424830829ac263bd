package io.citypulse.sources.gbfs;

/**
 * One entry of {@code vehicle_types.json}, reduced to what the station counts need.
 *
 * @param propulsionType the feed's {@code propulsion_type}, as sent
 * @param formFactor the feed's {@code form_factor}, as sent (may be null)
 */
public record VehicleType(
    String vehicleTypeId, String propulsionType, String formFactor, Propulsion propulsion) {}
