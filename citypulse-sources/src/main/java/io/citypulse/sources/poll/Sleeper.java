package io.citypulse.sources.poll;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits between polls; tests pass one that records the waits instead. */
@FunctionalInterface
public interface Sleeper {

  void sleep(Duration duration) throws InterruptedException;

  /** Really sleeps (interruptibly). */
  Sleeper SYSTEM = duration -> {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (!duration.isNegative() && !duration.isZero()) {
      TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }
  };
}
