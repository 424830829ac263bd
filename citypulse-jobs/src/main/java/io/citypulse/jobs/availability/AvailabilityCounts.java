package io.citypulse.jobs.availability;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.util.AccumulatorV2;

/**
 * The availability job's per-batch counts, gathered from the stateful task by a Spark accumulator
 * and read on the driver by micro-batch id.
 *
 * <p>Why not {@code Dataset.observe}: observed metrics made Spark generate aggregation code in
 * every task and collect it after each batch, ~80 ms per micro-batch on 2 cores, a third of the
 * job's latency (measured with the latency benchmark). An accumulator update rides on the task
 * result the scheduler sends anyway. The stateful step is the last stage of the Kafka write, so
 * Spark applies each task's update exactly once.
 *
 * <p>Register it with the SparkContext before use ({@link #register}). The driver keeps the
 * counts of the last {@value #BATCHES_KEPT} batches and a running total.
 */
public final class AvailabilityCounts
    extends AccumulatorV2<AvailabilityBatchCounts, Map<Long, AvailabilityBatchCounts>> {
  private static final long serialVersionUID = 1L;

  /** Spark's local property with the micro-batch id (MicroBatchExecution.BATCH_ID_KEY). */
  static final String BATCH_ID_PROPERTY = "streaming.sql.batchId";
  /** Key of counts from a batch (non-streaming) query. */
  public static final long NO_BATCH = -1;
  static final int BATCHES_KEPT = 1000;

  private final TreeMap<Long, AvailabilityBatchCounts> byBatch = new TreeMap<>();
  private AvailabilityBatchCounts forgotten = AvailabilityBatchCounts.NONE;

  /** Creates one and registers it with the session's SparkContext under {@code name}. */
  public static AvailabilityCounts register(org.apache.spark.SparkContext spark, String name) {
    AvailabilityCounts counts = new AvailabilityCounts();
    spark.register(counts, name);
    return counts;
  }

  /** The counts of one micro-batch, {@link AvailabilityBatchCounts#NONE} if unknown. */
  public synchronized AvailabilityBatchCounts ofBatch(long batchId) {
    return byBatch.getOrDefault(batchId, AvailabilityBatchCounts.NONE);
  }

  /** Everything counted since this accumulator was created. */
  public synchronized AvailabilityBatchCounts total() {
    AvailabilityBatchCounts sum = forgotten;
    for (AvailabilityBatchCounts counts : byBatch.values()) {
      sum = sum.plus(counts);
    }
    return sum;
  }

  @Override
  public synchronized boolean isZero() {
    return byBatch.isEmpty() && forgotten.equals(AvailabilityBatchCounts.NONE);
  }

  @Override
  public synchronized AccumulatorV2<AvailabilityBatchCounts, Map<Long, AvailabilityBatchCounts>> copy() {
    AvailabilityCounts copy = new AvailabilityCounts();
    copy.byBatch.putAll(byBatch);
    copy.forgotten = forgotten;
    return copy;
  }

  @Override
  public synchronized void reset() {
    byBatch.clear();
    forgotten = AvailabilityBatchCounts.NONE;
  }

  /** Task side: adds to the counts of the micro-batch the task belongs to. */
  @Override
  public void add(AvailabilityBatchCounts counts) {
    addTo(currentBatchId(), counts);
  }

  @Override
  public void merge(AccumulatorV2<AvailabilityBatchCounts, Map<Long, AvailabilityBatchCounts>> other) {
    Map<Long, AvailabilityBatchCounts> theirs = other.value();
    AvailabilityBatchCounts theirForgotten = ((AvailabilityCounts) other).forgotten;
    synchronized (this) {
      forgotten = forgotten.plus(theirForgotten);
    }
    theirs.forEach(this::addTo);
  }

  @Override
  public synchronized Map<Long, AvailabilityBatchCounts> value() {
    return new TreeMap<>(byBatch);
  }

  synchronized void addTo(long batchId, AvailabilityBatchCounts counts) {
    byBatch.merge(batchId, counts, AvailabilityBatchCounts::plus);
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
