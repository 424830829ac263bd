package io.citypulse.sources.postcode;

import io.citypulse.model.time.Sleeper;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket: at most {@code permitsPerSecond} on average and {@code burst} at once. Time and
 * sleeping are injected so tests run on a fake clock.
 */
public final class RateLimiter {

  private final double permitsPerNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private double tokens;
  private long lastRefill;

  /**
   * @param nanoTime a monotonic clock in nanoseconds, like {@link System#nanoTime()}
   * @param sleeper waits for a permit: {@link Sleeper#SYSTEM}; tests advance a fake clock
   */
  public RateLimiter(double permitsPerSecond, int burst, LongSupplier nanoTime, Sleeper sleeper) {
    if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
      throw new IllegalArgumentException(
          "permits per second must be positive: " + permitsPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1: " + burst);
    }
    this.permitsPerNano = permitsPerSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.tokens = burst;
    this.lastRefill = nanoTime.getAsLong();
  }

  /**
   * A limiter on the system clock with a burst of 1: requests are evenly spaced, so no one-second
   * window ever holds more than {@code permitsPerSecond + 1} of them.
   */
  public static RateLimiter perSecond(double permitsPerSecond) {
    return new RateLimiter(permitsPerSecond, 1, System::nanoTime, Sleeper.SYSTEM);
  }

  /** Takes one permit, sleeping until it is available. */
  public void acquire() throws InterruptedException {
    long waitNanos = reserve();
    if (waitNanos > 0) {
      sleeper.sleep(Duration.ofNanos(waitNanos));
    }
  }

  /** Takes one permit if available now, without waiting. */
  public synchronized boolean tryAcquire() {
    refill();
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Takes a permit, possibly in advance (tokens go negative), and says how long to wait for it. */
  private synchronized long reserve() {
    refill();
    double deficit = 1 - tokens;
    tokens -= 1;
    return deficit <= 0 ? 0 : (long) Math.ceil(deficit / permitsPerNano);
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    long elapsed = now - lastRefill;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * permitsPerNano);
      lastRefill = now;
    }
  }
}
