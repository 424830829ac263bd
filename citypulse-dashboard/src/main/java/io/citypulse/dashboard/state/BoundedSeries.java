package io.citypulse.dashboard.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The newest N points of one key, oldest first, at most one per instant; thread-safe. Points are
 * kept by time, not by arrival: stored history merged in after the feed started lands before the
 * live points, and the result is the same whichever of the two came first.
 */
final class BoundedSeries<P> {
  private final int capacity;
  private final Function<P, Instant> timeOf;
  private final NavigableMap<Instant, P> points = new TreeMap<>();

  BoundedSeries(int capacity, Function<P, Instant> timeOf) {
    this.capacity = capacity;
    this.timeOf = timeOf;
  }

  /**
   * Adds a live point; a point at the same instant as a held one replaces it, because a compacted
   * topic re-read at start (or a re-published state) repeats the last state at the same time.
   */
  synchronized void add(P point) {
    points.put(timeOf.apply(point), point);
    trim();
  }

  /**
   * Merges stored points (any order; points without a time are skipped). At an instant already
   * held, the held point stays: a topic point and a stored point at the same instant are the same
   * state, and the held one is what the latest view was built from.
   *
   * @return how many of {@code stored} are in the series afterwards (new instants that survived the bound)
   */
  synchronized int merge(Collection<P> stored) {
    List<P> added = new ArrayList<>();
    for (P point : stored) {
      Instant time = timeOf.apply(point);
      if (time != null && points.putIfAbsent(time, point) == null) {
        added.add(point);
      }
    }
    trim();
    int kept = 0;
    for (P point : added) {
      if (points.get(timeOf.apply(point)) == point) {
        kept++;
      }
    }
    return kept;
  }

  synchronized List<P> toList() {
    return List.copyOf(points.values());
  }

  private void trim() {
    while (points.size() > capacity) {
      points.pollFirstEntry();
    }
  }
}
