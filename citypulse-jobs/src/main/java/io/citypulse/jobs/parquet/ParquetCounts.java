package io.citypulse.jobs.parquet;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.util.AccumulatorV2;

/**
 * Written, repeated and unreadable records of one Parquet history job, per micro-batch: a Spark
 * accumulator updated by the write task and read on the driver by batch id (the availability
 * job's pattern, see {@code AvailabilityCounts}). The stateful step that counts
 * ({@link RepeatFilterFunction}) runs in the file sink's write task, the last stage of each batch,
 * so Spark applies each successful task's update once; a batch the sink skips on a restart
 * (already in its log) is not counted again.
 *
 * <p>Register it with the SparkContext before use ({@link #register}). The driver keeps the last
 * {@value #BATCHES_KEPT} batches and a running total.
 */
public final class ParquetCounts
    extends AccumulatorV2<ParquetBatchCounts, Map<Long, ParquetBatchCounts>> {
  private static final long serialVersionUID = 1L;

  /** Spark's local property with the micro-batch id (MicroBatchExecution.BATCH_ID_KEY). */
  static final String BATCH_ID_PROPERTY = "streaming.sql.batchId";
  /** Key of counts from a batch (non-streaming) query. */
  public static final long NO_BATCH = -1;
  static final int BATCHES_KEPT = 1000;

  private final TreeMap<Long, ParquetBatchCounts> byBatch = new TreeMap<>();
  private ParquetBatchCounts forgotten = ParquetBatchCounts.NONE;

  /** Creates one and registers it with the session's SparkContext under {@code name}. */
  public static ParquetCounts register(org.apache.spark.SparkContext spark, String name) {
    ParquetCounts counts = new ParquetCounts();
    spark.register(counts, name);
    return counts;
  }

  /** The counts of one micro-batch, {@link ParquetBatchCounts#NONE} if unknown. */
  public synchronized ParquetBatchCounts ofBatch(long batchId) {
    return byBatch.getOrDefault(batchId, ParquetBatchCounts.NONE);
  }

  /** Everything counted since this accumulator was created. */
  public synchronized ParquetBatchCounts total() {
    ParquetBatchCounts sum = forgotten;
    for (ParquetBatchCounts counts : byBatch.values()) {
      sum = sum.plus(counts);
    }
    return sum;
  }

  @Override
  public synchronized boolean isZero() {
    return byBatch.isEmpty() && forgotten.equals(ParquetBatchCounts.NONE);
  }

  @Override
  public synchronized AccumulatorV2<ParquetBatchCounts, Map<Long, ParquetBatchCounts>> copy() {
    ParquetCounts copy = new ParquetCounts();
    copy.byBatch.putAll(byBatch);
    copy.forgotten = forgotten;
    return copy;
  }

  @Override
  public synchronized void reset() {
    byBatch.clear();
    forgotten = ParquetBatchCounts.NONE;
  }

  /** Task side: adds to the counts of the micro-batch the task belongs to. */
  @Override
  public void add(ParquetBatchCounts counts) {
    addTo(currentBatchId(), counts);
  }

  @Override
  public void merge(AccumulatorV2<ParquetBatchCounts, Map<Long, ParquetBatchCounts>> other) {
    Map<Long, ParquetBatchCounts> theirs = other.value();
    ParquetBatchCounts theirForgotten = ((ParquetCounts) other).forgotten;
    synchronized (this) {
      forgotten = forgotten.plus(theirForgotten);
    }
    theirs.forEach(this::addTo);
  }

  @Override
  public synchronized Map<Long, ParquetBatchCounts> value() {
    return new TreeMap<>(byBatch);
  }

  synchronized void addTo(long batchId, ParquetBatchCounts counts) {
    byBatch.merge(batchId, counts, ParquetBatchCounts::plus);
    while (byBatch.size() > BATCHES_KEPT) {
      forgotten = forgotten.plus(byBatch.pollFirstEntry().getValue());
    }
  }

  private static long currentBatchId() {
    TaskContext task = TaskContext.get();
    String id = task == null ? null : task.getLocalProperty(BATCH_ID_PROPERTY);
    return id == null ? NO_BATCH : Long.parseLong(id);
  }
}
