package io.citypulse.dashboard.health;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** How a polled feed is doing, from the most to the least urgent. */
public enum FeedStatus {
  /** The poller is not running (stopped for good: a refused key, no location left). */
  STOPPED,
  /** The last attempt failed (HTTP error, timeout, unreadable body, rate limit). */
  FAILING,
  /** Polls succeed but the feed's own data is older than it promised ({@link #isStale}). */
  STALE,
  /** Nothing polled yet. */
  WAITING,
  OK;

  /** A minute of slack over twice the ttl: polls are spaced by the ttl, and a feed may be a poll late. */
  static final Duration STALE_SLACK = Duration.ofMinutes(1);

  /**
   * The rule the health panel and {@code /api/health} apply to every feed.
   *
   * @param failing whether the feed's last attempt failed (see {@link #failedLast})
   * @param ttl how often the feed says its data is renewed (GBFS {@code ttl}, else the poll interval)
   * @param newestData the feed's own time of its newest data, null when unknown
   */
  public static FeedStatus of(
      boolean running,
      boolean failing,
      Instant lastSuccess,
      Duration ttl,
      Instant newestData,
      Instant now) {
    if (!running) {
      return STOPPED;
    }
    if (failing) {
      return FAILING;
    }
    if (lastSuccess == null) {
      return WAITING;
    }
    return isStale(ttl, newestData, now) ? STALE : OK;
  }

  /** Whether the last attempt was a failure: an error after the last success (or no success yet). */
  public static boolean failedLast(Instant lastSuccess, Instant lastErrorAt) {
    return lastErrorAt != null && (lastSuccess == null || lastErrorAt.isAfter(lastSuccess));
  }

  /** Data is stale when older than twice its ttl plus {@link #STALE_SLACK}. */
  public static boolean isStale(Duration ttl, Instant newestData, Instant now) {
    if (newestData == null || ttl == null) {
      return false;
    }
    return Duration.between(newestData, now).compareTo(ttl.multipliedBy(2).plus(STALE_SLACK)) > 0;
  }

  /** Lower case in JSON: {@code ok}, {@code stale}... */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
