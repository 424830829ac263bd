package io.citypulse.jobs.weather;

import io.citypulse.model.Json;
import io.citypulse.model.WeatherFeatures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupState;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful step of the weather job, per {@code source:location}: {@link WeatherWindow} applied to the
 * location's state, one output row per emitted record plus, when the batch had duplicates or
 * late observations of this location, one bookkeeping row (null value) carrying their counts.
 *
 * <p>Input rows: {@link WeatherFeaturesTransforms#OBSERVATION_COLUMNS}. State expires through an
 * event-time timeout at {@code newest kept observation + window}: once the watermark passes it,
 * every observation still to come is later than the watermark, so none of the kept ones can be
 * in its window. In event time that is a silence of window + allowed lateness.
 */
final class WeatherTrendFunction
    implements FlatMapGroupsWithStateFunction<String, Row, WeatherState, Row> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(WeatherTrendFunction.class);

  /** Output: {@code value} = WeatherFeatures JSON, or null on a bookkeeping row. */
  static final StructType OUTPUT_SCHEMA = new StructType()
      .add("weather_key", DataTypes.StringType)
      .add("value", DataTypes.StringType)
      .add("duplicates", DataTypes.LongType, false)
      .add("late", DataTypes.LongType, false);

  /** Column positions in {@link WeatherFeaturesTransforms#OBSERVATION_COLUMNS}. */
  private static final int VALUE = 2;

  private static final int PARTITION = 3;
  private static final int OFFSET = 4;

  private final Duration window;

  WeatherTrendFunction(Duration window) {
    this.window = window;
  }

  @Override
  public Iterator<Row> call(String weatherKey, Iterator<Row> rows, GroupState<WeatherState> state) {
    if (state.hasTimedOut()) {
      LOG.debug("weather state of {} expired", weatherKey);
      state.remove();
      return Collections.emptyIterator();
    }
    List<WeatherWindow.Incoming> incoming = new ArrayList<>();
    while (rows.hasNext()) {
      Row row = rows.next();
      WeatherObservationParser.Parsed parsed =
          WeatherObservationParser.parse((byte[]) row.get(VALUE));
      // The rows were parsed and filtered upstream; parsing again is cheaper than carrying twenty
      // typed columns through the shuffle at a few observations per location and minute.
      if (parsed.isValid()) {
        incoming.add(new WeatherWindow.Incoming(
            parsed.observation(),
            row.isNullAt(PARTITION) ? Long.MAX_VALUE : ((Number) row.get(PARTITION)).longValue(),
            row.isNullAt(OFFSET) ? Long.MAX_VALUE : ((Number) row.get(OFFSET)).longValue()));
      }
    }
    long watermarkMs = watermarkMs(state);
    WeatherWindow.Outcome outcome = new WeatherWindow(window)
        .apply(state.exists() ? state.get().getPoints() : List.of(), incoming, watermarkMs);

    List<ObservationPoint> retained = outcome.retained();
    if (retained.isEmpty()) {
      state.remove();
    } else {
      state.update(new WeatherState(retained));
      long newestMs =
          Math.floorDiv(retained.get(retained.size() - 1).getObservedAtMicros(), 1_000L);
      // Never before the watermark (Spark rejects that); the kept points guarantee it anyway.
      state.setTimeoutTimestamp(Math.max(newestMs + window.toMillis(), watermarkMs));
    }

    List<Row> out = new ArrayList<>(outcome.emitted().size() + 1);
    for (WeatherFeatures features : outcome.emitted()) {
      out.add(RowFactory.create(weatherKey, Json.writeString(features), 0L, 0L));
    }
    if (outcome.duplicates() > 0 || outcome.late() > 0) {
      out.add(RowFactory.create(weatherKey, null, outcome.duplicates(), outcome.late()));
    }
    return out.iterator();
  }

  /**
   * The batch's watermark. A static (batch) Dataset has none: Spark drops {@code withWatermark}
   * from batch plans and the getter throws; every observation is then on time.
   */
  private static long watermarkMs(GroupState<WeatherState> state) {
    try {
      return state.getCurrentWatermarkMs();
    } catch (UnsupportedOperationException e) {
      return 0L;
    }
  }
}
