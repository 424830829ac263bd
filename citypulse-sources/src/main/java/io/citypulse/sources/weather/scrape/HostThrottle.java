package io.citypulse.sources.weather.scrape;

import io.citypulse.model.time.Sleeper;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Spaces requests to each host: a request waits until {@code interval} has passed since the
 * previous one to the same host; other hosts are not held up. Time and sleeping are injected so
 * tests run on a fake clock. Thread-safe: a slot is reserved under the lock, the wait is outside.
 */
public final class HostThrottle {
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final Map<String, Long> nextAllowed = new HashMap<>();

  /**
   * @param nanoTime a monotonic clock in nanoseconds, like {@link System#nanoTime()}
   */
  public HostThrottle(LongSupplier nanoTime, Sleeper sleeper) {
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /**
   * Waits for the host's turn, then takes it.
   *
   * @param host the host and port, e.g. {@code www.timeanddate.com:443}
   * @param interval the least time from this request to the next one to the host
   * @return how long it waited
   */
  public Duration acquire(String host, Duration interval) throws InterruptedException {
    long wait = reserve(host, interval.toNanos());
    if (wait > 0) {
      sleeper.sleep(Duration.ofNanos(wait));
    }
    return Duration.ofNanos(Math.max(0, wait));
  }

  private synchronized long reserve(String host, long intervalNanos) {
    long now = nanoTime.getAsLong();
    Long next = nextAllowed.get(host);
    long start = next == null || next - now <= 0 ? now : next;
    nextAllowed.put(host, start + intervalNanos);
    return start - now;
  }
}
