package io.citypulse.sources.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * When a poller polls next, as pure functions of instants and durations (no clock, no thread), so
 * that the rules are tested on their own. Waits after failures come from
 * {@link io.citypulse.sources.http.Backoff} (doubling up to a cap) and
 * {@link io.citypulse.sources.http.RetryAfter#waitAfterRateLimit} (a 429's Retry-After, at least
 * the backoff); {@link PollLoop#backOff} combines the two.
 */
public final class PollSchedule {
  private PollSchedule() {}

  /**
   * The wait a feed's {@code ttl} asks for, kept within [{@code min}, {@code max}]; a ttl of 0 (or
   * none, or negative) means poll as often as allowed: {@code min}.
   */
  public static Duration ttlWait(int ttlSeconds, Duration min, Duration max) {
    if (ttlSeconds <= 0) {
      return min;
    }
    Duration ttl = Duration.ofSeconds(ttlSeconds);
    return ttl.compareTo(min) < 0 ? min : ttl.compareTo(max) > 0 ? max : ttl;
  }

  /**
   * When a fixed-interval poll is due again after one that succeeded at {@code now}. On time, the
   * phase is kept ({@code due + interval}), so that a slow fetch does not make the schedule drift;
   * after a late poll (a rate-limit pause, retries) a new phase starts at {@code now + interval}.
   *
   * @param due when this poll was due; {@link Instant#MIN} before the first one
   */
  public static Instant nextDue(Instant due, Instant now, Duration interval) {
    Instant onTime = due.equals(Instant.MIN) ? now.plus(interval) : due.plus(interval);
    return onTime.isAfter(now) ? onTime : now.plus(interval);
  }

  /**
   * How long from {@code now} until the earliest of {@code dues}, but not before {@code notBefore}
   * (a pause); {@link Duration#ZERO} when that is already past, or when there is nothing to wait for.
   *
   * @param dues null entries are ignored
   * @param notBefore null when there is no pause
   */
  public static Duration untilNext(Instant now, Collection<Instant> dues, Instant notBefore) {
    Instant next = null;
    for (Instant due : dues) {
      if (due != null && (next == null || due.isBefore(next))) {
        next = due;
      }
    }
    if (notBefore != null && (next == null || next.isBefore(notBefore))) {
      next = notBefore;
    }
    return next == null || !next.isAfter(now) ? Duration.ZERO : Duration.between(now, next);
  }
}
