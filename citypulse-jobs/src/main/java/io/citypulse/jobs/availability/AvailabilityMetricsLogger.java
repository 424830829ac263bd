package io.citypulse.jobs.availability;

import static io.citypulse.jobs.availability.PostcodeAvailabilityTransforms.ACCEPTED;
import static io.citypulse.jobs.availability.PostcodeAvailabilityTransforms.METRICS;
import static io.citypulse.jobs.availability.PostcodeAvailabilityTransforms.POSTCODES_EMITTED;
import static io.citypulse.jobs.availability.PostcodeAvailabilityTransforms.RECORDS;
import static io.citypulse.jobs.availability.PostcodeAvailabilityTransforms.REJECTED;
import static io.citypulse.jobs.availability.PostcodeAvailabilityTransforms.REJECTION_EXAMPLE;
import static io.citypulse.jobs.availability.PostcodeAvailabilityTransforms.STALE;

import java.util.UUID;
import org.apache.spark.sql.Row;
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
  private volatile UUID runId;

  AvailabilityMetricsLogger(SparkSession spark, String queryName) {
    this.spark = spark;
    this.queryName = queryName;
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
    Row metrics = progress.observedMetrics().get(METRICS);
    if (metrics == null) {
      return;
    }
    long rejected = metrics.<Long>getAs(REJECTED);
    if (rejected > 0) {
      LOG.warn("{} batch {}: dropped {} invalid station record(s) out of {}, e.g. {}", queryName,
          progress.batchId(), rejected, metrics.<Long>getAs(RECORDS),
          metrics.<String>getAs(REJECTION_EXAMPLE));
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} batch {}: {} records, {} accepted, {} stale (duplicate or older), {} rejected, "
          + "{} postcodes emitted", queryName, progress.batchId(), metrics.<Long>getAs(RECORDS),
          metrics.<Long>getAs(ACCEPTED), metrics.<Long>getAs(STALE), rejected,
          metrics.<Long>getAs(POSTCODES_EMITTED));
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (event.runId().equals(runId)) {
      spark.streams().removeListener(this);
    }
  }
}
