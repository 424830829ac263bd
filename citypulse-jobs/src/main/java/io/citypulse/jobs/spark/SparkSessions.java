package io.citypulse.jobs.spark;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/** Builds the lean in-process Spark sessions the citypulse jobs run in. */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * The shuffle partitions when the user sets none: one per core the master gives ({@code
   * local[N]}: N; {@code local[*]}: this machine's cores; {@code local}: 1; a cluster master: this
   * machine's cores, a guess a cluster user should replace with a setting). They are also the state
   * partitions of a streaming query, and a checkpoint keeps the number it was first started with
   * (Spark ignores a later change), so this is decided before the first run. The availability
   * job's state is keyed by station and by area, so each partition is a task of its own: one per
   * core lets the stateful steps use them all.
   */
  public static int defaultPartitions(String master) {
    Matcher local = LOCAL_THREADS.matcher(master == null ? "" : master.trim());
    if (master != null && master.trim().equals("local")) {
      return 1;
    }
    if (local.matches() && !local.group(1).equals("*")) {
      return Math.max(1, Integer.parseInt(local.group(1)));
    }
    return Runtime.getRuntime().availableProcessors();
  }

  private static final String STATE_STORE_PROVIDER = "spark.sql.streaming.stateStore.providerClass";
  private static final String HDFS_STATE_STORE =
      "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider";

  /** {@code local[N]}, {@code local[*]}, {@code local[N,F]} (F = task retries). */
  private static final Pattern LOCAL_THREADS = Pattern.compile("local\\[(\\*|\\d+)(?:,\\d+)?]");

  /**
   * A local session tuned for a fast start and a small footprint: no UI, in-memory catalog (no
   * Hive), driver bound to 127.0.0.1 (no host-name lookup), UTC session time zone, warehouse and
   * scratch directories under {@code workDir}, the HDFS-backed state store (no RocksDB native
   * library to load) keeping only a few batches of history, log level WARN.
   *
   * @param master e.g. {@code local[2]}
   * @param shufflePartitions shuffle (and state) partitions, see {@link #defaultPartitions}
   * @param workDir created if missing
   */
  public static SparkSession local(String master, int shufflePartitions, Path workDir) {
    if (shufflePartitions < 1) {
      throw new IllegalArgumentException(
          "shufflePartitions must be >= 1, got " + shufflePartitions);
    }
    Path dir = workDir.toAbsolutePath();
    SparkSession spark = SparkSession.builder()
        .appName("citypulse")
        .master(master)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.log.level", "WARN")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.catalogImplementation", "in-memory")
        .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toUri().toString())
        .config("spark.local.dir", dir.resolve("spark-local").toString())
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions))
        .config("spark.default.parallelism", Integer.toString(shufflePartitions))
        // The in-memory HDFS-backed provider starts fast (no native library to load); a user can
        // choose RocksDB with -Dspark.sql.streaming.stateStore.providerClass=... (see README).
        .config(STATE_STORE_PROVIDER, System.getProperty(STATE_STORE_PROVIDER, HDFS_STATE_STORE))
        // Recovery needs only the last committed batch; the default keeps 100.
        .config("spark.sql.streaming.minBatchesToRetain", "10")
        .config("spark.sql.streaming.stateStore.minDeltasForSnapshot", "5")
        // No timeouts or watermarks here: empty batches would only burn a trigger.
        .config("spark.sql.streaming.noDataMicroBatches.enabled", "false")
        // Checkpoint and state files on local disk through java.nio: Hadoop's local file system
        // forks a shell command per chmod and rename without its native library (see the class).
        .config(
            "spark.sql.streaming.checkpointFileManagerClass",
            LocalCheckpointFileManager.class.getName())
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
