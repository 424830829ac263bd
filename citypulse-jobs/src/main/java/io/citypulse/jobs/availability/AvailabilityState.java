package io.citypulse.jobs.availability;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** The state-store value of the availability job: the latest state of every station. */
public class AvailabilityState implements Serializable {
  private static final long serialVersionUID = 1L;

  private List<StationState> stations = new ArrayList<>();

  public AvailabilityState() {}

  public AvailabilityState(List<StationState> stations) {
    this.stations = stations;
  }

  public List<StationState> getStations() {
    return stations;
  }

  public void setStations(List<StationState> stations) {
    this.stations = stations;
  }
}
