package io.citypulse.jobs.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Figures read from a micro-batch's progress the same way by every stateful Kafka job: observed
 * metrics (zero when the batch had no data and Spark reported none), the state operators' rows
 * and watermark drops, and the dead-letter metrics of {@link KafkaDeadLetters}.
 */
public final class ProgressMetrics {
  private ProgressMetrics() {}

  /** A long observed metric of {@code row}, 0 when the row or the field is absent. */
  public static long longOf(Row row, String field) {
    if (row == null) {
      return 0;
    }
    Object value = row.getAs(field);
    return value == null ? 0 : ((Number) value).longValue();
  }

  /** Rows the state operators dropped as behind the watermark in this batch. */
  public static long droppedByWatermark(StreamingQueryProgress progress) {
    long dropped = 0;
    for (StateOperatorProgress operator : progress.stateOperators()) {
      dropped += operator.numRowsDroppedByWatermark();
    }
    return dropped;
  }

  /** Keys held in the state operators after this batch. */
  public static long stateRows(StreamingQueryProgress progress) {
    long rows = 0;
    for (StateOperatorProgress operator : progress.stateOperators()) {
      rows += operator.numRowsTotal();
    }
    return rows;
  }

  /** The rejected count of {@link KafkaDeadLetters#records}' metrics named {@code name}. */
  public static long rejected(StreamingQueryProgress progress, String name) {
    return longOf(progress.observedMetrics().get(name), KafkaDeadLetters.REJECTED);
  }

  /** One rejection ("reason at topic/partition@offset") of those metrics, or null. */
  public static String rejectionExample(StreamingQueryProgress progress, String name) {
    Row rejections = progress.observedMetrics().get(name);
    return rejections == null ? null : rejections.getAs(KafkaDeadLetters.REJECTION_EXAMPLE);
  }
}
