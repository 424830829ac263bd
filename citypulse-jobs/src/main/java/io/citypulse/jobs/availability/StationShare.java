package io.citypulse.jobs.availability;

/**
 * What one station adds to its area's totals: the counts of its latest state ({@code mechanical}
 * and {@code ebike} null when its feed gives no breakdown) and its commune.
 */
record StationShare(
    int bikes, Integer mechanical, Integer ebike, int docks, int capacity, String commune) {

  static StationShare of(StationState state) {
    return new StationShare(
        state.getBikesAvailable(),
        state.getMechanical(),
        state.getEbike(),
        state.getDocksAvailable(),
        state.getCapacity(),
        state.getCommune());
  }
}
