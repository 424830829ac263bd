package io.citypulse.jobs.weather;

import java.io.Serializable;
import java.util.Objects;

/**
 * What the trend of later observations needs from one past observation of a location: its event
 * time and the two values whose change is reported. A bean, because the state store encodes it
 * with {@code Encoders.bean}.
 */
public class ObservationPoint implements Serializable {
  private static final long serialVersionUID = 1L;

  private long observedAtMicros;
  private Double temperatureC;
  private Double pressureHpa;

  public ObservationPoint() {}

  public ObservationPoint(long observedAtMicros, Double temperatureC, Double pressureHpa) {
    this.observedAtMicros = observedAtMicros;
    this.temperatureC = temperatureC;
    this.pressureHpa = pressureHpa;
  }

  public long getObservedAtMicros() {
    return observedAtMicros;
  }

  public void setObservedAtMicros(long observedAtMicros) {
    this.observedAtMicros = observedAtMicros;
  }

  public Double getTemperatureC() {
    return temperatureC;
  }

  public void setTemperatureC(Double temperatureC) {
    this.temperatureC = temperatureC;
  }

  public Double getPressureHpa() {
    return pressureHpa;
  }

  public void setPressureHpa(Double pressureHpa) {
    this.pressureHpa = pressureHpa;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ObservationPoint p
        && p.observedAtMicros == observedAtMicros
        && Objects.equals(p.temperatureC, temperatureC)
        && Objects.equals(p.pressureHpa, pressureHpa);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedAtMicros, temperatureC, pressureHpa);
  }

  @Override
  public String toString() {
    return "ObservationPoint[" + observedAtMicros + ", " + temperatureC + " °C, " + pressureHpa
        + " hPa]";
  }
}
