package io.citypulse.jobs.spark;

import java.time.Instant;

/**
 * One progress report of a streaming job, in plain Java so that callers outside this module (the
 * status line, the health panel, {@code /metrics}) need no Spark types.
 *
 * @param job the query's name
 * @param batchId the micro-batch this report is about
 * @param inputRows records read by that batch
 * @param batchMillis the batch's duration
 * @param timestamp when the batch started
 * @param inputEndOffsets the first source's end offsets as Spark reports them
 *     ({@code {"topic":{"0":42}}}), null when it has none
 */
public record JobProgress(
    String job,
    long batchId,
    long inputRows,
    long batchMillis,
    Instant timestamp,
    String inputEndOffsets) {

  /** Batches run so far, counting from this report's. */
  public long batches() {
    return batchId + 1;
  }
}
