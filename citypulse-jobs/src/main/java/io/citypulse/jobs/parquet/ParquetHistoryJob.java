package io.citypulse.jobs.parquet;

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
 * Appends one result stream (stations, postcodes or weather) from Kafka to a Parquet history,
 * through Spark's file sink: exactly once, because the sink lists the files of each committed
 * batch in its own log ({@code <directory>/_spark_metadata}) and skips a batch already there when
 * the query re-runs it after a crash. A record carrying the same state as the last one written for
 * its key (a poller's re-publication after a restart) is not written again; the last written state
 * of each key is kept in the query's checkpoint ({@link ParquetStream#checkpointName()}). Layout
 * and columns: see the package documentation.
 */
public final class ParquetHistoryJob {

  /** Query names are this prefix and the stream's sub-directory: {@code parquet-stations}. */
  public static final String QUERY_NAME_PREFIX = "parquet-";

  private final SparkSession spark;
  private final ParquetHistorySettings settings;
  private final ParquetCounts counts;

  public ParquetHistoryJob(SparkSession spark, ParquetHistorySettings settings) {
    this.spark = spark;
    this.settings = settings;
    this.counts =
        ParquetCounts.register(spark.sparkContext(), settings.stream().queryName() + " counts");
  }

  /** {@code <basePath>/<sub-directory>}, e.g. {@code hdfs://nn:8020/citypulse/stations}. */
  public static String directory(String basePath, ParquetStream stream) {
    if (basePath == null || basePath.isBlank()) {
      throw new IllegalArgumentException("basePath must not be blank");
    }
    String base = basePath.strip();
    return (base.endsWith("/") ? base : base + "/") + stream.subDirectory();
  }

  /** Written, repeated and unreadable records of the queries this job started, per micro-batch. */
  public ParquetCounts counts() {
    return counts;
  }

  /**
   * Starts the query and returns at once; stop it with {@link StreamingQuery#stop()}.
   *
   * @throws TimeoutException if Spark times out starting the query
   * @throws IllegalStateException if the history's sink log is ahead of the checkpoint: the
   *     history was written with another checkpoint, which Spark's file sink cannot handle (it
   *     would skip batches silently); the message says what to do
   */
  public StreamingQuery start() throws TimeoutException {
    ParquetStream stream = settings.stream();
    String directory = directory(settings.basePath(), stream);
    CheckpointGuard.requireCheckpointOf(
        directory, settings.checkpointLocation(), spark.sparkContext().hadoopConfiguration());
    DataStreamReader reader = KafkaInput.reader(
        spark, settings.bootstrapServers(), settings.topic(), settings.startingOffsets());
    if (settings.maxOffsetsPerTrigger() > 0) {
      reader = reader.option("maxOffsetsPerTrigger", settings.maxOffsetsPerTrigger());
    }
    // historyRows ends in a stateful step over one group, so each batch is written by one task:
    // one file per partition directory per batch, as the history is read far more often than
    // it is written.
    Dataset<Row> rows = ParquetTransforms.historyRows(reader.load(), stream, counts);

    return new ParquetMetricsLogger(spark, stream.queryName(), counts)
        .start(rows.writeStream()
            .queryName(stream.queryName())
            .format("parquet")
            .option("path", directory)
            .option("checkpointLocation", settings.checkpointLocation())
            .partitionBy(stream.partitionColumns().toArray(String[]::new))
            .outputMode(OutputMode.Append())
            .trigger(Trigger.ProcessingTime(settings.trigger().toMillis())));
  }
}
