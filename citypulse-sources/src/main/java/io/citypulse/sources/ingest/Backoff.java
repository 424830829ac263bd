package io.citypulse.sources.ingest;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Exponential backoff with ±20 % jitter, reset by a success. Not thread-safe. */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;
  private int failures;

  /** @param random values in [0, 1) for the jitter (Math::random in production) */
  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  /** The wait after one more failure: initial, 2x, 4x... capped at max, then jittered. */
  public Duration nextDelay() {
    long base = initial.toMillis() << Math.min(failures, 20);
    failures++;
    long capped = Math.min(base, max.toMillis());
    double jitter = 0.8 + 0.4 * random.getAsDouble();
    return Duration.ofMillis(Math.min(max.toMillis(), Math.round(capped * jitter)));
  }

  public void reset() {
    failures = 0;
  }

  public int failures() {
    return failures;
  }
}
