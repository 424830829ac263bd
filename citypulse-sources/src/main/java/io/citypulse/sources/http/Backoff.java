package io.citypulse.sources.http;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff: {@code initial}, then doubled after each further failure, capped at
 * {@code max}; {@link #reset()} after a success. Each wait is shortened by a random fraction up
 * to {@code jitter} so that many clients do not retry in step. Not thread-safe.
 */
public final class Backoff {

  /** Waits are drawn from [80%, 100%] of the exponential value. */
  public static final double DEFAULT_JITTER = 0.2;

  private final Duration initial;
  private final Duration max;
  private final double jitter;
  private final DoubleSupplier random;
  private int failures;

  /**
   * @param jitter the largest fraction cut off a wait, in [0, 1)
   * @param random values in [0, 1), e.g. {@code new Random(seed)::nextDouble}
   */
  public Backoff(Duration initial, Duration max, double jitter, DoubleSupplier random) {
    this.initial = Objects.requireNonNull(initial, "initial");
    this.max = Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("backoff initial must be positive, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff max " + max + " is below initial " + initial);
    }
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
    }
    this.jitter = jitter;
    this.random = Objects.requireNonNull(random, "random");
  }

  /** With {@link #DEFAULT_JITTER} and a thread-local random source. */
  public static Backoff withJitter(Duration initial, Duration max) {
    return new Backoff(
        initial, max, DEFAULT_JITTER, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** Deterministic: exactly initial, 2x initial, ... max. */
  public static Backoff withoutJitter(Duration initial, Duration max) {
    return new Backoff(initial, max, 0, () -> 0);
  }

  /** Records a failure and returns how long to wait before the next attempt. */
  public Duration next() {
    failures++;
    Duration exponential = exponential(failures);
    if (jitter == 0) {
      return exponential;
    }
    double fraction = Math.min(Math.max(random.getAsDouble(), 0), 1);
    long nanos = exponential.toNanos();
    return Duration.ofNanos(nanos - (long) (nanos * jitter * fraction));
  }

  /** The wait {@link #next()} would give now, without jitter and without counting a failure. */
  public Duration peek() {
    return exponential(failures + 1);
  }

  /** After a success: the next failure waits {@code initial} again. */
  public void reset() {
    failures = 0;
  }

  /** Failures since the last success. */
  public int failures() {
    return failures;
  }

  private Duration exponential(int attempt) {
    // initial * 2^(attempt-1), without overflowing for long failure streaks.
    int doublings = Math.min(attempt - 1, 62);
    Duration wait = initial;
    for (int i = 0; i < doublings && wait.compareTo(max) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(max) > 0 ? max : wait;
  }
}
