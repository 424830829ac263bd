package io.citypulse.jobs.availability;

import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupState;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The area step of the availability job, keyed by area: applies the batch's station changes
 * ({@link StationChangesFunction#SCHEMA}) to the area's running totals ({@link AreaTotals}) and
 * emits the new totals once, as a Kafka-ready row. Spark calls it only for the areas that received
 * a change, so each batch touches only those. An area left without stations is emitted with zero
 * totals, then its state is removed.
 */
final class AreaTotalsFunction implements FlatMapGroupsWithStateFunction<String, Row, byte[], Row> {
  private static final long serialVersionUID = 1L;

  /** Column positions in {@link StationChangesFunction#SCHEMA}. */
  private static final int AREA = 1;

  private static final int SIGN = 2;
  private static final int BIKES = 3;
  private static final int MECHANICAL = 4;
  private static final int EBIKE = 5;
  private static final int DOCKS = 6;
  private static final int CAPACITY = 7;
  private static final int COMMUNE = 8;
  private static final int CHANGE = 9;

  /**
   * Output: {@code key} = the area key, {@code value} = the {@link PostcodeAvailability} JSON
   * written by the project's one mapper. Writing the JSON here rather than in a later map keeps one
   * fewer operator (and its per-task generated code) in the streaming plan.
   */
  static final StructType OUTPUT_SCHEMA =
      new StructType().add("key", DataTypes.StringType).add("value", DataTypes.StringType);

  private final AvailabilityCounts counts;

  /** @param counts where the number of emitted totals goes (a registered accumulator) */
  AreaTotalsFunction(AvailabilityCounts counts) {
    this.counts = counts;
  }

  @Override
  public Iterator<Row> call(String areaKey, Iterator<Row> changes, GroupState<byte[]> state) {
    AreaTotals totals = state.exists() ? AreaTotals.decode(state.get()) : new AreaTotals();
    String area = null;
    while (changes.hasNext()) {
      Row change = changes.next();
      area = change.getString(AREA);
      apply(totals, change);
    }
    totals.checkConsistent(areaKey);
    if (totals.isEmpty()) {
      state.remove();
    } else {
      state.update(totals.encode());
    }
    counts.add(new AvailabilityBatchCounts(0, 0, 0, 1, null));
    return List.of(RowFactory.create(areaKey, Json.writeString(totals.toAvailability(area))))
        .iterator();
  }

  /** Applies one row of {@link StationChangesFunction#SCHEMA} to an area's totals. */
  static void apply(AreaTotals totals, Row change) {
    totals.apply(
        change.getInt(SIGN),
        new StationShare(
            change.getInt(BIKES),
            change.isNullAt(MECHANICAL) ? null : change.getInt(MECHANICAL),
            change.isNullAt(EBIKE) ? null : change.getInt(EBIKE),
            change.getInt(DOCKS),
            change.getInt(CAPACITY),
            change.isNullAt(COMMUNE) ? null : change.getString(COMMUNE)),
        change.isNullAt(CHANGE) ? null : change.getLong(CHANGE));
  }
}
