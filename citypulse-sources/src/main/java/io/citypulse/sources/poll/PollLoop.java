package io.citypulse.sources.poll;

import io.citypulse.model.time.Sleeper;
import io.citypulse.sources.http.Backoff;
import io.citypulse.sources.http.RetryAfter;
import io.citypulse.sources.metrics.Counters;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * What every poller does around its own fetching ({@link GbfsPoller},
 * {@link io.citypulse.sources.weather.WeatherPoller}): runs its {@link Cycle} one at a time, on a
 * daemon thread until {@link #stop} or on the caller's ({@link #pollOnce}), sleeps the wait each
 * cycle returns, survives a cycle that throws, and backs off after failures on one poller-wide
 * {@link Backoff} (429: at least Retry-After). It counts cycles, successes, failures by kind,
 * dead letters and listener errors under the poller's own counter names ({@link Counts}), sends
 * dead letters without ever throwing, hands results to a listener that may throw, and keeps the
 * last error, the next poll and why the poller stopped for good, for its status.
 *
 * <p>The poller supplies what differs: what to fetch and how to read it (the cycle), where results
 * go, and its status record.
 */
public final class PollLoop {

  /**
   * A poller's counter names: each poller keeps its own (the CLI and dashboards read them), the
   * meanings are the same.
   *
   * @param polls cycles run
   * @param ok successful fetches of what the poller polls
   * @param failed failed fetches; {@link #failedBecause} adds the kind
   * @param parseErrors bodies that could not be read (each dead-lettered)
   */
  public record Counts(
      String polls,
      String ok,
      String failed,
      String parseErrors,
      String deadLetters,
      String deadLetterErrors,
      String listenerErrors,
      String internalErrors) {

    /** {@code failed} followed by the kind: timeout, io_error, http_error, rate_limited, parse. */
    public String failedBecause(String kind) {
      return failed + "." + kind;
    }
  }

  /** One poll cycle: fetches what is due and hands on what it read; never throws for source problems. */
  @FunctionalInterface
  public interface Cycle {
    /** @return how long to wait before the next cycle */
    Duration run();
  }

  private final String name;
  private final Logger log;
  private final Cycle cycle;
  private final Backoff backoff;
  private final Counts counts;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Counters counters;
  private final DeadLetterSink deadLetters;
  private final ReentrantLock cycleLock = new ReentrantLock();

  // Status, read from other threads.
  private volatile boolean running;
  private volatile String finishedBecause;
  private volatile Instant lastErrorAt;
  private volatile String lastError;
  private volatile Instant nextPollAt;
  private Thread thread;

  /**
   * @param name the polling thread's name
   * @param log the poller's logger, so that what the loop logs is filed under the poller
   * @param backoff the poller-wide backoff: after a failed cycle, a rate limit, a cycle that threw
   */
  public PollLoop(
      String name,
      Logger log,
      Cycle cycle,
      Backoff backoff,
      Counts counts,
      Clock clock,
      Sleeper sleeper,
      Counters counters,
      DeadLetterSink deadLetters) {
    this.name = Objects.requireNonNull(name, "name");
    this.log = Objects.requireNonNull(log, "log");
    this.cycle = Objects.requireNonNull(cycle, "cycle");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.counts = Objects.requireNonNull(counts, "counts");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
  }

  /**
   * Starts polling on a daemon thread named {@code name}.
   *
   * @throws IllegalStateException if already started (a loop runs once)
   */
  public synchronized void start() {
    running = true;
    if (thread != null) {
      throw new IllegalStateException(name + " already started");
    }
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Interrupts a wait or a fetch in progress and waits up to {@code timeout} for the cycle to end. */
  public synchronized void stop(Duration timeout) {
    running = false;
    if (thread == null) {
      return;
    }
    thread.interrupt();
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("Poller thread {} did not stop in time", name);
    }
  }

  /**
   * Runs one cycle on the caller's thread, never two at once; nothing once {@link #finish finished}.
   *
   * @return how long to wait before the next cycle ({@link Duration#ZERO} once finished)
   */
  public Duration pollOnce() {
    cycleLock.lock();
    try {
      if (finishedBecause != null) {
        return Duration.ZERO;
      }
      counters.increment(counts.polls());
      Duration wait = cycle.run();
      nextPollAt = clock.instant().plus(wait);
      return wait;
    } finally {
      cycleLock.unlock();
    }
  }

  private void run() {
    while (running && finishedBecause == null) {
      Duration wait;
      try {
        wait = pollOnce();
      } catch (RuntimeException e) {
        // A bug in a cycle (or a listener that throws past its guard) must not end polling.
        counters.increment(counts.internalErrors());
        log.error("Poll cycle failed unexpectedly", e);
        recordError("internal error: " + e);
        wait = backoff.next();
      }
      if (!running || finishedBecause != null) {
        break;
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        break;
      }
    }
    running = false;
    log.info("Stopped polling ({}){}", name, finishedBecause == null ? "" : ": " + finishedBecause);
  }

  /** Stops for good: no call can succeed any more (a refused key, nothing left to poll). */
  public void finish(String reason) {
    finishedBecause = Objects.requireNonNull(reason, "reason");
    recordError(reason);
  }

  /** A fetch succeeded: counted, and the next failure waits the initial backoff again. */
  public void succeeded() {
    counters.increment(counts.ok());
    backoff.reset();
  }

  /** A fetch failed: counted as failed, and as failed for this {@code kind}. */
  public void countFailure(String kind) {
    counters.increment(counts.failed());
    counters.increment(counts.failedBecause(kind));
  }

  /**
   * The wait after a failure: the next step of the poller-wide backoff, or a 429's Retry-After if
   * longer.
   *
   * @param retryAfter the server's Retry-After, null when none (or no 429)
   */
  public Duration backOff(Duration retryAfter) {
    return RetryAfter.waitAfterRateLimit(retryAfter, backoff.next());
  }

  /** Failures since the last success, for logs. */
  public int failuresInARow() {
    return backoff.failures();
  }

  /** A body that could not be read: counted as a parse error and dead-lettered (cut if long). */
  public void unreadable(URI from, String reason, byte[] body) {
    counters.increment(counts.parseErrors());
    deadLetter(DeadLetter.ofBody(from, reason, body, clock.instant()));
  }

  /** Counted and sent; a sink that throws is counted and logged, never passed on. */
  public void deadLetter(DeadLetter letter) {
    counters.increment(counts.deadLetters());
    try {
      deadLetters.deadLetter(letter);
    } catch (RuntimeException e) {
      counters.increment(counts.deadLetterErrors());
      log.error("Could not dead-letter input from {}", letter.source(), e);
    }
  }

  /**
   * Hands a result to the listener. A listener that throws is counted and logged, and
   * {@code "listener failed: <exception>"} goes to {@code recordError}; polling goes on.
   *
   * @param what what is delivered, for the log ("a batch of 3 stations")
   * @return whether the listener took it
   */
  public boolean deliver(Runnable delivery, String what, Consumer<String> recordError) {
    try {
      delivery.run();
      return true;
    } catch (RuntimeException e) {
      counters.increment(counts.listenerErrors());
      log.error("Listener failed on {}", what, e);
      recordError.accept("listener failed: " + e);
      return false;
    }
  }

  /** The poller's last error, for its status. */
  public void recordError(String message) {
    lastError = message;
    lastErrorAt = clock.instant();
  }

  public boolean running() {
    return running;
  }

  /** Why the poller stopped for good, else null. */
  public String finishedBecause() {
    return finishedBecause;
  }

  public String lastError() {
    return lastError;
  }

  public Instant lastErrorAt() {
    return lastErrorAt;
  }

  /** When the next cycle is due, from the wait the last cycle returned; null before the first. */
  public Instant nextPollAt() {
    return nextPollAt;
  }
}
