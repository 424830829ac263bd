package io.citypulse.forecast;

/**
 * One station at one grid time: its state then, and its state {@code horizon} later.
 *
 * @param station the station
 * @param time sample time, epoch seconds
 * @param horizon seconds from {@code time} to the target
 * @param now the state in force at {@code time}
 * @param target the state in force at {@code time + horizon}
 */
public record Sample(
    StateLog.Station station, long time, long horizon, StationState now, StationState target) {}
