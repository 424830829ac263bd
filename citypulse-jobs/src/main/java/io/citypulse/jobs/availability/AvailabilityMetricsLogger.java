package io.citypulse.jobs.availability;

import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the per-batch counts of one availability query on the driver: a WARN line whenever
 * invalid station records were dropped, a DEBUG summary otherwise. Removes itself when the query
 * ends.
 */
final class AvailabilityMetricsLogger extends StreamingQueryListener {
  private static final Logger LOG = LoggerFactory.getLogger(PostcodeAvailabilityJob.class);

  private final SparkSession spark;
  private final String queryName;
  private final AvailabilityCounts counts;
  private volatile UUID runId;

  AvailabilityMetricsLogger(SparkSession spark, String queryName, AvailabilityCounts counts) {
    this.spark = spark;
    this.queryName = queryName;
    this.counts = counts;
  }

  void follow(UUID runId) {
    this.runId = runId;
  }

  private boolean isMine(UUID eventRunId, String eventName) {
    UUID mine = runId;
    return mine != null ? mine.equals(eventRunId) : queryName.equals(eventName);
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress progress = event.progress();
    if (!isMine(progress.runId(), progress.name())) {
      return;
    }
    if (progress.numInputRows() == 0) {
      return;
    }
    AvailabilityBatchCounts batch = counts.ofBatch(progress.batchId());
    if (batch.rejected() > 0) {
      LOG.warn("{} batch {}: dropped {} invalid station record(s) out of {}, e.g. {}", queryName,
          progress.batchId(), batch.rejected(), batch.records(), batch.rejectionExample());
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} batch {}: {} records, {} accepted, {} stale (duplicate or older), {} rejected, "
          + "{} postcodes emitted", queryName, progress.batchId(), batch.records(),
          batch.accepted(), batch.stale(), batch.rejected(), batch.postcodesEmitted());
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (event.runId().equals(runId)) {
      spark.streams().removeListener(this);
    }
  }
}
