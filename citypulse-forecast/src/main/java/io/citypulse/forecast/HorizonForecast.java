package io.citypulse.forecast;

/**
 * One horizon of a {@link StationForecast}.
 *
 * @param horizonSeconds how far ahead
 * @param bikes expected bikes available then (not rounded), within {@code [0, capacity]}
 * @param docks expected free docks then, within {@code [0, capacity]}
 * @param probabilityEmpty probability of 0 bikes then, in {@code [0, 1]}
 * @param probabilityFull probability of 0 free docks then, in {@code [0, 1]}
 */
public record HorizonForecast(
    long horizonSeconds,
    double bikes,
    double docks,
    double probabilityEmpty,
    double probabilityFull) {}
