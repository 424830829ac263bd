package io.citypulse.sources.poll;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Which of many systems to poll now, when each is polled on its own schedule: a pure, single-
 * threaded state machine (no clock, no thread) that the catalogue-wide poller drives, so its
 * fairness rules are tested on their own.
 *
 * <ul>
 *   <li>A system is polled when it is due, earliest due first; its next due time is whatever its
 *       own poll decided (its ttl, or its backoff after a failure), so a failing system delays
 *       only itself.
 *   <li>At most {@code maxInFlight} polls run at once, and at most {@code maxPerHost} against one
 *       host (many operators' systems share one vendor's server).
 *   <li>A poll in flight holds only its own slot: a slow system never delays the others beyond
 *       taking one of the {@code maxInFlight} slots.
 * </ul>
 *
 * <p>Not thread-safe: one scheduler thread calls it.
 */
public final class SystemsSchedule {
  private final int maxInFlight;
  private final int maxPerHost;
  private final Map<String, Entry> systems = new HashMap<>();
  private final PriorityQueue<Entry> waiting =
      new PriorityQueue<>(Comparator.comparing((Entry e) -> e.due).thenComparing(e -> e.id));
  private final Map<String, Integer> inFlightPerHost = new HashMap<>();
  private int inFlight;

  private static final class Entry {
    final String id;
    final String host;
    Instant due;
    boolean polling;

    Entry(String id, String host, Instant due) {
      this.id = id;
      this.host = host;
      this.due = due;
    }
  }

  /**
   * @param maxInFlight polls running at once, at least 1
   * @param maxPerHost polls running at once against one host, at least 1
   */
  public SystemsSchedule(int maxInFlight, int maxPerHost) {
    if (maxInFlight < 1 || maxPerHost < 1) {
      throw new IllegalArgumentException(
          "maxInFlight and maxPerHost must be >= 1, got " + maxInFlight + " and " + maxPerHost);
    }
    this.maxInFlight = maxInFlight;
    this.maxPerHost = maxPerHost;
  }

  /** Adds a system, first due at {@code due}. */
  public void add(String systemId, String host, Instant due) {
    Objects.requireNonNull(due, "due");
    Entry entry = new Entry(systemId, host.toLowerCase(java.util.Locale.ROOT), due);
    if (systems.putIfAbsent(systemId, entry) != null) {
      throw new IllegalArgumentException("system " + systemId + " is scheduled twice");
    }
    waiting.add(entry);
  }

  /**
   * The systems to start polling now, earliest due first, within the caps; each is marked in
   * flight until {@link #finished}. A due system whose host is at its cap waits without holding
   * back later systems of other hosts.
   */
  public List<String> startNow(Instant now) {
    List<String> start = new ArrayList<>();
    List<Entry> hostBusy = new ArrayList<>();
    while (inFlight < maxInFlight && !waiting.isEmpty() && !waiting.peek().due.isAfter(now)) {
      Entry entry = waiting.poll();
      if (inFlightPerHost.getOrDefault(entry.host, 0) >= maxPerHost) {
        hostBusy.add(entry);
        continue;
      }
      entry.polling = true;
      inFlight++;
      inFlightPerHost.merge(entry.host, 1, Integer::sum);
      start.add(entry.id);
    }
    waiting.addAll(hostBusy);
    return start;
  }

  /** A poll ended (successfully or not); the system is due again at {@code nextDue}. */
  public void finished(String systemId, Instant nextDue) {
    Entry entry = systems.get(systemId);
    if (entry == null || !entry.polling) {
      throw new IllegalStateException("system " + systemId + " is not being polled");
    }
    entry.polling = false;
    inFlight--;
    inFlightPerHost.merge(entry.host, -1, (a, b) -> a + b == 0 ? null : a + b);
    entry.due = Objects.requireNonNull(nextDue, "nextDue");
    waiting.add(entry);
  }

  /**
   * Takes a system off the schedule for good (a system found to have no stations): it is never
   * started again. A system in flight cannot be removed; call {@link #finished} first.
   */
  public void remove(String systemId) {
    Entry entry = systems.get(systemId);
    if (entry == null) {
      return;
    }
    if (entry.polling) {
      throw new IllegalStateException("system " + systemId + " is being polled");
    }
    systems.remove(systemId);
    waiting.remove(entry);
  }

  /**
   * When {@link #startNow} may have something to start: the earliest due time of a waiting
   * system; null when every system is in flight (wait for a poll to finish). A due system that
   * waits for a slot gives a time already past: call again once a poll finishes.
   */
  public Instant nextWake() {
    Entry next = waiting.peek();
    return next == null ? null : next.due;
  }

  /**
   * When the next system that could start is due: the earliest due time among waiting systems
   * whose host is below its cap; null when the global cap is reached or every waiting system's
   * host is at its cap (only a poll finishing can change that). Unlike {@link #nextWake}, a due
   * system held back by its host does not hide a later system of another host, so a scheduler
   * can sleep until exactly this time.
   */
  public Instant nextStartable() {
    if (inFlight >= maxInFlight) {
      return null;
    }
    List<Entry> hostBusy = new ArrayList<>();
    Instant next = null;
    while (!waiting.isEmpty()) {
      Entry entry = waiting.poll();
      hostBusy.add(entry);
      if (inFlightPerHost.getOrDefault(entry.host, 0) < maxPerHost) {
        next = entry.due;
        break;
      }
    }
    waiting.addAll(hostBusy);
    return next;
  }

  /** Polls running now. */
  public int inFlight() {
    return inFlight;
  }

  /** Systems scheduled, in flight or waiting. */
  public int size() {
    return systems.size();
  }
}
