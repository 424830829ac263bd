package io.citypulse.model.time;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits: between polls, for a rate limiter's permit, between storage retries. Tests pass one that
 * records the waits (and moves a fake clock) instead of sleeping.
 *
 * <p>Serializable because the storage sinks that hold one are shipped to Spark executors; a lambda
 * assigned to this type is serializable too.
 */
@FunctionalInterface
public interface Sleeper extends Serializable {

  void sleep(Duration duration) throws InterruptedException;

  /**
   * Really sleeps, interruptibly, to the nanosecond the platform allows. A zero or negative wait
   * returns at once, but a pending interrupt is still reported.
   */
  Sleeper SYSTEM = duration -> {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (!duration.isNegative() && !duration.isZero()) {
      TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }
  };
}
