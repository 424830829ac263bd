package io.citypulse.jobs.spark;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;

/** The Kafka source of citypulse's streaming jobs, with the options every job needs. */
public final class KafkaInput {
  private KafkaInput() {}

  /**
   * A reader of {@code topic}; add options (e.g. maxOffsetsPerTrigger) and {@code load()} it.
   *
   * <ul>
   *   <li>{@code failOnDataLoss=false}: offsets vanish under the reader by design (the stations
   *       topic is compacted; retention deletes old weather segments). Those records cannot be
   *       recovered, and failing would stop the live stream until someone deleted the checkpoint
   *       and its state. Spark logs a WARN when it skips offsets.</li>
   *   <li>{@code kafka.fetch.max.wait.ms=10}: a task's consumer pre-fetches past the batch's last
   *       offset; at the log end the broker parks that fetch for fetch.max.wait.ms (500 ms by
   *       default), and the next batch's first read waited for it: half a second of latency per
   *       batch for nothing (measured on the availability job).</li>
   *   <li>{@code kafka.isolation.level=read_committed}: {@code citypulse import} writes in
   *       transactions and, after a crash, resumes after its last committed row; the rows of the
   *       aborted transaction stay in the log and must not be read. Without transactions in a
   *       topic this reads exactly what read_uncommitted does.</li>
   * </ul>
   */
  public static DataStreamReader reader(
      SparkSession spark, String bootstrapServers, String topic, String startingOffsets) {
    return spark
        .readStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", bootstrapServers)
        .option("subscribe", topic)
        .option("startingOffsets", startingOffsets)
        .option("failOnDataLoss", "false")
        .option("kafka.fetch.max.wait.ms", "10")
        .option("kafka.isolation.level", "read_committed");
  }
}
