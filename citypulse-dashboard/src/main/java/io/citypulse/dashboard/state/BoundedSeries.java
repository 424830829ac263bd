package io.citypulse.dashboard.state;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Function;

/** The last N points of one key, oldest first; thread-safe. */
final class BoundedSeries<P> {
  private final int capacity;
  private final Function<P, Instant> timeOf;
  private final ArrayDeque<P> points;

  BoundedSeries(int capacity, Function<P, Instant> timeOf) {
    this.capacity = capacity;
    this.timeOf = timeOf;
    this.points = new ArrayDeque<>(capacity);
  }

  /**
   * Appends a point; a point at the same instant as the newest replaces it, because a compacted
   * topic re-read at start (or a re-published state) repeats the last state at the same time.
   */
  synchronized void add(P point) {
    P last = points.peekLast();
    if (last != null && timeOf.apply(last).equals(timeOf.apply(point))) {
      points.pollLast();
    } else if (points.size() == capacity) {
      points.pollFirst();
    }
    points.addLast(point);
  }

  synchronized List<P> toList() {
    return List.copyOf(points);
  }
}
