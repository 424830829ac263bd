package io.citypulse.sources.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Named monotonic counters shared by the sources (polls, errors, records, dead letters...).
 * Thread-safe; the CLI prints them and the dashboard will export them.
 */
public final class Counters {
  private final ConcurrentMap<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Counters parent;

  public Counters() {
    this(null);
  }

  private Counters(Counters parent) {
    this.parent = parent;
  }

  /**
   * Counters of one part (one weather source of several) that also count in these: the part's
   * health reads its own, the metrics and the status line the totals.
   */
  public Counters child() {
    return new Counters(this);
  }

  public void increment(String name) {
    add(name, 1);
  }

  public void add(String name, long amount) {
    counters.computeIfAbsent(name, k -> new LongAdder()).add(amount);
    if (parent != null) {
      parent.add(name, amount);
    }
  }

  public long get(String name) {
    LongAdder adder = counters.get(name);
    return adder == null ? 0 : adder.sum();
  }

  /** A sorted copy of every counter's current value. */
  public Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counters.forEach((name, adder) -> copy.put(name, adder.sum()));
    return copy;
  }
}
