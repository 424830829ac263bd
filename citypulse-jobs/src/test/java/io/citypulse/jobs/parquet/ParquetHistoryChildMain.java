package io.citypulse.jobs.parquet;

import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.jobs.testing.ChildJvm;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs one stations history job in its own JVM until killed, for the kill-mid-stream test:
 * {@code <bootstrap> <topic> <basePath> <checkpoint> <workDir> <maxOffsetsPerTrigger>}. Batches
 * run back to back. Exits when its standard input closes, so that it cannot outlive a test JVM
 * that died without killing it.
 */
public final class ParquetHistoryChildMain {
  /** Printed on standard output once the query has started. */
  static final String STARTED = "parquet-child-started";

  private ParquetHistoryChildMain() {}

  public static void main(String[] args) throws Exception {
    ChildJvm.exitWithParent();

    var spark = SparkSessions.local("local[2]", 1, Path.of(args[4]));
    System.out.println("session ready " + ManagementFactory.getRuntimeMXBean().getUptime()
        + " ms after JVM start");
    var settings = new ParquetHistorySettings(
        args[0],
        ParquetStream.STATIONS,
        args[1],
        args[2],
        args[3],
        "earliest",
        Duration.ZERO,
        Long.parseLong(args[5]));
    var query = new ParquetHistoryJob(spark, settings).start();
    System.out.println(
        STARTED + " " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms after JVM start");
    System.out.flush();
    query.awaitTermination();
  }
}
