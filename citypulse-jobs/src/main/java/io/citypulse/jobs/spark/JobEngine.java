package io.citypulse.jobs.spark;

import io.citypulse.jobs.alerts.AlertCounts;
import io.citypulse.jobs.alerts.AlertJobSettings;
import io.citypulse.jobs.alerts.AlertsJob;
import io.citypulse.jobs.availability.AvailabilityBatchCounts;
import io.citypulse.jobs.availability.AvailabilityJobSettings;
import io.citypulse.jobs.availability.PostcodeAvailabilityJob;
import io.citypulse.jobs.parquet.ParquetBatchCounts;
import io.citypulse.jobs.parquet.ParquetHistoryJob;
import io.citypulse.jobs.parquet.ParquetHistorySettings;
import io.citypulse.jobs.postgres.PostgresSinkJob;
import io.citypulse.jobs.postgres.PostgresSinkSettings;
import io.citypulse.jobs.postgres.PostgresSinkStatus;
import io.citypulse.jobs.scoring.ForecastJobSettings;
import io.citypulse.jobs.scoring.ForecastScoringJob;
import io.citypulse.jobs.scoring.ForecastScoringStatus;
import io.citypulse.jobs.scoring.StoredForecasters;
import io.citypulse.jobs.weather.WeatherFeaturesJob;
import io.citypulse.jobs.weather.WeatherJobSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The one door to Spark for the rest of citypulse: a session and the jobs started in it, behind
 * methods whose signatures hold no Spark type. The application module assembles the pipeline
 * from these; the layering test keeps {@code org.apache.spark} out of every module but this one
 * (and the benchmarks).
 */
public final class JobEngine implements AutoCloseable {
  /**
   * Priority of {@link #beforeSparkStops}' hooks in Hadoop's shutdown-hook manager: above Spark's
   * own (50 stops the SparkContext), so they run first.
   */
  private static final int BEFORE_SPARK_PRIORITY = 100;

  private final SparkSession spark;
  private final AtomicLong executorsRemoved = new AtomicLong();

  private JobEngine(SparkSession spark) {
    this.spark = spark;
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        executorsRemoved.incrementAndGet();
      }
    });
  }

  /** The executors on the cluster; null when the jobs run in this JVM (local mode). */
  public ExecutorCount executors() {
    if (isLocal(spark.sparkContext().master())) {
      return null;
    }
    // The status tracker lists the driver too.
    int alive = spark.sparkContext().statusTracker().getExecutorInfos().length - 1;
    return new ExecutorCount(Math.max(0, alive), executorsRemoved.get());
  }

  /**
   * A local session ({@link SparkSessions#local}).
   *
   * @param shufflePartitions shuffle (and state) partitions; 0 = one per core of the master
   *     ({@link SparkSessions#defaultPartitions})
   * @param stateStore where the stateful queries keep their state
   */
  public static JobEngine local(
      String master, int shufflePartitions, Path workDir, StateStore stateStore) {
    int partitions =
        shufflePartitions == 0 ? SparkSessions.defaultPartitions(master) : shufflePartitions;
    return new JobEngine(SparkSessions.local(master, partitions, workDir, stateStore));
  }

  /**
   * A session whose executors run on a cluster ({@link SparkSessions#cluster}); the driver stays in
   * this JVM.
   *
   * @param jobsJar the lean jobs jar the executors load citypulse's classes from
   * @param driverHost the address executors reach this JVM at; blank: Spark's choice
   */
  public static JobEngine cluster(
      String master,
      int shufflePartitions,
      Path workDir,
      StateStore stateStore,
      Path jobsJar,
      String driverHost) {
    int partitions =
        shufflePartitions == 0 ? SparkSessions.defaultPartitions(master) : shufflePartitions;
    return new JobEngine(
        SparkSessions.cluster(master, partitions, workDir, stateStore, jobsJar, driverHost));
  }

  /**
   * The session spark-submit prepared for this driver ({@link SparkSessions#submitted}).
   *
   * @param shufflePartitions 0 = one per core of {@code spark.master} as spark-submit set it
   */
  public static JobEngine submitted(int shufflePartitions, Path workDir, StateStore stateStore) {
    int partitions = shufflePartitions == 0
        ? SparkSessions.defaultPartitions(System.getProperty("spark.master"))
        : shufflePartitions;
    return new JobEngine(SparkSessions.submitted(partitions, workDir, stateStore));
  }

  /** Whether this JVM is a driver started by {@code spark-submit}. */
  public static boolean underSparkSubmit() {
    return SparkSessions.underSparkSubmit();
  }

  /** Whether {@code master} runs the jobs in this JVM ({@code local[N]}) or on a cluster. */
  public static boolean isLocal(String master) {
    return SparkSessions.isLocal(master);
  }

  /**
   * Runs {@code hook} on JVM shutdown (Ctrl-C) before Spark tears its context down, so pollers
   * and queries stop while Spark still runs under them.
   */
  public static void beforeSparkStops(Runnable hook) {
    org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(hook, BEFORE_SPARK_PRIORITY);
  }

  /** Calls {@code listener} with every progress report of every named job of this engine. */
  public void onProgress(Consumer<JobProgress> listener) {
    spark.streams().addListener(new StreamingQueryListener() {
      @Override
      public void onQueryStarted(QueryStartedEvent event) {}

      @Override
      public void onQueryProgress(QueryProgressEvent event) {
        JobProgress progress = progressOf(event.progress());
        if (progress.job() != null) {
          listener.accept(progress);
        }
      }

      @Override
      public void onQueryTerminated(QueryTerminatedEvent event) {}
    });
  }

  /** The per-postcode availability job ({@link PostcodeAvailabilityJob}). */
  public RunningJob<AvailabilityBatchCounts> startAvailability(AvailabilityJobSettings settings)
      throws TimeoutException {
    PostcodeAvailabilityJob job = new PostcodeAvailabilityJob(spark, settings);
    return new RunningJob<>(job.start(), () -> job.counts().total(), () -> {});
  }

  /** The alerts job ({@link AlertsJob}), with its totals. */
  public RunningJob<AlertCounts> startAlerts(AlertJobSettings settings) throws TimeoutException {
    AlertsJob job = new AlertsJob(spark, settings);
    return new RunningJob<>(job.start(), job::counts, () -> {});
  }

  /** The weather-features job ({@link WeatherFeaturesJob}); its counts are in its log lines. */
  public RunningJob<Void> startWeatherFeatures(WeatherJobSettings settings)
      throws TimeoutException {
    StreamingQuery query = new WeatherFeaturesJob(spark, settings).start();
    return new RunningJob<>(query, () -> null, () -> {});
  }

  /**
   * The live forecast scoring ({@link ForecastScoringJob}) with the latest model saved under
   * {@code stateDir}, reloaded when a newer one is saved.
   */
  public RunningJob<ForecastScoringStatus.Snapshot> startForecastScoring(
      ForecastJobSettings settings, Path stateDir) throws TimeoutException {
    ForecastScoringJob job = new ForecastScoringJob(
        spark, settings, new StoredForecasters(stateDir), java.time.Clock.systemUTC());
    return new RunningJob<>(job.start(), () -> job.status().snapshot(), () -> {});
  }

  /**
   * One stream's Parquet history ({@link ParquetHistoryJob}).
   *
   * @throws IllegalStateException when the history was written with another checkpoint (the
   *     message says what to do)
   */
  public RunningJob<ParquetBatchCounts> startParquetHistory(ParquetHistorySettings settings)
      throws TimeoutException {
    ParquetHistoryJob job = new ParquetHistoryJob(spark, settings);
    return new RunningJob<>(job.start(), () -> job.counts().total(), () -> {});
  }

  /** One stream's PostgreSQL sink ({@link PostgresSinkJob}); its connection closes with it. */
  public RunningJob<PostgresSinkStatus.Snapshot> startPostgresSink(PostgresSinkSettings settings)
      throws TimeoutException {
    PostgresSinkJob job = new PostgresSinkJob(spark, settings);
    StreamingQuery query;
    try {
      query = job.start();
    } catch (TimeoutException | RuntimeException e) {
      job.close();
      throw e;
    }
    return new RunningJob<>(query, () -> job.status().snapshot(), job);
  }

  static JobProgress progressOf(StreamingQueryProgress progress) {
    if (progress == null) {
      return null;
    }
    SourceProgress[] sources = progress.sources();
    return new JobProgress(
        progress.name(),
        progress.batchId(),
        progress.numInputRows(),
        progress.batchDuration(),
        Instant.parse(progress.timestamp()),
        sources.length == 0 ? null : sources[0].endOffset());
  }

  /** Stops the session (and with it every job still running in it). */
  @Override
  public void close() {
    spark.stop();
  }
}
