package io.citypulse.jobs.weather;

import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the per-batch counts of one weather query on the driver ({@link WeatherBatchCounts}): a
 * WARN line whenever values were dead-lettered or observations dropped as late, a DEBUG summary
 * otherwise. Removes itself when the query ends.
 */
final class WeatherMetricsLogger extends StreamingQueryListener {
  private static final Logger LOG = LoggerFactory.getLogger(WeatherFeaturesJob.class);

  private final SparkSession spark;
  private final String queryName;
  private volatile UUID runId;

  WeatherMetricsLogger(SparkSession spark, String queryName) {
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
    WeatherBatchCounts counts = WeatherBatchCounts.of(progress);
    if (counts.rejected() > 0) {
      LOG.warn("{} batch {}: {} unreadable weather value(s) sent to the dead-letter topic, e.g. {}",
          queryName, progress.batchId(), counts.rejected(), counts.rejectionExample());
    }
    if (counts.late() > 0) {
      LOG.warn("{} batch {}: dropped {} observation(s) older than the watermark {}", queryName,
          progress.batchId(), counts.late(), progress.eventTime().get("watermark"));
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} batch {}: {} emitted, {} duplicates, {} late, {} rejected, {} locations in state",
          queryName, progress.batchId(), counts.emitted(), counts.duplicates(), counts.late(),
          counts.rejected(), counts.locationsInState());
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (event.runId().equals(runId)) {
      spark.streams().removeListener(this);
    }
  }
}
