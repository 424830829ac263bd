package io.citypulse.jobs.spark;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started streaming job seen through Spark-free methods: whether it runs, why it stopped, its
 * last progress and its own counts ({@code S}, e.g. the availability job's accepted, stale and
 * rejected records).
 */
public final class RunningJob<S> {
  private static final Logger LOG = LoggerFactory.getLogger(RunningJob.class);

  private final StreamingQuery query;
  private final Supplier<S> counts;
  private final AutoCloseable resources;

  /** @param resources closed after the query stops (connections the job's batches use) */
  RunningJob(StreamingQuery query, Supplier<S> counts, AutoCloseable resources) {
    this.query = query;
    this.counts = counts;
    this.resources = resources;
  }

  public String name() {
    return query.name();
  }

  public boolean isActive() {
    return query.isActive();
  }

  /** Why the query stopped on its own, null while it runs or when it was stopped. */
  public String failure() {
    StreamingQueryException exception = query.exception().getOrElse(() -> null);
    return exception == null ? null : exception.getMessage();
  }

  /** The last batch's report, null before the first batch. */
  public JobProgress lastProgress() {
    return JobEngine.progressOf(query.lastProgress());
  }

  /** The job's own counts since it started. */
  public S counts() {
    return counts.get();
  }

  /**
   * Waits until the first micro-batch is done, the query stops or {@code atMost} passes.
   *
   * @return true if a batch is done
   */
  public boolean awaitFirstBatch(Duration atMost) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    StreamingQueryProgress progress = query.lastProgress();
    while (progress == null && query.isActive() && System.nanoTime() < deadline) {
      // Spark offers no signal for "first batch done" other than its listener bus, which every
      // query of the session shares; a 50 ms look at the query's own field is simpler and cheap.
      Thread.sleep(50);
      progress = query.lastProgress();
    }
    return progress != null;
  }

  /** Stops the query (waiting for its current batch), then its resources; safe to call twice. */
  public void stop() {
    try {
      query.stop();
    } catch (TimeoutException e) {
      LOG.warn("the Spark job {} did not stop in time: {}", name(), e.toString());
    } finally {
      try {
        resources.close();
      } catch (Exception e) {
        LOG.warn("while closing the resources of {}: {}", name(), e.toString());
      }
    }
  }
}
