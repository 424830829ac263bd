package io.citypulse.jobs.availability;

import io.citypulse.jobs.spark.KafkaInput;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The streaming job: station records from Kafka, latest state of every station, per-postcode
 * totals back to Kafka in update mode, checkpointed so that a restart resumes exactly.
 */
public final class PostcodeAvailabilityJob {

  /** Name of the streaming query (unique among a session's active queries). */
  public static final String QUERY_NAME = "postcode-availability";

  /**
   * Directory name for this job's checkpoint. v2: the state is a {@link StationStatesCodec} blob;
   * a v1 checkpoint (bean-encoded state) cannot be read by this version. The input topic is
   * compacted, so a new checkpoint rebuilds the same state from it. The blob's own format
   * version is separate: format 2 (unknown splits kept as null) still reads format 1 blobs, so
   * that change kept this name.
   */
  public static final String CHECKPOINT_NAME = "postcode-availability-v2";

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
    DataStreamReader reader = KafkaInput.reader(
        spark, settings.bootstrapServers(), settings.inputTopic(), settings.startingOffsets());
    if (settings.maxOffsetsPerTrigger() != null) {
      reader = reader.option("maxOffsetsPerTrigger", settings.maxOffsetsPerTrigger());
    }
    Dataset<Row> records =
        PostcodeAvailabilityTransforms.latestStatePerPostcode(reader.load(), counts);

    return new AvailabilityMetricsLogger(spark, QUERY_NAME, counts)
        .start(records
            .writeStream()
            .queryName(QUERY_NAME)
            .format("kafka")
            .option("kafka.bootstrap.servers", settings.bootstrapServers())
            .option("topic", settings.outputTopic())
            .option("checkpointLocation", settings.checkpointLocation())
            .outputMode(OutputMode.Update())
            .trigger(Trigger.ProcessingTime(settings.triggerInterval().toMillis())));
  }
}
