package io.citypulse.app.run;

import io.citypulse.dashboard.health.JobHealth;
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
import java.util.function.Function;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Follows every streaming query of the session through Spark's listener bus: batch durations,
 * input records and input-topic lag ({@link InputLag}) as Micrometer meters tagged {@code job},
 * and the latest progress per query for the health panel.
 */
final class SparkJobMeters extends StreamingQueryListener {
  private final MeterRegistry registry;
  private final Function<String, StreamingQuery> queries;
  private final Function<String, Long> lag;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();

  /**
   * @param queries the pipeline's running query of a name (null if none), for stopped/failed
   * @param lag a query's input lag ({@link InputLag#of}), null when not measured
   */
  SparkJobMeters(MeterRegistry registry, Function<String, StreamingQuery> queries, Function<String, Long> lag) {
    this.registry = registry;
    this.queries = queries;
    this.lag = lag;
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    if (event.name() != null) {
      job(event.name());
    }
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress progress = event.progress();
    if (progress.name() == null) {
      return;
    }
    job(progress.name()).record(progress);
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    // Status comes from the query itself (isActive, exception): nothing kept here.
  }

  /** One entry per query seen, in name order. */
  List<JobHealth> health() {
    List<JobHealth> health = new ArrayList<>();
    new TreeMap<>(jobs).forEach((name, job) -> health.add(job.health(queries.apply(name))));
    return health;
  }

  private Job job(String name) {
    return jobs.computeIfAbsent(name, n -> new Job(n, registry, lag));
  }

  /** What is known of one query; written by the listener thread, read by web threads. */
  private static final class Job {
    private final String name;
    private final Timer batchDuration;
    private final Counter inputRecords;
    private final Function<String, Long> lag;
    private volatile long batches;
    private volatile long records;
    private volatile Instant lastBatchAt;
    private volatile Long lastBatchMillis;
    private volatile String inputTopic;

    Job(String name, MeterRegistry registry, Function<String, Long> lag) {
      this.name = name;
      this.lag = lag;
      this.batchDuration = Timer.builder("citypulse.job.batch.duration").tag("job", name)
          .description("Duration of the Spark query's micro-batches").publishPercentiles(0.5, 0.95)
          .register(registry);
      this.inputRecords = Counter.builder("citypulse.job.input.records").tag("job", name)
          .description("Records the Spark query read from its input topic").register(registry);
      Gauge.builder("citypulse.job.lag", lag, l -> {
            Long behind = l.apply(name);
            return behind == null ? Double.NaN : behind;
          }).tag("job", name)
          .description("Records of the input topic beyond the query's last batch").register(registry);
    }

    void record(StreamingQueryProgress progress) {
      // Progress without new data and without a new batch id is not a batch.
      if (progress.numInputRows() > 0 || progress.batchId() + 1 > batches) {
        batchDuration.record(Duration.ofMillis(progress.batchDuration()));
        lastBatchMillis = progress.batchDuration();
        lastBatchAt = Instant.parse(progress.timestamp());
        batches = progress.batchId() + 1;
      }
      inputRecords.increment(progress.numInputRows());
      records += progress.numInputRows();
      SourceProgress[] sources = progress.sources();
      if (sources.length > 0) {
        String topic = OffsetLag.topicOf(sources[0].endOffset());
        if (topic != null) {
          inputTopic = topic;
        }
      }
    }

    JobHealth health(StreamingQuery query) {
      String status;
      if (query == null || !query.isActive()) {
        status = query != null && query.exception().isDefined() ? "failed" : "stopped";
      } else {
        status = lastBatchAt == null ? "starting" : "running";
      }
      return new JobHealth(name, inputTopic, status, batches, lastBatchAt, lastBatchMillis, records, lag.apply(name));
    }
  }
}
