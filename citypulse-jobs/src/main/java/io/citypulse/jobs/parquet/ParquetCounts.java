package io.citypulse.jobs.parquet;

import io.citypulse.jobs.spark.PerBatchCounts;

/**
 * Written, repeated and unreadable records of one Parquet history job per micro-batch
 * ({@link PerBatchCounts}). The stateful step that counts ({@link RepeatFilterFunction}) runs in the
 * file sink's write task, the last stage of each batch; a batch the sink skips on a restart
 * (already in its log) is not counted again.
 */
public final class ParquetCounts extends PerBatchCounts<ParquetBatchCounts> {
  private static final long serialVersionUID = 1L;

  public ParquetCounts() {
    super(ParquetBatchCounts.NONE);
  }

  /** Creates one and registers it with the session's SparkContext under {@code name}. */
  public static ParquetCounts register(org.apache.spark.SparkContext spark, String name) {
    ParquetCounts counts = new ParquetCounts();
    spark.register(counts, name);
    return counts;
  }

  @Override
  protected ParquetCounts empty() {
    return new ParquetCounts();
  }
}
