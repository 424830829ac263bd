package io.citypulse.dashboard.feed;

import io.citypulse.dashboard.state.Change;
import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.dashboard.state.Kind;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationForecastRecord;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses one topic value and applies it to the state. Pure apart from the state and a log line:
 * an unreadable value is counted and logged with where it came from, never thrown, so one bad
 * record cannot stop the dashboard.
 */
final class RecordApplier {
  private static final Logger LOG = LoggerFactory.getLogger(RecordApplier.class);

  private final DashboardState state;

  RecordApplier(DashboardState state) {
    this.state = state;
  }

  /**
   * @param where topic, partition and offset, for the log line
   * @return the change, empty when the value was older than the held state or unreadable
   */
  Optional<Change> apply(Kind kind, byte[] value, String where) {
    if (value == null) {
      // The topics are compacted: a tombstone would delete a key, but no citypulse producer writes
      // one. Count it rather than guess what a removed station should look like on the page.
      return unreadable(kind, where, "null value (tombstone)");
    }
    try {
      return switch (kind) {
        case STATION -> state.apply(Json.read(value, StationRecord.class));
        case POSTCODE -> state.apply(Json.read(value, PostcodeAvailability.class));
        case WEATHER -> state.apply(Json.read(value, WeatherFeatures.class));
        case FORECAST -> state.apply(Json.read(value, StationForecastRecord.class));
      };
    } catch (IllegalArgumentException e) { // Json.read and a missing key both say why
      return unreadable(kind, where, e.getMessage());
    }
  }

  private Optional<Change> unreadable(Kind kind, String where, String reason) {
    state.countUnreadable(kind);
    LOG.warn("Dashboard skips an unreadable {} record at {}: {}", kind.eventName(), where, reason);
    return Optional.empty();
  }
}
