package io.citypulse.jobs.weather;

import io.citypulse.jobs.spark.OwnProgressListener;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the per-batch counts of one weather query on the driver ({@link WeatherBatchCounts}): a
 * WARN line whenever values were dead-lettered or observations dropped as late, a DEBUG summary
 * otherwise. Removes itself when the query ends.
 */
final class WeatherMetricsLogger extends OwnProgressListener {
  private static final Logger LOG = LoggerFactory.getLogger(WeatherFeaturesJob.class);

  WeatherMetricsLogger(SparkSession spark, String queryName) {
    super(spark, queryName);
  }

  @Override
  protected void onOwnProgress(StreamingQueryProgress progress) {
    String queryName = queryName();
    WeatherBatchCounts counts = WeatherBatchCounts.of(progress);
    if (counts.rejected() > 0) {
      LOG.warn(
          "{} batch {}: {} unreadable weather value(s) sent to the dead-letter topic, e.g. {}",
          queryName,
          progress.batchId(),
          counts.rejected(),
          counts.rejectionExample());
    }
    if (counts.late() > 0) {
      LOG.warn(
          "{} batch {}: dropped {} observation(s) older than the watermark {}",
          queryName,
          progress.batchId(),
          counts.late(),
          progress.eventTime().get("watermark"));
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} batch {}: {} emitted, {} duplicates, {} late, {} rejected, {} locations in state",
          queryName,
          progress.batchId(),
          counts.emitted(),
          counts.duplicates(),
          counts.late(),
          counts.rejected(),
          counts.locationsInState());
    }
  }
}
