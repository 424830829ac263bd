package io.citypulse.jobs.alerts;

import static io.citypulse.jobs.spark.ProgressMetrics.longOf;

import io.citypulse.jobs.spark.ProgressMetrics;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The counts of one micro-batch of the alerts query, read from its progress.
 *
 * @param raised raised records published
 * @param cleared cleared records published
 * @param outOfOrder records older than their subject's newest, ignored
 * @param late records behind the watermark, dropped by Spark before the rules
 * @param rejected unreadable input values routed to the dead-letter topic
 * @param rejectionExample one rejection ("reason at topic/partition@offset"), null if none
 * @param subjectsInState subjects whose state is kept after the batch
 */
public record AlertBatchCounts(
    long raised,
    long cleared,
    long outOfOrder,
    long late,
    long rejected,
    String rejectionExample,
    long subjectsInState) {

  /** The counts of a progress event; zeros when the query did not report them. */
  public static AlertBatchCounts of(StreamingQueryProgress progress) {
    Row alerts = progress.observedMetrics().get(AlertTransforms.ALERT_METRICS);
    return new AlertBatchCounts(
        longOf(alerts, AlertTransforms.RAISED),
        longOf(alerts, AlertTransforms.CLEARED),
        longOf(alerts, AlertTransforms.OUT_OF_ORDER),
        ProgressMetrics.droppedByWatermark(progress),
        ProgressMetrics.rejected(progress, AlertTransforms.REJECTION_METRICS),
        ProgressMetrics.rejectionExample(progress, AlertTransforms.REJECTION_METRICS),
        ProgressMetrics.stateRows(progress));
  }
}
