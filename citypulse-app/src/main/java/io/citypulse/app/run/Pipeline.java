package io.citypulse.app.run;

import io.citypulse.app.config.Settings;
import io.citypulse.jobs.spark.JobEngine;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;

/**
 * The whole pipeline in one process: the {@link PipelinePlan} of its settings, run by a {@link
 * StageRunner}. {@link #close()} stops everything in reverse order.
 */
public final class Pipeline implements AutoCloseable {
  private final StageRunner runner;

  private Pipeline(StageRunner runner) {
    this.runner = runner;
  }

  /** Starts every stage; on failure, stops what was started and throws a user-facing error. */
  public static Pipeline start(Settings settings, URI gbfsUrl, PrintWriter out) {
    PipelinePlan plan = PipelinePlan.of(settings, gbfsUrl, System.getenv());
    return new Pipeline(StageRunner.start(plan.stages(), out, Clock.systemUTC()));
  }

  /** The Kafka cluster in use (the embedded broker's address when it runs one). */
  public String bootstrapServers() {
    return runner.provided(BrokerStage.BOOTSTRAP);
  }

  /**
   * Blocks until {@link #close()} is called (Ctrl-C) or a stage fails (a Spark job stops).
   *
   * @return the process exit code
   */
  public int awaitTermination() throws InterruptedException {
    // On Ctrl-C, the pollers and the jobs stop before Spark is torn down under them.
    JobEngine.beforeSparkStops(this::close);
    return runner.awaitTermination();
  }

  /** Stops every started stage, newest first; safe to call twice and from a shutdown hook. */
  @Override
  public void close() {
    runner.close();
  }
}
