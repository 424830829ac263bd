package io.citypulse.jobs.availability;

import io.citypulse.jobs.spark.OwnProgressListener;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the per-batch counts of one availability query on the driver: a WARN line whenever
 * invalid station records were dropped, a DEBUG summary otherwise. Removes itself when the query
 * ends.
 */
final class AvailabilityMetricsLogger extends OwnProgressListener {
  private static final Logger LOG = LoggerFactory.getLogger(PostcodeAvailabilityJob.class);

  private final AvailabilityCounts counts;

  AvailabilityMetricsLogger(SparkSession spark, String queryName, AvailabilityCounts counts) {
    super(spark, queryName);
    this.counts = counts;
  }

  @Override
  protected void onOwnProgress(StreamingQueryProgress progress) {
    String queryName = queryName();
    if (progress.numInputRows() == 0) {
      return;
    }
    AvailabilityBatchCounts batch = counts.ofBatch(progress.batchId());
    if (batch.rejected() > 0) {
      LOG.warn(
          "{} batch {}: dropped {} invalid station record(s) out of {}, e.g. {}",
          queryName,
          progress.batchId(),
          batch.rejected(),
          batch.records(),
          batch.rejectionExample());
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} batch {}: {} records, {} accepted, {} stale (duplicate or older), {} rejected, "
              + "{} postcodes emitted",
          queryName,
          progress.batchId(),
          batch.records(),
          batch.accepted(),
          batch.stale(),
          batch.rejected(),
          batch.postcodesEmitted());
    }
  }
}
