package io.citypulse.bench.worker;

import io.citypulse.bench.stats.Stats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The micro-batches of one streaming query as its progress reports them, summarised the way the
 * sinks benchmark reports them. Thread-safe (Spark's listener bus adds, the worker reads); no
 * Spark types, so it is unit-tested without a session.
 */
final class BatchTimes {

  /**
   * One micro-batch.
   *
   * @param triggerMs Spark's {@code durationMs.triggerExecution}: the whole batch
   * @param addBatchMs {@code durationMs.addBatch}: the sink's part (foreachBatch, or the file
   *     sink's write and log commit)
   * @param end when the batch ended: its start ({@code progress.timestamp}) plus triggerMs
   */
  record Batch(long batchId, long inputRows, long triggerMs, long addBatchMs, Instant end) {}

  private final List<Batch> batches = new ArrayList<>();

  synchronized void add(Batch batch) {
    batches.add(batch);
  }

  /** Input rows of every batch so far. */
  synchronized long inputRows() {
    return batches.stream().mapToLong(Batch::inputRows).sum();
  }

  /** The end of the batch that brought the input rows read to {@code rows}, if any did yet. */
  synchronized Optional<Instant> endWhenRowsReached(long rows) {
    long sum = 0;
    for (Batch b : batches) {
      sum += b.inputRows();
      if (sum >= rows) {
        return Optional.of(b.end());
      }
    }
    return Optional.empty();
  }

  /**
   * Batches with input rows (a trigger that found nothing new is no work of the sink): their
   * count, mean and p95 (nearest rank) of triggerExecution, the first one alone (it also plans
   * the query and warms up the JIT) and the mean of the others, the mean addBatch, rows per batch.
   */
  synchronized Map<String, Object> summary() {
    List<Batch> work = batches.stream().filter(b -> b.inputRows() > 0).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("batches", batches.size());
    out.put("data_batches", work.size());
    if (work.isEmpty()) {
      return out;
    }
    long[] trigger = work.stream().mapToLong(Batch::triggerMs).sorted().toArray();
    out.put("batch_ms_mean", mean(work.stream().mapToLong(Batch::triggerMs).toArray()));
    out.put("batch_ms_p95", Stats.percentile(trigger, 95));
    out.put("batch_ms_max", trigger[trigger.length - 1]);
    out.put("first_batch_ms", work.get(0).triggerMs());
    if (work.size() > 1) {
      long[] later =
          work.subList(1, work.size()).stream().mapToLong(Batch::triggerMs).toArray();
      out.put("batch_ms_mean_after_first", mean(later));
      out.put(
          "batch_ms_p95_after_first",
          Stats.percentile(java.util.Arrays.stream(later).sorted().toArray(), 95));
    }
    out.put("add_batch_ms_mean", mean(work.stream().mapToLong(Batch::addBatchMs).toArray()));
    if (work.size() > 1) {
      // Past the cold start (query planning, code generation, JIT): rows of the later batches
      // over the time from the end of the first to the end of the last.
      long laterRows =
          work.subList(1, work.size()).stream().mapToLong(Batch::inputRows).sum();
      long millis = java.time.Duration.between(
              work.get(0).end(), work.get(work.size() - 1).end())
          .toMillis();
      if (millis > 0) {
        out.put("records_per_s_after_first_batch", laterRows * 1000.0 / millis);
      }
    }
    out.put(
        "rows_per_batch_mean", mean(work.stream().mapToLong(Batch::inputRows).toArray()));
    return out;
  }

  /** Every batch, for the raw JSON. */
  synchronized List<Map<String, Object>> rows() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Batch b : batches) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("batch", b.batchId());
      row.put("input_rows", b.inputRows());
      row.put("trigger_ms", b.triggerMs());
      row.put("add_batch_ms", b.addBatchMs());
      out.add(row);
    }
    return out;
  }

  private static double mean(long[] values) {
    long sum = 0;
    for (long v : values) {
      sum += v;
    }
    return values.length == 0 ? 0 : sum / (double) values.length;
  }
}
