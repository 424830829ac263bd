package io.citypulse.jobs.availability;

import io.citypulse.jobs.spark.KafkaInput;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming job: station records from Kafka, latest state of every station, per-postcode
 * totals back to Kafka (each batch's totals of the postcodes it changed), checkpointed so that a restart resumes exactly.
 */
public final class PostcodeAvailabilityJob {

  /** Name of the streaming query (unique among a session's active queries). */
  public static final String QUERY_NAME = "postcode-availability";

  /**
   * Directory name for this job's checkpoint. v3: state keyed by station and by area (issue 16).
   * v2 held every station in one blob; its state cannot be carried into keyed state, so a v3
   * checkpoint started next to a v2 one rebuilds from the earliest offset of the compacted input
   * topic ({@link StateLayoutMigration}). v1 (bean-encoded state) was replaced the same way.
   */
  public static final String CHECKPOINT_NAME = "postcode-availability-v3";

  private static final Logger LOG = LoggerFactory.getLogger(PostcodeAvailabilityJob.class);

  private final SparkSession spark;
  private final AvailabilityJobSettings settings;
  private final AvailabilityCounts counts;

  public PostcodeAvailabilityJob(SparkSession spark, AvailabilityJobSettings settings) {
    this.spark = spark;
    this.settings = settings;
    this.counts = AvailabilityCounts.register(spark.sparkContext(), QUERY_NAME + " counts");
  }

  /** Per-batch counts of the queries this job started: read them by the progress' batch id. */
  public AvailabilityCounts counts() {
    return counts;
  }

  /**
   * Starts the query and returns at once; stop it with {@link StreamingQuery#stop()}. Per-batch
   * counts (accepted, stale, rejected records) are logged by {@link AvailabilityMetricsLogger}.
   *
   * @throws TimeoutException if Spark times out starting the query
   */
  public StreamingQuery start() throws TimeoutException {
    String startingOffsets = settings.startingOffsets();
    Path previous = StateLayoutMigration.previousCheckpointToRebuildFrom(
        settings.checkpointLocation(), spark.sparkContext().hadoopConfiguration());
    if (previous != null) {
      LOG.warn(
          "{}: the checkpoint {} keeps every station in one state group, which this version"
              + " replaced by state keyed by station and area; a new checkpoint at {} rebuilds it"
              + " from the earliest offset of {} (you may delete the old directory afterwards)",
          QUERY_NAME,
          previous,
          settings.checkpointLocation(),
          settings.inputTopic());
      startingOffsets = "earliest";
    }
    DataStreamReader reader = KafkaInput.reader(
        spark, settings.bootstrapServers(), settings.inputTopic(), startingOffsets);
    if (settings.maxOffsetsPerTrigger() != null) {
      reader = reader.option("maxOffsetsPerTrigger", settings.maxOffsetsPerTrigger());
    }
    Dataset<Row> records = PostcodeAvailabilityTransforms.latestStatePerArea(
        reader.load(), counts, settings.grouping(), settings.outputTopic());

    return new AvailabilityMetricsLogger(spark, QUERY_NAME, counts)
        .start(records
            .writeStream()
            .queryName(QUERY_NAME)
            .format("kafka")
            .option("kafka.bootstrap.servers", settings.bootstrapServers())
            // each row names its topic: the per-area topic, or the per-system totals topic
            .option("checkpointLocation", settings.checkpointLocation())
            .outputMode(OutputMode.Append())
            .trigger(Trigger.ProcessingTime(settings.triggerInterval().toMillis())));
  }
}
