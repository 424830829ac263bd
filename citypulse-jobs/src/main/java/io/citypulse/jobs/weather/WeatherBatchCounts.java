package io.citypulse.jobs.weather;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The counts of one micro-batch of the weather query, read from its progress.
 *
 * @param emitted records written to the output topic
 * @param duplicates observations already seen (same location and observed_at), not emitted
 * @param late observations at or behind the watermark, not emitted: Spark's
 *     {@code numRowsDroppedByWatermark} of the state operator plus any the state function saw
 * @param rejected unreadable values routed to the dead-letter topic
 * @param rejectionExample one rejection ("reason at topic/partition@offset"), null if none
 * @param locationsInState locations whose state is kept after the batch
 */
public record WeatherBatchCounts(
    long emitted,
    long duplicates,
    long late,
    long rejected,
    String rejectionExample,
    long locationsInState) {

  /** The counts of a progress event; zeros when the query did not report them (no data). */
  public static WeatherBatchCounts of(StreamingQueryProgress progress) {
    Row features = progress.observedMetrics().get(WeatherFeaturesTransforms.FEATURE_METRICS);
    Row rejections = progress.observedMetrics().get(WeatherFeaturesTransforms.REJECTION_METRICS);
    long droppedByWatermark = 0;
    long stateRows = 0;
    for (StateOperatorProgress operator : progress.stateOperators()) {
      droppedByWatermark += operator.numRowsDroppedByWatermark();
      stateRows += operator.numRowsTotal();
    }
    return new WeatherBatchCounts(
        longOf(features, WeatherFeaturesTransforms.EMITTED),
        longOf(features, WeatherFeaturesTransforms.DUPLICATES),
        droppedByWatermark + longOf(features, WeatherFeaturesTransforms.LATE_IN_STATE),
        longOf(rejections, WeatherFeaturesTransforms.REJECTED),
        rejections == null
            ? null
            : rejections.<String>getAs(WeatherFeaturesTransforms.REJECTION_EXAMPLE),
        stateRows);
  }

  private static long longOf(Row row, String field) {
    if (row == null) {
      return 0;
    }
    Object value = row.getAs(field);
    return value == null ? 0 : ((Number) value).longValue();
  }
}
