package io.citypulse.bench.engine;

import io.citypulse.jobs.availability.AvailabilityJobSettings;
import io.citypulse.jobs.availability.PostcodeAvailabilityJob;
import io.citypulse.jobs.spark.SparkSessions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The product: {@link PostcodeAvailabilityJob} in a local Spark session built exactly as the app's
 * pipeline builds it (SparkSessions.local, default shuffle partitions, trigger 0, no cap per batch,
 * from the earliest offset).
 */
final class SparkEngine implements Engine {
  static final String NAME = "citypulse";

  private final EngineSettings settings;
  private final List<StreamingQueryProgress> progress = new ArrayList<>();
  private final List<Long> cpuAtProgress = new ArrayList<>();
  private final List<Long> compilations = new ArrayList<>();
  private SparkSession spark;
  private StreamingQuery query;

  SparkEngine(EngineSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void prepare() {
    spark = SparkSessions.local(
        "local[" + settings.threads() + "]",
        settings.statePartitions(),
        settings.workDir().resolve("spark"));
    spark.streams().addListener(new StreamingQueryListener() {
      @Override
      public void onQueryStarted(QueryStartedEvent event) {}

      @Override
      public void onQueryProgress(QueryProgressEvent event) {
        synchronized (progress) {
          cpuAtProgress.add(((com.sun.management.OperatingSystemMXBean)
                  java.lang.management.ManagementFactory.getOperatingSystemMXBean())
              .getProcessCpuTime());
          progress.add(event.progress());
          compilations.add(org.apache.spark.metrics.source.CodegenMetrics.METRIC_COMPILATION_TIME()
              .getCount());
        }
      }

      @Override
      public void onQueryTerminated(QueryTerminatedEvent event) {}
    });
  }

  @Override
  public void start() throws Exception {
    AvailabilityJobSettings job = new AvailabilityJobSettings(
        settings.bootstrapServers(),
        settings.inputTopic(),
        settings.outputTopic(),
        settings.workDir().resolve("checkpoint").toString(),
        "earliest",
        Duration.ZERO,
        null);
    query = new PostcodeAvailabilityJob(spark, job).start();
  }

  @Override
  public Optional<Throwable> failure() {
    if (query == null || query.isActive()) {
      return Optional.empty();
    }
    return Optional.of(
        query.exception().isDefined()
            ? query.exception().get()
            : new IllegalStateException("the Spark query stopped"));
  }

  /** Per micro-batch: rows and where the time went (Spark's durationMs), plus sums over the run. */
  @Override
  public Map<String, Object> details() {
    List<StreamingQueryProgress> batches;
    synchronized (progress) {
      batches = List.copyOf(progress);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("spark_master", "local[" + settings.threads() + "]");
    out.put("shuffle_partitions", settings.statePartitions());
    out.put("batches", batches.size());
    synchronized (progress) {
      int n = cpuAtProgress.size();
      if (n > 20) {
        out.put(
            "cpu_ms_per_batch",
            (cpuAtProgress.get(n - 1) - cpuAtProgress.get(10)) / 1_000_000 / (n - 11));
        long rows = 0;
        for (int i = 11; i < n; i++) rows += batches.get(i).numInputRows();
        out.put(
            "codegen_compilations_per_batch",
            (double) (compilations.get(n - 1) - compilations.get(10)) / (n - 11));
        out.put(
            "cpu_us_per_row",
            (cpuAtProgress.get(n - 1) - cpuAtProgress.get(10)) / 1000 / Math.max(1, rows));
      }
    }
    Map<String, Long> totalMs = new LinkedHashMap<>();
    List<Map<String, Object>> perBatch = new ArrayList<>();
    for (StreamingQueryProgress p : batches) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("batch", p.batchId());
      b.put("input_rows", p.numInputRows());
      Map<String, Long> durations = new LinkedHashMap<>(p.durationMs());
      b.put("duration_ms", durations);
      durations.forEach((k, v) -> totalMs.merge(k, v, Long::sum));
      perBatch.add(b);
    }
    out.put("total_duration_ms", totalMs);
    // A long latency run has thousands of batches: keep the first ones and the slowest ones.
    out.put("first_batches", perBatch.subList(0, Math.min(5, perBatch.size())));
    List<Map<String, Object>> slowest = new ArrayList<>(perBatch);
    slowest.sort((a, b) -> Long.compare(trigger(b), trigger(a)));
    out.put("slowest_batches", slowest.subList(0, Math.min(5, slowest.size())));
    long[] triggers = perBatch.stream().mapToLong(SparkEngine::trigger).sorted().toArray();
    if (triggers.length > 0) {
      out.put("batch_ms_median", triggers[triggers.length / 2]);
      out.put("batch_ms_max", triggers[triggers.length - 1]);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static long trigger(Map<String, Object> batch) {
    Long ms = ((Map<String, Long>) batch.get("duration_ms")).get("triggerExecution");
    return ms == null ? 0 : ms;
  }

  @Override
  public void close() {
    try {
      if (query != null) {
        query.stop();
      }
    } catch (Exception e) {
      System.err.println("bench: stopping the Spark query: " + e);
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }
}
