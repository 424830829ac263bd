package io.citypulse.dashboard.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.citypulse.alerts.Alert;
import io.citypulse.dashboard.state.AlertBoard;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code /api/alerts}: the open episodes (newest raise first), the recent records
 * (newest first) and the {@code system:code} of every station with an open alert (the map marks
 * them).
 */
record AlertsView(
    @JsonProperty("open") List<Alert> open,
    @JsonProperty("recent") List<Alert> recent,
    @JsonProperty("stations") Set<String> stations) {

  static AlertsView of(AlertBoard board) {
    return new AlertsView(board.open(), board.recent(), board.stationsWithOpenAlerts());
  }
}
