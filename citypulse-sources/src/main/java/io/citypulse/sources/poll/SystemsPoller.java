package io.citypulse.sources.poll;

import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.SystemReport.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls many systems, each on its own schedule: one scheduler thread asks {@link SystemsSchedule}
 * which systems are due (within the global and per-host caps) and hands each to a pool of {@code
 * maxInFlight} workers, which run that system's own poll cycle ({@link GbfsPoller#pollOnce}: its
 * ttl, its backoff). A worker reports back when the cycle ends, with the wait the system asked
 * for; the system is due again that long after. So a slow or timing-out system holds one worker
 * (for at most its own timeouts) and delays no other system; a failing one backs off alone.
 *
 * <p>A system whose discovery says it has no stations (free-floating vehicles only) is taken off
 * the schedule after its first poll and reported {@link State#SKIPPED} with the reason.
 *
 * <p>{@link #reports()} and {@link #takeRound()} may be called from any thread.
 */
public final class SystemsPoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SystemsPoller.class);

  /** Cycles that threw (a bug): counted, logged, and the system waits before its next poll. */
  public static final String INTERNAL_ERRORS = "systems.internal_errors";

  /** Systems set aside because their discovery says they have no stations. */
  public static final String SKIPPED_STATIONLESS = "systems.skipped_stationless";

  /** The longest the scheduler sleeps, so that it notices {@link #close} promptly. */
  private static final Duration LONGEST_NAP = Duration.ofSeconds(1);

  /** One system as the poller drives it; {@link GbfsSystemPoll} is the real one. */
  public interface PolledSystem {
    String systemId();

    /** The host its polls go to: at most {@code maxPerHost} polls run against one host. */
    String host();

    /** Runs one poll cycle; never throws for feed problems. @return the wait before the next */
    Duration pollOnce();

    /** When its station_status was last fetched; its last error; its last station count. */
    PollerStatus status();

    /** Why it has nothing to count (see {@link GbfsPoller#stationless()}), else null. */
    String stationless();

    /** Its records published so far. */
    long published();
  }

  /**
   * A {@link GbfsPoller} driven by this class (never started on a thread of its own).
   *
   * @param publishedBySystem records published per system, each counted under its system id
   */
  public record GbfsSystemPoll(
      String systemId, String host, GbfsPoller poller, Counters publishedBySystem)
      implements PolledSystem {
    @Override
    public Duration pollOnce() {
      return poller.pollOnce();
    }

    @Override
    public PollerStatus status() {
      return poller.status();
    }

    @Override
    public String stationless() {
      return poller.stationless();
    }

    @Override
    public long published() {
      return publishedBySystem.get(systemId);
    }
  }

  /**
   * What happened since the previous {@link #takeRound()}: the status line's "round".
   *
   * @param polls polls that ended
   * @param failed of which failed
   * @param slowestSystem the system whose poll took longest, null when no poll ended
   * @param slowestTook how long that poll took
   */
  public record Round(
      Duration length, long polls, long failed, String slowestSystem, Duration slowestTook) {}

  /** A poll that ended, sent from a worker to the scheduler. */
  private record Ended(String systemId, Duration nextIn, Duration took, Instant at) {}

  private final Map<String, PolledSystem> systems = new LinkedHashMap<>();
  private final SystemsSchedule schedule;
  private final Clock clock;
  private final Counters counters;
  private final Duration afterInternalError;
  private final ExecutorService workers;
  private final BlockingQueue<Ended> ended = new LinkedBlockingQueue<>();
  private final Map<String, SystemReport> reports = new ConcurrentHashMap<>();
  private final Object roundLock = new Object();
  private Instant roundStart;
  private long roundPolls;
  private long roundFailed;
  private String roundSlowest;
  private Duration roundSlowestTook = Duration.ZERO;
  private volatile boolean running;
  private Thread scheduler;

  /**
   * @param maxInFlight polls running at once (worker threads)
   * @param maxPerHost polls running at once against one host
   * @param afterInternalError the wait of a system whose cycle threw
   */
  public SystemsPoller(
      List<? extends PolledSystem> polled,
      int maxInFlight,
      int maxPerHost,
      Clock clock,
      Counters counters,
      Duration afterInternalError) {
    this.schedule = new SystemsSchedule(maxInFlight, maxPerHost);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.afterInternalError = Objects.requireNonNull(afterInternalError, "afterInternalError");
    Instant now = clock.instant();
    for (PolledSystem system : polled) {
      systems.put(system.systemId(), system);
      // Every system is due at once: the first round fills the topic as fast as the caps allow.
      schedule.add(system.systemId(), system.host(), now);
      reports.put(
          system.systemId(),
          new SystemReport(system.systemId(), State.WAITING, null, 0, null, 0, 0, 0, 0, null));
    }
    AtomicInteger number = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(maxInFlight, task -> {
      Thread thread = new Thread(task, "gbfs-systems-poll-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.roundStart = now;
  }

  /** Starts the scheduler thread. */
  public synchronized void start() {
    if (scheduler != null) {
      throw new IllegalStateException("already started");
    }
    running = true;
    scheduler = new Thread(this::schedule, "gbfs-systems-scheduler");
    scheduler.setDaemon(true);
    scheduler.start();
  }

  private void schedule() {
    try {
      while (running) {
        Instant now = clock.instant();
        for (Ended poll = ended.poll(); poll != null; poll = ended.poll()) {
          settle(poll);
        }
        for (String id : schedule.startNow(now)) {
          launch(systems.get(id));
        }
        Instant wake = schedule.nextStartable();
        // Null: every worker is busy, or every waiting system's host is at its cap; a poll ending
        // wakes us.
        Duration nap = wake == null
            ? LONGEST_NAP
            : min(max(Duration.between(now, wake), Duration.ZERO), LONGEST_NAP);
        Ended poll = ended.poll(Math.max(1, nap.toMillis()), TimeUnit.MILLISECONDS);
        if (poll != null) {
          settle(poll);
        }
      }
    } catch (InterruptedException e) {
      // close(): stop scheduling.
    } catch (RuntimeException e) {
      LOG.error("The systems scheduler stopped unexpectedly: no system is polled any more", e);
      running = false;
    }
  }

  private void launch(PolledSystem system) {
    try {
      workers.execute(() -> pollOne(system));
    } catch (RejectedExecutionException e) {
      // Closing: the workers are gone.
    }
  }

  private void pollOne(PolledSystem system) {
    long start = System.nanoTime();
    Duration wait;
    try {
      wait = system.pollOnce();
    } catch (RuntimeException e) {
      counters.increment(INTERNAL_ERRORS);
      LOG.error("Polling system '{}' failed unexpectedly", system.systemId(), e);
      wait = afterInternalError;
    }
    ended.add(new Ended(
        system.systemId(), wait, Duration.ofNanos(System.nanoTime() - start), clock.instant()));
  }

  /** On the scheduler thread: the system's report, and when it is due again. */
  private void settle(Ended poll) {
    PolledSystem system = systems.get(poll.systemId());
    SystemReport before = reports.get(poll.systemId());
    PollerStatus status = system.status();
    String stationless = system.stationless();
    boolean ok = status.lastSuccess() != null
        && !status.lastSuccess().equals(before.lastSuccess())
        && stationless == null;
    State state = stationless != null ? State.SKIPPED : ok ? State.OK : State.FAILING;
    String reason = switch (state) {
      case SKIPPED -> stationless;
      case FAILING -> status.lastError() == null ? "poll failed" : status.lastError();
      default -> null;
    };
    reports.put(
        poll.systemId(),
        new SystemReport(
            poll.systemId(),
            state,
            reason,
            ok ? 0 : before.failuresInARow() + 1,
            poll.took(),
            status.stations(),
            0, // read live in reports()
            before.polls() + 1,
            before.failures() + (ok ? 0 : 1),
            status.lastSuccess()));
    synchronized (roundLock) {
      roundPolls++;
      roundFailed += ok ? 0 : 1;
      if (roundSlowest == null || poll.took().compareTo(roundSlowestTook) > 0) {
        roundSlowest = poll.systemId();
        roundSlowestTook = poll.took();
      }
    }
    schedule.finished(poll.systemId(), poll.at().plus(poll.nextIn()));
    if (state == State.SKIPPED) {
      schedule.remove(poll.systemId());
      counters.increment(SKIPPED_STATIONLESS);
      LOG.warn("System '{}' is skipped: {}", poll.systemId(), stationless);
    } else if (state == State.FAILING && before.state() != State.FAILING) {
      LOG.warn("System '{}' fails: {}", poll.systemId(), reason);
    } else if (ok && before.state() == State.FAILING) {
      LOG.info(
          "System '{}' answers again after {} failed polls",
          poll.systemId(),
          before.failuresInARow());
    }
  }

  /** Every system's report, in the order given, with its records published so far. */
  public List<SystemReport> reports() {
    List<SystemReport> list = new ArrayList<>(systems.size());
    for (PolledSystem system : systems.values()) {
      SystemReport r = reports.get(system.systemId());
      list.add(new SystemReport(
          r.systemId(),
          r.state(),
          r.reason(),
          r.failuresInARow(),
          r.lastPollTook(),
          r.stations(),
          system.published(),
          r.polls(),
          r.failures(),
          r.lastSuccess()));
    }
    return list;
  }

  /** What happened since the previous call (or the start), and starts a new round. */
  public Round takeRound() {
    Instant now = clock.instant();
    synchronized (roundLock) {
      Round round = new Round(
          Duration.between(roundStart, now),
          roundPolls,
          roundFailed,
          roundSlowest,
          roundSlowestTook);
      roundStart = now;
      roundPolls = 0;
      roundFailed = 0;
      roundSlowest = null;
      roundSlowestTook = Duration.ZERO;
      return round;
    }
  }

  /** Systems polled (and skipped), as given. */
  public int systemCount() {
    return systems.size();
  }

  /**
   * Stops scheduling and interrupts the polls under way (a fetch returns at once), waiting up to
   * {@code timeout} for them.
   */
  public void close(Duration timeout) {
    Thread thread;
    synchronized (this) {
      running = false;
      thread = scheduler;
    }
    if (thread != null) {
      thread.interrupt();
    }
    workers.shutdownNow();
    try {
      if (thread != null) {
        thread.join(timeout.toMillis());
      }
      if (!workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Some system polls did not stop within {}", timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
