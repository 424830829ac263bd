package io.citypulse.jobs.availability;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * Between the station step and the area step: adds up, within one partition of a micro-batch, the
 * changes that go to the same area (or system), so that the shuffle to the area step carries one
 * row per area and partition instead of two per changed station. Stateless; sums commute, so the
 * area step's result is the same.
 */
final class ChangesCombiner implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Map<String, StationChangesFunction.Change> byGroup = new LinkedHashMap<>();
    while (rows.hasNext()) {
      Row row = rows.next();
      StationChangesFunction.Change change = StationChangesFunction.Change.fromRow(row);
      StationChangesFunction.Change kept =
          byGroup.putIfAbsent(row.getString(StationChangesFunction.GROUP), change);
      if (kept != null) {
        kept.delta().add(change.delta());
      }
    }
    List<Row> out = new ArrayList<>(byGroup.size());
    byGroup.forEach((group, change) -> out.add(change.toRow(group)));
    return out.iterator();
  }
}
