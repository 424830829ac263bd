package io.citypulse.jobs.alerts;

import io.citypulse.alerts.AlertRules;
import io.citypulse.alerts.HealthRules;
import io.citypulse.alerts.PostcodeRules;
import io.citypulse.alerts.StationRules;
import io.citypulse.alerts.WeatherRules;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the alerts job reads, and how one input value becomes subject readings: pure, no Spark.
 * A value that cannot be read is a {@link Rejection} (dead-lettered by the job with its reason).
 */
final class AlertInput {
  private AlertInput() {}

  /** The kinds of input, by topic. */
  enum Kind {
    STATION,
    POSTCODE,
    WEATHER,
    HEALTH
  }

  /** Reasons of dead-lettered input (the {@code reason} header). */
  static final String TOMBSTONE = "tombstone";

  static final String UNREADABLE = "unreadable_record";
  static final String NO_SUBJECT = "no_subject";
  static final String NO_EVENT_TIME = "no_event_time";

  /** One subject's reading: its subject and event time. */
  record Reading(String subject, Instant at) {}

  /** Why a value was refused. */
  record Rejection(String reason, String detail) {}

  /** The readings of one value, or its rejection. */
  record Parsed(List<Reading> readings, Rejection rejection) {
    static Parsed rejected(String reason, String detail) {
      return new Parsed(List.of(), new Rejection(reason, detail));
    }
  }

  static Parsed parse(Kind kind, byte[] value) {
    if (value == null) {
      return Parsed.rejected(TOMBSTONE, "a null value (tombstone) carries no state");
    }
    try {
      switch (kind) {
        case STATION: {
          StationRecord s = Json.read(value, StationRecord.class);
          if (s.system() == null || s.stationCode() == null) {
            return Parsed.rejected(NO_SUBJECT, "a station record without system or station_code");
          }
          return one(
              StationRules.subject(s), AlertRules.eventTime(s), "fetched_at or last_reported");
        }
        case POSTCODE: {
          PostcodeAvailability p = Json.read(value, PostcodeAvailability.class);
          if (p.postcode() == null) {
            return Parsed.rejected(NO_SUBJECT, "a postcode record without postcode");
          }
          return one(PostcodeRules.subject(p), p.updatedAt(), "updated_at");
        }
        case WEATHER: {
          WeatherFeatures w = Json.read(value, WeatherFeatures.class);
          if (w.location() == null) {
            return Parsed.rejected(NO_SUBJECT, "a weather record without location");
          }
          return one(WeatherRules.subject(w.location()), w.observedAt(), "observed_at");
        }
        case HEALTH: {
          List<Reading> out = new ArrayList<>();
          for (HealthRules.Reading r : HealthRules.readings(value)) {
            out.add(new Reading(r.subject(), r.at()));
          }
          return new Parsed(out, null);
        }
        default:
          throw new IllegalStateException("unknown input " + kind);
      }
    } catch (IllegalArgumentException e) {
      return Parsed.rejected(UNREADABLE, e.getMessage());
    }
  }

  private static Parsed one(String subject, Instant at, String field) {
    if (at == null) {
      return Parsed.rejected(NO_EVENT_TIME, "no " + field + ": the record has no event time");
    }
    return new Parsed(List.of(new Reading(subject, at)), null);
  }
}
