package io.citypulse.app.run;

import io.citypulse.app.run.StageContext.Key;
import io.citypulse.jobs.availability.AreaGrouping;
import io.citypulse.jobs.availability.AvailabilityBatchCounts;
import io.citypulse.jobs.availability.AvailabilityJobSettings;
import io.citypulse.jobs.spark.RunningJob;
import java.time.Duration;

/**
 * The per-postcode availability job: station states in, per-postcode totals out.
 *
 * @param feed what the start-up line says is polled (the feed's URL and station filter)
 * @param grouping what stations are summed into (postcodes of one system by default)
 */
record AvailabilityJobStage(
    String stationsTopic,
    String outputTopic,
    String checkpoint,
    String startingOffsets,
    Duration trigger,
    String feed,
    AreaGrouping grouping)
    implements Stage {
  static final Key<RunningJob<AvailabilityBatchCounts>> JOB = Key.named("availability job");

  /** The job's settings once the broker's address is known. */
  AvailabilityJobSettings jobSettings(String bootstrapServers) {
    return new AvailabilityJobSettings(
        bootstrapServers,
        stationsTopic,
        outputTopic,
        checkpoint,
        startingOffsets,
        trigger,
        null,
        grouping);
  }

  @Override
  public Running start(StageContext context) throws Exception {
    RunningJob<AvailabilityBatchCounts> job = context
        .get(SparkStage.ENGINE)
        .startAvailability(jobSettings(context.get(BrokerStage.BOOTSTRAP)));
    context.provide(JOB, job);
    context.announce(
        grouping.isPerSystem()
            ? String.format(
                "polling %s -> %s -> Spark -> %s (per system:area) and %s (per system)",
                feed, stationsTopic, outputTopic, grouping.systemTotalsTopic())
            : String.format("polling %s -> %s -> Spark -> %s", feed, stationsTopic, outputTopic));
    return JobRunning.register(context, job);
  }
}
