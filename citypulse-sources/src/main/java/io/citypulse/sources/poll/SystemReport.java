package io.citypulse.sources.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Where one system of a catalogue-wide run stands, for status lines, health and metrics.
 *
 * @param systemId the catalogue's System ID (also the records' {@code system})
 * @param state what its last poll gave
 * @param reason why it fails (its last error) or why it is skipped; null when it is fine
 * @param failuresInARow failed polls since its last successful one
 * @param lastPollTook how long its last poll took (discovery, information and status together);
 *     null before the first one ends
 * @param stations stations in its last station_status
 * @param published records of it published so far
 * @param polls polls ended so far
 * @param failures polls that failed so far
 * @param lastSuccess when its station_status was last fetched (a body or 304); null before
 */
public record SystemReport(
    String systemId,
    State state,
    String reason,
    int failuresInARow,
    Duration lastPollTook,
    int stations,
    long published,
    long polls,
    long failures,
    Instant lastSuccess) {

  /** What a system's polls have given so far. */
  public enum State {
    /** Not polled yet (or its first poll is under way). */
    WAITING,
    /** Its last poll read station_status. */
    OK,
    /** Its last poll failed (HTTP error, timeout, unreadable body...); retried after a backoff. */
    FAILING,
    /** Never polled again: its discovery says it has no stations (free-floating only). */
    SKIPPED
  }

  public SystemReport {
    Objects.requireNonNull(systemId, "systemId");
    Objects.requireNonNull(state, "state");
  }
}
