package io.citypulse.jobs.weather;

import io.citypulse.jobs.spark.KafkaInput;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The weather streaming job: observations from Kafka ({@code topic-weather}), derived variables
 * and the per-location trend of the last window to {@code topic-weather-final}, unreadable values
 * to the dead-letter topic, checkpointed so that a restart resumes with its state.
 */
public final class WeatherFeaturesJob {

  /** Name of the streaming query (unique among a session's active queries). */
  public static final String QUERY_NAME = "weather-features";

  private final SparkSession spark;
  private final WeatherJobSettings settings;

  public WeatherFeaturesJob(SparkSession spark, WeatherJobSettings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  /**
   * Starts the query and returns at once; stop it with {@link StreamingQuery#stop()}. Per-batch
   * counts are logged by {@link WeatherMetricsLogger}; {@link WeatherBatchCounts#of} reads them
   * from the query's progress.
   *
   * @throws TimeoutException if Spark times out starting the query
   */
  public StreamingQuery start() throws TimeoutException {
    Dataset<Row> input = KafkaInput.reader(
            spark, settings.bootstrapServers(), settings.inputTopic(), settings.startingOffsets())
        .load();
    Dataset<Row> records = WeatherFeaturesTransforms.kafkaRecords(
        input,
        settings.outputTopic(),
        settings.deadLetterTopic(),
        settings.allowedLateness(),
        settings.trendWindow());

    // No "topic" option: it would override the per-row topic column (features vs dead letters).
    return new WeatherMetricsLogger(spark, QUERY_NAME)
        .start(records
            .writeStream()
            .queryName(QUERY_NAME)
            .format("kafka")
            .option("kafka.bootstrap.servers", settings.bootstrapServers())
            .option("checkpointLocation", settings.checkpointLocation())
            .outputMode(OutputMode.Append())
            .trigger(Trigger.ProcessingTime(settings.triggerInterval().toMillis())));
  }
}
