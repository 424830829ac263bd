package io.citypulse.jobs.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
    return local(master, shufflePartitions, workDir, null);
  }

  /**
   * Runs {@code work} on the session already running in this JVM (left running: a pipeline's), or
   * else on a local session of its own ({@code local[*]}, scratch files in a temp directory),
   * stopped and deleted afterwards. For one-off commands (train, read a file) that may also be
   * called where a pipeline runs.
   */
  public static <T> T withSession(Function<SparkSession, T> work) {
    scala.Option<SparkSession> running = SparkSession.getActiveSession();
    if (running.isEmpty()) {
      running = SparkSession.getDefaultSession();
    }
    if (running.isDefined()) {
      return work.apply(running.get());
    }
    Path workDir;
    try {
      workDir = Files.createTempDirectory("citypulse-spark-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory for Spark", e);
    }
    SparkSession spark = local("local[*]", defaultPartitions("local[*]"), workDir);
    // Partition values stay strings (a system named 007 is not the integer 7).
    spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    try {
      return work.apply(spark);
    } finally {
      spark.stop();
      try (Stream<Path> paths = Files.walk(workDir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // a leftover scratch directory in the temp dir is harmless
      }
    }
  }

  /**
   * {@link #local(String, int, Path)} with the state store of the stateful queries; null = the
   * HDFS-backed one unless {@code -Dspark.sql.streaming.stateStore.providerClass} names another.
   */
  public static SparkSession local(
      String master, int shufflePartitions, Path workDir, StateStore stateStore) {
    return start(common(master, shufflePartitions, workDir, stateStore)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config(
            "spark.local.dir", workDir.toAbsolutePath().resolve("spark-local").toString()));
  }

  /**
   * A session whose driver runs here and whose executors run on a cluster ({@code spark://},
   * {@code yarn}, {@code k8s://}): as {@link #local}, plus the jobs jar shipped to the executors
   * ({@code spark.jars}: they have Spark, not citypulse), and the address they reach the driver at.
   * Any other Spark setting ({@code spark.executor.memory}, {@code spark.cores.max}...) can be given
   * as a {@code -Dspark.*} system property, which Spark reads itself.
   *
   * @param jobsJar the lean jobs jar
   * @param driverHost null or blank: Spark's choice (this host's address)
   */
  public static SparkSession cluster(
      String master,
      int shufflePartitions,
      Path workDir,
      StateStore stateStore,
      Path jobsJar,
      String driverHost) {
    SparkSession.Builder builder = common(master, shufflePartitions, workDir, stateStore)
        .config("spark.jars", jobsJar.toAbsolutePath().toString());
    if (driverHost != null && !driverHost.isBlank()) {
      builder = builder.config("spark.driver.host", driverHost.trim());
    }
    return start(builder);
  }

  /**
   * The session of a driver started by {@code spark-submit} (or Spark's launcher): its master,
   * deploy mode, jars and executor settings are spark-submit's, read by Spark from this JVM's
   * system properties; citypulse adds only its own settings ({@link #common}).
   */
  public static SparkSession submitted(int shufflePartitions, Path workDir, StateStore stateStore) {
    return start(common(null, shufflePartitions, workDir, stateStore));
  }

  /** Whether this JVM is a driver started by {@code spark-submit}. */
  public static boolean underSparkSubmit() {
    return System.getProperty("spark.submit.deployMode") != null;
  }

  /** Whether {@code master} runs everything in this JVM ({@code local}, {@code local[N]}...). */
  public static boolean isLocal(String master) {
    String trimmed = master == null ? "" : master.trim();
    return trimmed.equals("local") || trimmed.startsWith("local[");
  }

  private static SparkSession start(SparkSession.Builder builder) {
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  /**
   * Settings of every citypulse session: no UI, in-memory catalog (no Hive), UTC session time
   * zone, the chosen state store keeping only a few batches of history, log level WARN.
   */
  private static SparkSession.Builder common(
      String master, int shufflePartitions, Path workDir, StateStore stateStore) {
    if (shufflePartitions < 1) {
      throw new IllegalArgumentException(
          "shufflePartitions must be >= 1, got " + shufflePartitions);
    }
    Path dir = workDir.toAbsolutePath();
    SparkSession.Builder builder = SparkSession.builder();
    if (master != null) {
      // Under spark-submit (no master here) its --master and --name stand.
      builder = builder.appName("citypulse").master(master);
    }
    return builder
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.log.level", "WARN")
        .config("spark.sql.catalogImplementation", "in-memory")
        .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toUri().toString())
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions))
        .config("spark.default.parallelism", Integer.toString(shufflePartitions))
        // The in-memory HDFS-backed provider starts fast (no native library to load); a user can
        // choose RocksDB with -Dspark.sql.streaming.stateStore.providerClass=... (see README).
        .config(
            STATE_STORE_PROVIDER,
            stateStore != null
                ? stateStore.providerClass()
                : System.getProperty(STATE_STORE_PROVIDER, StateStore.HDFS.providerClass()))
        // Recovery needs only the last committed batch; the default keeps 100.
        .config("spark.sql.streaming.minBatchesToRetain", "10")
        .config("spark.sql.streaming.stateStore.minDeltasForSnapshot", "5")
        // No timeouts or watermarks here: empty batches would only burn a trigger.
        .config("spark.sql.streaming.noDataMicroBatches.enabled", "false")
        // Checkpoint and state files on local disk through java.nio: Hadoop's local file system
        // forks a shell command per chmod and rename without its native library (see the class).
        // Other file systems (hdfs:, s3a:) go to Spark's own manager through it.
        .config(
            "spark.sql.streaming.checkpointFileManagerClass",
            LocalCheckpointFileManager.class.getName());
  }
}
