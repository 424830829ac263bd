package io.citypulse.alerts;

import io.citypulse.model.StationRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A scripted station history fed through the rules, the alerts collected in order. */
final class StationHistory {
  static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");

  private final AlertRules rules;
  SubjectState state = SubjectState.empty();
  final List<Alert> alerts = new ArrayList<>();
  int ignored;

  StationHistory(AlertRules rules) {
    this.rules = rules;
  }

  static Instant at(double minutes) {
    return T0.plus(Duration.ofMillis(Math.round(minutes * 60_000)));
  }

  static StationRecord station(double minutes, int bikes, int docks) {
    return station(minutes, bikes, docks, true);
  }

  static StationRecord station(double minutes, int bikes, int docks, boolean installed) {
    return new StationRecord(
        "velib",
        "16107",
        "s1",
        "Benjamin Godard",
        48.86,
        2.27,
        20,
        "75116",
        "Paris",
        bikes,
        bikes,
        0,
        docks,
        installed,
        true,
        true,
        at(minutes),
        at(minutes));
  }

  StationHistory bikes(double minutes, int bikes) {
    return record(station(minutes, bikes, 20 - bikes));
  }

  StationHistory record(StationRecord record) {
    SubjectState.Outcome outcome = rules.station(state, record);
    state = outcome.state();
    alerts.addAll(outcome.alerts());
    ignored += outcome.ignored() ? 1 : 0;
    return this;
  }

  /** Time passes with no record (the job's event-time timeout). */
  StationHistory advance(double minutes) {
    SubjectState.Outcome outcome = state.advance("station:velib:16107", at(minutes));
    state = outcome.state();
    alerts.addAll(outcome.alerts());
    return this;
  }

  /** The state goes through its bytes, as the job's state store and checkpoint keep it. */
  StationHistory restart() {
    state = SubjectState.decode(state.encode());
    return this;
  }

  /** {@code raised station_empty since=0 at=10} per alert, minutes after T0. */
  List<String> script() {
    List<String> out = new ArrayList<>();
    for (Alert a : alerts) {
      out.add(a.state().id() + " " + a.kind().id() + " since=" + minutes(a.since()) + " at="
          + minutes(a.at()));
    }
    return out;
  }

  static String minutes(Instant t) {
    double m = Duration.between(T0, t).toMillis() / 60_000.0;
    return m == Math.rint(m) ? Long.toString((long) m) : Double.toString(m);
  }
}
