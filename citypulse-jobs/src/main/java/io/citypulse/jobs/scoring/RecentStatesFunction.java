package io.citypulse.jobs.scoring;

import io.citypulse.forecast.StationState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupState;

/**
 * Per station: adds the batch's states to its {@link RecentStates} (the state store's value) and
 * emits the station's recent states when a forecast is due. Rows are in {@link
 * ForecastScoringJob#INPUT} order; the output in {@link ForecastScoringJob#DUE} order.
 */
final class RecentStatesFunction
    implements FlatMapGroupsWithStateFunction<String, Row, byte[], Row> {
  private static final long serialVersionUID = 1L;

  private final Duration lookback;
  private final Duration refresh;

  RecentStatesFunction(Duration lookback, Duration refresh) {
    this.lookback = lookback;
    this.refresh = refresh;
  }

  @Override
  public Iterator<Row> call(String key, Iterator<Row> rows, GroupState<byte[]> state) {
    RecentStates recent = state.exists() ? RecentStates.decode(state.get()) : RecentStates.empty();
    List<Row> batch = new ArrayList<>();
    rows.forEachRemaining(batch::add);
    // in time order, so that a batch holding several polls of a station keeps each change
    batch.sort(
        Comparator.comparingLong((Row r) -> r.getLong(3)).thenComparingLong(r -> r.getLong(4)));
    long now = Long.MIN_VALUE;
    String system = null;
    String code = null;
    for (Row row : batch) {
      system = row.getString(1);
      code = row.getString(2);
      recent.add(new StationState(
          row.getLong(3),
          row.getInt(5),
          row.getInt(6),
          row.getInt(7),
          row.getInt(8),
          row.getInt(9)));
      now = Math.max(now, row.getLong(4));
    }
    List<Row> out = new ArrayList<>(1);
    if (now != Long.MIN_VALUE) {
      recent.trim(now, lookback);
      if (recent.forecastDue(now, refresh)) {
        recent.forecastMade(now);
        out.add(RowFactory.create(key, system, code, now, recent.encode()));
      }
      state.update(recent.encode());
    }
    return out.iterator();
  }
}
