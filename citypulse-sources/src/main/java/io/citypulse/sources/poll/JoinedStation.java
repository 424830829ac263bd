package io.citypulse.sources.poll;

import io.citypulse.model.StationInformation;
import io.citypulse.model.StationStatus;

/**
 * A station's status with its information; {@code information} is null when station_information
 * does not list the station (even after an early refresh).
 */
public record JoinedStation(StationStatus status, StationInformation information) {

  /** Vélib' {@code stationCode} of the status, else the information's code, else the station id. */
  public String stationCode() {
    if (status.stationCode() != null) {
      return status.stationCode();
    }
    return information != null ? information.stationCode() : status.stationId();
  }
}
