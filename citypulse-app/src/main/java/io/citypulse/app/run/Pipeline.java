package io.citypulse.app.run;

import io.citypulse.app.config.Durations;
import io.citypulse.app.config.Settings;
import io.citypulse.jobs.spark.JobEngine;
import io.citypulse.jobs.spark.JobProgress;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

  /**
   * Like {@link #awaitTermination()}, and also returns 0 once the run has lasted {@code runFor}
   * ({@code run --for}) or has been idle for {@code idleFor} ({@code run --until-idle}: every
   * job and sink caught up with its input and took nothing new for that long).
   *
   * @param runFor null: no time limit
   * @param idleFor null: do not stop when idle
   */
  public int awaitEnd(Duration runFor, Duration idleFor) throws InterruptedException {
    JobEngine.beforeSparkStops(this::close);
    Clock clock = Clock.systemUTC();
    Instant deadline = runFor == null ? null : clock.instant().plus(runFor);
    IdleWatch idle = idleFor == null ? null : new IdleWatch(idleFor);
    return runner.awaitTermination(() -> {
      Instant now = clock.instant();
      if (deadline != null && !now.isBefore(deadline)) {
        runner.announce("stopping: ran for " + Durations.format(runFor));
        return true;
      }
      if (idle != null && idle.idle(now, activity())) {
        runner.announce("stopping: idle for " + Durations.format(idleFor)
            + " (every job and sink has read all its input)");
        return true;
      }
      return false;
    });
  }

  /** Where every poller of this process stands in its first poll, in plan order. */
  public List<String> unfinishedPolls() {
    return rounds().stream().filter(r -> !r.done()).map(PollRound::source).toList();
  }

  /**
   * Each source's first poll: its summary line, and whether it succeeded.
   *
   * @return the summary lines by success (true: every poll succeeded)
   */
  public Map.Entry<Boolean, List<String>> pollSummary() {
    List<PollRound> rounds = rounds();
    return Map.entry(
        !rounds.isEmpty() && rounds.stream().allMatch(PollRound::ok),
        rounds.stream().map(PollRound::line).toList());
  }

  private List<PollRound> rounds() {
    List<PollRound> rounds = new ArrayList<>();
    BikeIngest bikes = runner.provided(GbfsIngestStage.INGEST);
    if (bikes != null) {
      rounds.addAll(bikes.rounds());
    }
    WeatherIngest weather = runner.provided(WeatherIngestStage.INGEST);
    if (weather != null) {
      weather.status().forEach(status -> rounds.add(PollRound.of(status)));
    }
    return rounds;
  }

  /** What each Spark job and sink has taken so far, for the idle watch. */
  private List<IdleWatch.Activity> activity() {
    List<IdleWatch.Activity> activities = new ArrayList<>();
    RunningJobs jobs = runner.provided(MetricsStage.JOBS);
    if (jobs != null) {
      jobs.all().forEach((name, job) -> {
        JobProgress progress = job.lastProgress();
        // The offsets of its data topics move when it reads data; Spark's empty batches
        // (watermarks) and the health reports the alerts job reads do not.
        Long data = jobs.dataTaken(name);
        long taken = data != null
            ? data
            : progress == null || progress.inputRows() == 0 ? -1 : progress.batchId();
        activities.add(new IdleWatch.Activity("job " + name, jobs.lag(name), taken));
      });
    }
    RunningSinks sinks = runner.provided(MetricsStage.SINKS);
    if (sinks != null) {
      sinks
          .snapshots()
          .forEach(s -> activities.add(
              new IdleWatch.Activity("sink " + s.name(), s.lag(), s.totalWritten() + s.refused())));
    }
    return activities;
  }

  /** Stops every started stage, newest first; safe to call twice and from a shutdown hook. */
  @Override
  public void close() {
    runner.close();
  }
}
