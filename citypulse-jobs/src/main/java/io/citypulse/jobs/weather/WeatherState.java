package io.citypulse.jobs.weather;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The state-store value of one location: its observations of the last trend window (plus the
 * allowed lateness), oldest first.
 */
public class WeatherState implements Serializable {
  private static final long serialVersionUID = 1L;

  private List<ObservationPoint> points = new ArrayList<>();

  public WeatherState() {}

  public WeatherState(List<ObservationPoint> points) {
    this.points = points;
  }

  public List<ObservationPoint> getPoints() {
    return points;
  }

  public void setPoints(List<ObservationPoint> points) {
    this.points = points;
  }
}
