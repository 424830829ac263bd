package io.citypulse.app.run;

import io.citypulse.sources.poll.PollerStatus;
import io.citypulse.sources.poll.SystemReport;
import io.citypulse.sources.weather.WeatherLocationStatus;
import io.citypulse.sources.weather.WeatherPollerStatus;

/**
 * Where one source stands in its first poll, for {@code poll --once}: whether the poll has ended
 * (fetched or failed) and whether it succeeded, with a one-line summary. Pure.
 */
record PollRound(String source, boolean done, boolean ok, String summary) {

  /** One GBFS system polled on its own. */
  static PollRound of(String system, PollerStatus status) {
    String source = "gbfs " + system;
    if (status.lastSuccess() != null) {
      return new PollRound(source, true, true, status.stations() + " stations read");
    }
    if (status.lastErrorAt() != null) {
      return new PollRound(source, true, false, "failed: " + status.lastError());
    }
    return new PollRound(source, false, false, "polling");
  }

  /** One system of a catalogue. */
  static PollRound of(SystemReport report) {
    String source = "gbfs " + report.systemId();
    return switch (report.state()) {
      case WAITING -> new PollRound(source, false, false, "polling");
      case OK -> new PollRound(source, true, true, report.stations() + " stations read");
      case SKIPPED -> new PollRound(source, true, true, "skipped: " + report.reason());
      case FAILING -> new PollRound(source, true, false, "failed: " + report.reason());
    };
  }

  /** One weather source: done once every location has been fetched, failed or skipped. */
  static PollRound of(WeatherPollerStatus status) {
    String source = "weather " + status.source();
    if (status.stoppedBecause() != null) {
      return new PollRound(source, true, false, "stopped: " + status.stoppedBecause());
    }
    boolean done = status.locations().stream().allMatch(PollRound::tried);
    if (!done) {
      return new PollRound(source, false, false, "polling");
    }
    return new PollRound(
        source, true, status.failing() == 0, status.locationCounts("locations read"));
  }

  private static boolean tried(WeatherLocationStatus location) {
    return location.lastSuccess() != null
        || location.lastErrorAt() != null
        || location.skippedBecause() != null;
  }

  /** "gbfs velib: 1,503 stations read" or "weather open-meteo: failed: ...". */
  String line() {
    return source + ": " + summary;
  }
}
