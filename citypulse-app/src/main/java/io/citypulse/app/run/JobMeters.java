package io.citypulse.app.run;

import io.citypulse.dashboard.health.JobHealth;
import io.citypulse.jobs.spark.JobProgress;
import io.citypulse.jobs.spark.RunningJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows every Spark job of the pipeline through its progress reports ({@link
 * io.citypulse.jobs.spark.JobEngine#onProgress}): batch durations, input records and input-topic
 * lag ({@link InputLag}) as Micrometer meters tagged {@code job}, and the latest progress per job
 * for the health panel.
 */
final class JobMeters {
  private final MeterRegistry registry;
  private final RunningJobs running;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();

  /** @param running the pipeline's started jobs (for stopped/failed) and their input lag */
  JobMeters(MeterRegistry registry, RunningJobs running) {
    this.registry = registry;
    this.running = running;
  }

  /** A job has started: it shows as "starting" until its first batch. */
  void started(String name) {
    job(name);
  }

  /** One progress report of a job. */
  void record(JobProgress progress) {
    job(progress.job()).record(progress);
  }

  /** One entry per job seen, in name order. */
  List<JobHealth> health() {
    List<JobHealth> health = new ArrayList<>();
    new TreeMap<>(jobs).forEach((name, job) -> health.add(job.health(running.get(name))));
    return health;
  }

  private Job job(String name) {
    return jobs.computeIfAbsent(name, n -> new Job(n, registry, running::lag));
  }

  /** What is known of one query; written by the listener thread, read by web threads. */
  private static final class Job {
    private final String name;
    private final Timer batchDuration;
    private final Counter inputRecords;
    private final java.util.function.Function<String, Long> lag;
    private volatile long batches;
    private volatile long records;
    private volatile Instant lastBatchAt;
    private volatile Long lastBatchMillis;
    private volatile String inputTopic;

    Job(String name, MeterRegistry registry, java.util.function.Function<String, Long> lag) {
      this.name = name;
      this.lag = lag;
      this.batchDuration = Timer.builder("citypulse.job.batch.duration")
          .tag("job", name)
          .description("Duration of the Spark query's micro-batches")
          .publishPercentiles(0.5, 0.95)
          .register(registry);
      this.inputRecords = Counter.builder("citypulse.job.input.records")
          .tag("job", name)
          .description("Records the Spark query read from its input topic")
          .register(registry);
      Gauge.builder("citypulse.job.lag", lag, l -> {
            Long behind = l.apply(name);
            return behind == null ? Double.NaN : behind;
          })
          .tag("job", name)
          .description("Records of the input topic beyond the query's last batch")
          .register(registry);
    }

    void record(JobProgress progress) {
      // Progress without new data and without a new batch id is not a batch.
      if (progress.inputRows() > 0 || progress.batches() > batches) {
        batchDuration.record(Duration.ofMillis(progress.batchMillis()));
        lastBatchMillis = progress.batchMillis();
        lastBatchAt = progress.timestamp();
        batches = progress.batches();
      }
      inputRecords.increment(progress.inputRows());
      records += progress.inputRows();
      String topic = OffsetLag.topicOf(progress.inputEndOffsets());
      if (topic != null) {
        inputTopic = topic;
      }
    }

    JobHealth health(RunningJob<?> job) {
      String status;
      if (job == null || !job.isActive()) {
        status = job != null && job.failure() != null ? "failed" : "stopped";
      } else {
        status = lastBatchAt == null ? "starting" : "running";
      }
      return new JobHealth(
          name,
          inputTopic,
          status,
          batches,
          lastBatchAt,
          lastBatchMillis,
          records,
          lag.apply(name));
    }
  }
}
