package io.citypulse.jobs.availability;

import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.SystemTotals;
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

  /**
   * Output: {@code key} = the area's (or system's) key, {@code value} = the {@link
   * PostcodeAvailability} (or {@link SystemTotals}) JSON written by the project's one mapper,
   * {@code topic} = where it goes. Writing the JSON here rather than in a later map keeps one fewer
   * operator (and its per-task generated code) in the streaming plan.
   */
  static final StructType OUTPUT_SCHEMA = new StructType()
      .add("key", DataTypes.StringType)
      .add("value", DataTypes.StringType)
      .add("topic", DataTypes.StringType);

  private final AvailabilityCounts counts;
  private final String areaTopic;
  private final String systemTopic;

  /**
   * @param counts where the number of emitted totals goes (a registered accumulator)
   * @param areaTopic the topic of the per-area totals
   * @param systemTopic the topic of the per-system totals (null when there are none)
   */
  AreaTotalsFunction(AvailabilityCounts counts, String areaTopic, String systemTopic) {
    this.counts = counts;
    this.areaTopic = areaTopic;
    this.systemTopic = systemTopic;
  }

  @Override
  public Iterator<Row> call(String group, Iterator<Row> changes, GroupState<byte[]> state) {
    AreaTotals totals = state.exists() ? AreaTotals.decode(state.get()) : new AreaTotals();
    StationChangesFunction.Change last = null;
    while (changes.hasNext()) {
      last = StationChangesFunction.Change.fromRow(changes.next());
      totals.add(last.delta());
    }
    String key = last.key();
    totals.checkConsistent(key);
    if (totals.isEmpty()) {
      state.remove();
    } else {
      state.update(totals.encode());
    }
    counts.add(new AvailabilityBatchCounts(0, 0, 0, 1, null));
    return List.of(
            last.systemTotal()
                ? RowFactory.create(key, Json.writeString(totals.toSystemTotals(key)), systemTopic)
                : RowFactory.create(key, areaValue(totals, last), areaTopic))
        .iterator();
  }

  /** The area's JSON; with several systems it names its system too (the key has it as well). */
  private String areaValue(AreaTotals totals, StationChangesFunction.Change change) {
    String system = systemTopic == null ? null : change.system() == null ? "" : change.system();
    return Json.writeString(totals.toAvailability(change.area(), system));
  }
}
