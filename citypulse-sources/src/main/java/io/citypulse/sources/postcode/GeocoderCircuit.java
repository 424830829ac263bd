package io.citypulse.sources.postcode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A circuit breaker in front of the reverse geocoder. While the service is down (refused
 * connections, timeouts, 5xx), asking it once per station would queue ~1,500 requests that each
 * wait for their timeout. After {@link #FAILURES_TO_OPEN} failures in a row the circuit opens: no
 * request goes out until a backoff ({@code postcodes.geocoder.backoff.initial}, doubling up to
 * {@code .max}) has passed; then exactly one probe request is let through. An answer (even "no
 * address here") closes the circuit; a failed probe opens it again for twice as long. Thread-safe.
 */
final class GeocoderCircuit {

  /** Three in a row: one station's odd failure does not stop the others, an outage does at once. */
  static final int FAILURES_TO_OPEN = 3;

  /** What a request about to be queued may do. */
  enum Admission {
    GO,
    PROBE,
    WAIT
  }

  private enum State {
    CLOSED,
    OPEN,
    PROBING
  }

  private final Duration initial;
  private final Duration max;
  private final Clock clock;
  private State state = State.CLOSED;
  private int failuresInARow;
  private int opened;
  private Instant retryAt;
  private String lastFailure;

  GeocoderCircuit(Duration initial, Duration max, Clock clock) {
    this.initial = Objects.requireNonNull(initial, "initial");
    this.max = Objects.requireNonNull(max, "max");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Whether a request may be queued now: {@code GO} while closed; while open, {@code WAIT} until
   * the backoff has passed, then {@code PROBE} once (the caller must report its outcome).
   */
  synchronized Admission admit() {
    switch (state) {
      case CLOSED:
        return Admission.GO;
      case OPEN:
        if (clock.instant().isBefore(retryAt)) {
          return Admission.WAIT;
        }
        state = State.PROBING;
        return Admission.PROBE;
      default:
        return Admission.WAIT;
    }
  }

  /** False once the circuit opened: a request queued before that is dropped, not sent. */
  synchronized boolean isClosed() {
    return state == State.CLOSED;
  }

  /**
   * The service answered about a place.
   *
   * @return true if this closed an open circuit: the caller re-asks every waiting point at once
   */
  synchronized boolean onAnswer() {
    boolean wasOpen = state != State.CLOSED;
    state = State.CLOSED;
    failuresInARow = 0;
    opened = 0;
    retryAt = null;
    return wasOpen;
  }

  /**
   * A request failed (no answer about the place). A failed probe opens the circuit again, for
   * twice as long.
   *
   * @return true if this opened a closed circuit: the outage starts (one log line per outage)
   */
  synchronized boolean onFailure(String detail) {
    lastFailure = detail;
    failuresInARow++;
    boolean opening = state == State.CLOSED && failuresInARow >= FAILURES_TO_OPEN;
    if (opening || state == State.PROBING) {
      opened++;
      state = State.OPEN;
      retryAt = clock.instant().plus(backoff(opened));
    }
    return opening; // false too when already open: a request sent before it opened
  }

  /**
   * The service said 429: it is up but refuses us until {@code until}; the geocoder itself waits
   * that long. A probe that got it is given back, and the next probe waits as long.
   */
  synchronized void onRateLimited(Instant until) {
    if (state == State.PROBING) {
      state = State.OPEN;
      retryAt = until == null ? clock.instant().plus(backoff(Math.max(opened, 1))) : until;
    }
  }

  /** True while no request goes out (open or probing). */
  synchronized boolean isOpen() {
    return state != State.CLOSED;
  }

  synchronized boolean isProbing() {
    return state == State.PROBING;
  }

  /** When the next probe may go out; null while closed. */
  synchronized Instant retryAt() {
    return state == State.CLOSED ? null : retryAt;
  }

  /** The last failure's detail, for logs. */
  synchronized String lastFailure() {
    return lastFailure;
  }

  /** {@code initial} doubled per opening in a row, at most {@code max}. */
  Duration backoff(int openings) {
    return ChainedPostcodeResolver.doubling(initial, max, openings);
  }
}
