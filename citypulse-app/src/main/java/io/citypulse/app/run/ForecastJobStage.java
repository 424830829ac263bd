package io.citypulse.app.run;

import io.citypulse.app.run.StageContext.Key;
import io.citypulse.jobs.scoring.ForecastJobSettings;
import io.citypulse.jobs.scoring.ForecastScoringStatus;
import io.citypulse.jobs.spark.RunningJob;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The live forecast scoring: station states in, a forecast per changed station out, with the
 * latest model {@code citypulse forecast train} saved under the state dir.
 */
record ForecastJobStage(
    String stationsTopic,
    String forecastsTopic,
    String checkpoint,
    String startingOffsets,
    Duration trigger,
    Duration refresh,
    Path stateDir)
    implements Stage {
  static final Key<RunningJob<ForecastScoringStatus.Snapshot>> JOB = Key.named("forecast job");

  /** The job's settings once the broker's address is known. */
  ForecastJobSettings jobSettings(String bootstrapServers) {
    return new ForecastJobSettings(
        bootstrapServers,
        stationsTopic,
        forecastsTopic,
        checkpoint,
        startingOffsets,
        trigger,
        refresh);
  }

  @Override
  public Running start(StageContext context) throws Exception {
    RunningJob<ForecastScoringStatus.Snapshot> job = context
        .get(SparkStage.ENGINE)
        .startForecastScoring(jobSettings(context.get(BrokerStage.BOOTSTRAP)), stateDir);
    context.provide(JOB, job);
    context.announce(String.format(
        "forecasts: %s -> Spark + the latest model in %s -> %s",
        stationsTopic, stateDir.resolve("forecast"), forecastsTopic));
    return JobRunning.register(context, job);
  }
}
