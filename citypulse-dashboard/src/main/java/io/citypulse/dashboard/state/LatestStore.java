package io.citypulse.dashboard.state;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/** Latest record per key of one stream, with optional bounded series per key; thread-safe. */
final class LatestStore<R, P> {
  private final Function<R, Instant> timeOf;
  private final Function<R, P> pointOf; // null: this stream keeps no series
  private final int seriesCapacity;
  private final Map<String, R> latest = new ConcurrentHashMap<>();
  private final Map<String, BoundedSeries<P>> series = new ConcurrentHashMap<>();
  private final Function<P, Instant> pointTime;
  private final LongAdder applied = new LongAdder();
  private final LongAdder stale = new LongAdder();
  private final LongAdder unreadable = new LongAdder();
  private final AtomicReference<Instant> newest = new AtomicReference<>();

  LatestStore(
      Function<R, Instant> timeOf,
      Function<R, P> pointOf,
      Function<P, Instant> pointTime,
      int seriesCapacity) {
    this.timeOf = timeOf;
    this.pointOf = pointOf;
    this.pointTime = pointTime;
    this.seriesCapacity = seriesCapacity;
  }

  /**
   * Keeps {@code record} unless the held one is strictly newer. An equal time is accepted: a
   * compacted topic re-read from the beginning, or a re-publication, repeats the held state. A
   * missing time on either side cannot be ordered, so the record read last wins.
   *
   * @return whether the record was kept
   */
  boolean apply(String key, R record) {
    boolean[] kept = {false};
    latest.compute(key, (k, held) -> {
      if (held != null && isBefore(timeOf.apply(record), timeOf.apply(held))) {
        return held;
      }
      kept[0] = true;
      // Inside compute: two threads applying the same key append their points in the same order
      // as they replaced the state.
      appendPoint(key, record);
      return record;
    });
    if (kept[0]) {
      applied.increment();
      Instant time = timeOf.apply(record);
      if (time != null) {
        newest.accumulateAndGet(time, (a, b) -> a == null || b.isAfter(a) ? b : a);
      }
    } else {
      stale.increment();
    }
    return kept[0];
  }

  /**
   * Merges stored points into {@code key}'s series without touching its latest record: the latest
   * state shows only what the topics say.
   *
   * @return how many of {@code points} are in the series afterwards
   */
  int seed(String key, Collection<P> points) {
    if (pointOf == null) {
      throw new IllegalStateException("this stream keeps no series");
    }
    return seriesOf(key).merge(points);
  }

  void countUnreadable() {
    unreadable.increment();
  }

  Optional<R> get(String key) {
    return Optional.ofNullable(latest.get(key));
  }

  /** Current records sorted by key. */
  List<Map.Entry<String, R>> sorted() {
    return latest.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
        .map(e -> Map.entry(e.getKey(), e.getValue()))
        .toList();
  }

  List<P> series(String key) {
    BoundedSeries<P> points = series.get(key);
    return points == null ? List.of() : points.toList();
  }

  /** Every key's series, sorted by key. */
  Map<String, List<P>> allSeries() {
    Map<String, List<P>> copy = new TreeMap<>();
    series.forEach((key, points) -> copy.put(key, points.toList()));
    return copy;
  }

  KindStats stats() {
    return new KindStats(latest.size(), applied.sum(), stale.sum(), unreadable.sum(), newest.get());
  }

  private void appendPoint(String key, R record) {
    if (pointOf == null) {
      return;
    }
    P point = pointOf.apply(record);
    if (point == null) {
      return; // a record this stream keeps no series of
    }
    if (pointTime.apply(point) == null) {
      return; // a point without a time cannot be placed on a time axis
    }
    seriesOf(key).add(point);
  }

  private BoundedSeries<P> seriesOf(String key) {
    return series.computeIfAbsent(key, k -> new BoundedSeries<>(seriesCapacity, pointTime));
  }

  private static boolean isBefore(Instant candidate, Instant held) {
    return candidate != null && held != null && candidate.isBefore(held);
  }
}
