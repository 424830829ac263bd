package io.citypulse.jobs.alerts;

import io.citypulse.jobs.spark.KafkaInput;
import io.citypulse.jobs.spark.OwnProgressListener;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts streaming job: station states, postcode availability, weather features and health
 * reports from Kafka, the alert rules per subject ({@link AlertFunction}), alert records to
 * {@code citypulse-alerts} keyed by subject, unreadable input to the dead-letter topic; its own
 * checkpoint, so that a restart resumes every open episode without a second raise.
 */
public final class AlertsJob {
  private static final Logger LOG = LoggerFactory.getLogger(AlertsJob.class);

  /** Name of the streaming query. */
  public static final String QUERY_NAME = "alerts";

  private final SparkSession spark;
  private final AlertJobSettings settings;
  private final AtomicReference<AlertCounts> counts = new AtomicReference<>(AlertCounts.ZERO);

  public AlertsJob(SparkSession spark, AlertJobSettings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  /** The totals since {@link #start}, from the progress of each batch. */
  public AlertCounts counts() {
    return counts.get();
  }

  /** Starts the query and returns at once. */
  public StreamingQuery start() throws TimeoutException {
    Dataset<Row> input = KafkaInput.reader(
            spark,
            settings.bootstrapServers(),
            String.join(",", settings.inputTopics()),
            settings.startingOffsets())
        .load();
    Dataset<Row> records = AlertTransforms.kafkaRecords(input, settings);
    // No "topic" option: it would override the per-row topic column (alerts vs dead letters).
    return new OwnProgressListener(spark, QUERY_NAME) {
      @Override
      protected void onOwnProgress(StreamingQueryProgress progress) {
        AlertBatchCounts batch = AlertBatchCounts.of(progress);
        counts.updateAndGet(total -> total.plus(batch));
        if (batch.rejected() > 0) {
          LOG.warn(
              "{} batch {}: {} unreadable input value(s) sent to the dead-letter topic, e.g. {}",
              QUERY_NAME,
              progress.batchId(),
              batch.rejected(),
              batch.rejectionExample());
        }
        if (batch.raised() + batch.cleared() > 0) {
          LOG.info(
              "{} batch {}: {} alert(s) raised, {} cleared",
              QUERY_NAME,
              progress.batchId(),
              batch.raised(),
              batch.cleared());
        }
      }
    }.start(records
        .writeStream()
        .queryName(QUERY_NAME)
        .format("kafka")
        .option("kafka.bootstrap.servers", settings.bootstrapServers())
        .option("checkpointLocation", settings.checkpointLocation())
        .outputMode(OutputMode.Append())
        .trigger(Trigger.ProcessingTime(settings.triggerInterval().toMillis())));
  }
}
