package io.citypulse.app.run;

import io.citypulse.app.run.StageContext.Key;
import io.citypulse.jobs.spark.RunningJob;
import io.citypulse.jobs.weather.WeatherJobSettings;
import java.time.Duration;

/**
 * The weather-features job: observations in, derived variables and trends out.
 *
 * @param source what the start-up line says is polled (source, locations, interval)
 */
record WeatherJobStage(
    String weatherTopic,
    String featuresTopic,
    String deadLetterTopic,
    String checkpoint,
    String startingOffsets,
    Duration trigger,
    Duration lateness,
    Duration trendWindow,
    String source)
    implements Stage {
  static final Key<RunningJob<?>> JOB = Key.named("weather job");

  /** The job's settings once the broker's address is known. */
  WeatherJobSettings jobSettings(String bootstrapServers) {
    return new WeatherJobSettings(
        bootstrapServers,
        weatherTopic,
        featuresTopic,
        deadLetterTopic,
        checkpoint,
        startingOffsets,
        trigger,
        lateness,
        trendWindow);
  }

  @Override
  public Running start(StageContext context) throws Exception {
    RunningJob<?> job = context
        .get(SparkStage.ENGINE)
        .startWeatherFeatures(jobSettings(context.get(BrokerStage.BOOTSTRAP)));
    context.provide(JOB, job);
    context.announce(
        String.format("weather from %s -> %s -> Spark -> %s", source, weatherTopic, featuresTopic));
    return JobRunning.register(context, job);
  }
}
