package io.citypulse.jobs.weather;

import static io.citypulse.jobs.spark.ProgressMetrics.longOf;

import io.citypulse.jobs.spark.ProgressMetrics;
import org.apache.spark.sql.Row;
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
    return new WeatherBatchCounts(
        longOf(features, WeatherFeaturesTransforms.EMITTED),
        longOf(features, WeatherFeaturesTransforms.DUPLICATES),
        ProgressMetrics.droppedByWatermark(progress)
            + longOf(features, WeatherFeaturesTransforms.LATE_IN_STATE),
        ProgressMetrics.rejected(progress, WeatherFeaturesTransforms.REJECTION_METRICS),
        ProgressMetrics.rejectionExample(progress, WeatherFeaturesTransforms.REJECTION_METRICS),
        ProgressMetrics.stateRows(progress));
  }
}
