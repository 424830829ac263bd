package io.citypulse.alerts;

import io.citypulse.model.StationRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The station rules on one {@code velib-projet} record: empty (an installed station with 0 bikes)
 * and full (0 free docks). A station that is not installed is neither, and closes its open
 * episodes at once: its counts say nothing about bikes to take. Without a dock count there is no
 * full check.
 *
 * <p>Hysteresis: an episode clears once the station has left the condition for {@link
 * EpisodeRules#clearAfter} without falling back, or at once when it is well out of it (at least
 * {@code clearMargin} bikes, or free docks). A station flapping between 0 and 1 bike stays raised:
 * one raised, one cleared record per episode.
 */
public final class StationRules {
  private final EpisodeRules rules;
  private final int clearMargin;

  public StationRules(EpisodeRules rules, int clearMargin) {
    if (clearMargin < 1) {
      throw new IllegalArgumentException("clearMargin must be at least 1: " + clearMargin);
    }
    this.rules = rules;
    this.clearMargin = clearMargin;
  }

  /** {@code station:<system>:<code>}. */
  public static String subject(StationRecord station) {
    return "station:" + station.key();
  }

  public List<Check> checks(StationRecord s) {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("bikes_available", (double) s.bikesAvailable());
    if (s.docksAvailable() != null) {
      values.put("docks_available", s.docksAvailable().doubleValue());
    }
    if (s.capacity() != null) {
      values.put("capacity", s.capacity().doubleValue());
    }
    String name = s.name() == null ? s.key() : s.name() + " (" + s.key() + ")";
    List<Check> out = new ArrayList<>(2);
    out.add(new Check(
        AlertKind.STATION_EMPTY,
        "bikes_available=0",
        Severity.WARNING,
        rules,
        s.installed() && s.bikesAvailable() == 0,
        !s.installed() || s.bikesAvailable() >= clearMargin,
        values,
        name + " is empty: no bike for at least " + Durations.text(rules.minDuration()),
        name + " has bikes again (" + s.bikesAvailable() + ")"));
    if (s.docksAvailable() != null) {
      int docks = s.docksAvailable();
      out.add(new Check(
          AlertKind.STATION_FULL,
          "docks_available=0",
          Severity.WARNING,
          rules,
          s.installed() && docks == 0,
          !s.installed() || docks >= clearMargin,
          values,
          name + " is full: no free dock for at least " + Durations.text(rules.minDuration()),
          name + " has free docks again (" + docks + ")"));
    }
    return out;
  }
}
