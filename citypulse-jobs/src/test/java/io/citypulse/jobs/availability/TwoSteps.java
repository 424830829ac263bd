package io.citypulse.jobs.availability;

import io.citypulse.model.PostcodeAvailability;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * The availability job's two keyed steps without Spark, for tests: the station step's newness rule
 * and change rows ({@link StationChangesFunction#changeRows}), the area step's running totals
 * ({@link AreaTotalsFunction#apply}, {@link AreaTotals}), one micro-batch at a time.
 */
final class TwoSteps {
  final Map<String, StationState> stations = new HashMap<>();
  /** The last totals of each system, by system, when the grouping is per system. */
  final Map<String, PostcodeAvailability> systemTotals = new TreeMap<>();

  private final AreaGrouping grouping;
  private final Map<String, AreaTotals> areas = new HashMap<>();
  private final Map<String, List<Row>> pending = new TreeMap<>();

  TwoSteps() {
    this(AreaGrouping.POSTCODES);
  }

  TwoSteps(AreaGrouping grouping) {
    this.grouping = grouping;
  }

  /** The station step: true if {@code candidate} replaced its station's state. */
  boolean offer(StationState candidate) {
    StationState before = stations.get(candidate.getStationKey());
    if (before != null && !candidate.isNewerThan(before)) {
      return false;
    }
    stations.put(candidate.getStationKey(), candidate);
    for (Row change : StationChangesFunction.changeRows(before, candidate, grouping)) {
      pending.computeIfAbsent(change.getString(0), k -> new ArrayList<>()).add(change);
    }
    return true;
  }

  /**
   * The area step at the end of a batch: the totals of every area a change reached, in key order
   * (their {@code postcode} is the area; the key, which names the system too when totals are per
   * system, is not shown); the systems' totals go to {@link #systemTotals}.
   */
  List<PostcodeAvailability> endBatch() {
    List<PostcodeAvailability> emitted = new ArrayList<>();
    pending.forEach((areaKey, changes) -> {
      AreaTotals totals = areas.containsKey(areaKey)
          ? AreaTotals.decode(areas.get(areaKey).encode())
          : new AreaTotals();
      changes.forEach(
          change -> totals.add(StationChangesFunction.Change.fromRow(change).delta()));
      totals.checkConsistent(areaKey);
      if (totals.isEmpty()) {
        areas.remove(areaKey);
      } else {
        areas.put(areaKey, totals);
      }
      StationChangesFunction.Change first = StationChangesFunction.Change.fromRow(changes.get(0));
      if (first.systemTotal()) {
        systemTotals.put(first.key(), totals.toAvailability(first.key(), null));
      } else {
        emitted.add(totals.toAvailability(first.area(), null));
      }
    });
    pending.clear();
    return emitted;
  }
}
