package io.citypulse.forecast;

/**
 * A station's state from {@code time} until its next state.
 *
 * @param time epoch seconds
 * @param bikes bikes available
 * @param docks docks (free places) available
 * @param capacity the station's capacity as the row gave it
 * @param mechanical mechanical bikes, or -1 when the file has no per-type counts
 * @param ebike e-bikes, or -1 when the file has no per-type counts
 */
public record StationState(
    long time, int bikes, int docks, int capacity, int mechanical, int ebike) {

  /** Whether no bike can be taken. */
  public boolean empty() {
    return bikes == 0;
  }

  /** Whether no bike can be returned. */
  public boolean full() {
    return docks == 0;
  }
}
