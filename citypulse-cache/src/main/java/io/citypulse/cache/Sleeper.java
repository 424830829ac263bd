package io.citypulse.cache;

import java.time.Duration;

/** Waits between attempts; tests pass one that only records the waits and moves a clock. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;
}
