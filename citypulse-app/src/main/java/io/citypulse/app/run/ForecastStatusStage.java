package io.citypulse.app.run;

import io.citypulse.jobs.scoring.ForecastScoringStatus;
import io.citypulse.jobs.spark.RunningJob;
import java.time.Duration;

/** The forecast status line ({@link ForecastStatusLine}) every interval. */
record ForecastStatusStage(Duration interval) implements Stage {
  @Override
  public Running start(StageContext context) {
    RunningJob<ForecastScoringStatus.Snapshot> job = context.get(ForecastJobStage.JOB);
    return StatusReporter.every(
        interval,
        "citypulse-forecast-status",
        () -> ForecastStatusLine.format(context.clock().instant(), job.counts()),
        context.out(),
        () -> {});
  }
}
