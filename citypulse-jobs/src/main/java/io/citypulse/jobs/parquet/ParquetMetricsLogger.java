package io.citypulse.jobs.parquet;

import io.citypulse.jobs.spark.OwnProgressListener;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the counts of one Parquet history query on the driver: one WARN line per micro-batch that
 * had unreadable records (how many, and the first one's Kafka partition and offset), one INFO line
 * per batch that had repeated states (normal after a poller restart, hence not a warning), a DEBUG
 * summary of every batch. Removes itself when the query ends.
 */
final class ParquetMetricsLogger extends OwnProgressListener {
  private static final Logger LOG = LoggerFactory.getLogger(ParquetHistoryJob.class);

  private final ParquetCounts counts;

  ParquetMetricsLogger(SparkSession spark, String queryName, ParquetCounts counts) {
    super(spark, queryName);
    this.counts = counts;
  }

  @Override
  protected void onOwnProgress(StreamingQueryProgress progress) {
    if (progress.numInputRows() == 0) {
      return;
    }
    ParquetBatchCounts batch = counts.ofBatch(progress.batchId());
    if (batch.unreadable() > 0) {
      LOG.warn(
          "{} batch {}: {} unreadable record(s) not written to Parquet ({} written), first: {}",
          queryName(),
          progress.batchId(),
          batch.unreadable(),
          batch.written(),
          batch.firstUnreadable());
    }
    if (batch.repeated() > 0) {
      LOG.info(
          "{} batch {}: {} repeated state(s) not written again ({} written)",
          queryName(),
          progress.batchId(),
          batch.repeated(),
          batch.written());
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} batch {}: {} written, {} repeated, {} unreadable",
          queryName(),
          progress.batchId(),
          batch.written(),
          batch.repeated(),
          batch.unreadable());
    }
  }
}
