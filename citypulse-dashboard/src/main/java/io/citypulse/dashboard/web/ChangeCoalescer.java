package io.citypulse.dashboard.web;

import io.citypulse.dashboard.state.Change;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects changed keys between two sends: a station updated ten times in one tick is sent once,
 * with its latest state, so a replay of a compacted topic (thousands of records a second) does
 * not flood the browsers. Keys keep the order of their first change in the tick.
 */
final class ChangeCoalescer {
  private final Set<Change> pending = new LinkedHashSet<>();

  synchronized void offer(Change change) {
    pending.add(change);
  }

  /** The keys changed since the last drain, each once. */
  synchronized List<Change> drain() {
    List<Change> changes = List.copyOf(pending);
    pending.clear();
    return changes;
  }
}
