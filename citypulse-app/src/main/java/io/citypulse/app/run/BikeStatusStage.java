package io.citypulse.app.run;

import io.citypulse.jobs.availability.AvailabilityBatchCounts;
import io.citypulse.jobs.spark.JobProgress;
import io.citypulse.jobs.spark.RunningJob;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.SystemsSummary;
import java.time.Duration;
import java.time.Instant;

/**
 * The bike status line ({@link StatusLine}) every interval: source counters, the job's batches,
 * rejected records and input lag, and the newest per-postcode aggregate read from the output
 * topic as a user's consumer would.
 */
record BikeStatusStage(String outputTopic, Duration interval) implements Stage {
  @Override
  public Running start(StageContext context) {
    NewestRecord<PostcodeAvailability> aggregates = new NewestRecord<>(
        context.get(BrokerStage.BOOTSTRAP),
        outputTopic,
        PostcodeAvailability.class,
        "citypulse-status");
    // Null when the job runs in an application submitted to a cluster (pipeline.part = ingest).
    RunningJob<AvailabilityBatchCounts> job = context.getIfProvided(AvailabilityJobStage.JOB);
    BikeIngest ingest = context.get(GbfsIngestStage.INGEST);
    Counters counters = context.get(MetricsStage.COUNTERS);
    RunningJobs jobs = context.get(MetricsStage.JOBS);
    ClusterWatch cluster = context.getIfProvided(ClusterWatchStage.WATCH);
    // A catalogue-wide run adds its systems and what happened since the previous line.
    SystemsIngest systems = ingest instanceof SystemsIngest many ? many : null;
    java.util.concurrent.atomic.AtomicLong publishedBefore =
        new java.util.concurrent.atomic.AtomicLong();
    return StatusReporter.every(
        interval,
        "citypulse-status",
        () -> {
          PostcodeAvailability lastAggregate = aggregates.poll();
          JobProgress progress = job == null ? null : job.lastProgress();
          Instant lastPoll = ingest.lastSuccessfulPoll();
          Instant now = context.clock().instant();
          Long behind = job == null ? null : jobs.lag(job.name());
          String line = StatusLine.format(
              now,
              counters.snapshot(),
              lastAggregate,
              job == null ? -1 : progress == null ? 0 : progress.batches(),
              behind == null ? -1 : behind,
              lastPoll == null ? null : Duration.between(lastPoll, now),
              job == null ? 0 : job.counts().rejected(),
              ingest.postcodes());
          line += StatusLine.cluster(cluster == null ? null : cluster.health());
          if (systems == null) {
            return line;
          }
          SystemsSummary summary = systems.summary();
          long published = summary.published();
          return line
              + StatusLine.systems(
                  summary,
                  systems.selection().selection().needsAuthentication().size(),
                  systems.takeRound(),
                  published - publishedBefore.getAndSet(published));
        },
        context.out(),
        aggregates);
  }
}
