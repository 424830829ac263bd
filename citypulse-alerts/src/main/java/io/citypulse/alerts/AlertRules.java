package io.citypulse.alerts;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import java.time.Instant;

/**
 * Every alert rule, one entry point per input record: the pure core of the alerts job. Each
 * returns the subject's next state and the alert records to publish.
 */
public final class AlertRules {
  private final StationRules stations;
  private final PostcodeRules postcodes;
  private final WeatherRules weather;
  private final HealthRules health;

  public AlertRules(
      StationRules stations, PostcodeRules postcodes, WeatherRules weather, HealthRules health) {
    this.stations = stations;
    this.postcodes = postcodes;
    this.weather = weather;
    this.health = health;
  }

  /** A station's event time: when citypulse saw the state (fetched_at), else last_reported. */
  public static Instant eventTime(StationRecord s) {
    return s.fetchedAt() != null ? s.fetchedAt() : s.lastReported();
  }

  public SubjectState.Outcome station(SubjectState state, StationRecord s) {
    return state.apply(StationRules.subject(s), eventTime(s), stations.checks(s));
  }

  public SubjectState.Outcome postcode(SubjectState state, PostcodeAvailability p) {
    return state.apply(PostcodeRules.subject(p), p.updatedAt(), postcodes.checks(p));
  }

  public SubjectState.Outcome weather(SubjectState state, WeatherFeatures w) {
    return state.apply(WeatherRules.subject(w.location()), w.observedAt(), weather.checks(w));
  }

  public SubjectState.Outcome health(SubjectState state, HealthRules.Reading r) {
    return state.apply(r.subject(), r.at(), health.checks(r));
  }
}
