package io.citypulse.jobs.availability;

import io.citypulse.jobs.spark.PerBatchCounts;

/**
 * The availability job's per-batch counts ({@link PerBatchCounts}), added by the stateful task,
 * which is the last stage of the Kafka write.
 */
public final class AvailabilityCounts extends PerBatchCounts<AvailabilityBatchCounts> {
  private static final long serialVersionUID = 1L;

  public AvailabilityCounts() {
    super(AvailabilityBatchCounts.NONE);
  }

  /** Creates one and registers it with the session's SparkContext under {@code name}. */
  public static AvailabilityCounts register(org.apache.spark.SparkContext spark, String name) {
    AvailabilityCounts counts = new AvailabilityCounts();
    spark.register(counts, name);
    return counts;
  }

  @Override
  protected AvailabilityCounts empty() {
    return new AvailabilityCounts();
  }
}
