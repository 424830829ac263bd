package io.citypulse.app.run;

import io.citypulse.jobs.spark.JobProgress;
import io.citypulse.jobs.spark.RunningJob;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.sources.metrics.Counters;
import java.time.Duration;
import java.util.List;

/** The weather status line ({@link WeatherStatusLine}) every interval, with the newest features record. */
record WeatherStatusStage(String featuresTopic, Duration interval) implements Stage {
  @Override
  public Running start(StageContext context) {
    NewestRecord<WeatherFeatures> features = new NewestRecord<>(
        context.get(BrokerStage.BOOTSTRAP),
        featuresTopic,
        WeatherFeatures.class,
        "citypulse-weather-status");
    // Null when the job runs in an application submitted to a cluster (pipeline.part = ingest).
    RunningJob<?> job = context.getIfProvided(WeatherJobStage.JOB);
    // Null with weather.sources = none: the job reads what others publish.
    WeatherIngest ingest = context.getIfProvided(WeatherIngestStage.INGEST);
    Counters counters = context.get(MetricsStage.COUNTERS);
    return StatusReporter.every(
        interval,
        "citypulse-weather-status",
        () -> {
          WeatherFeatures last = features.poll();
          JobProgress progress = job == null ? null : job.lastProgress();
          return WeatherStatusLine.format(
              context.clock().instant(),
              ingest == null ? List.of() : ingest.status(),
              counters.snapshot(),
              job == null ? -1 : progress == null ? 0 : progress.batches(),
              last);
        },
        context.out(),
        features);
  }
}
