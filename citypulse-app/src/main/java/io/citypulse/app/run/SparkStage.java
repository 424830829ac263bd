package io.citypulse.app.run;

import io.citypulse.app.cli.UserFacingException;
import io.citypulse.app.run.StageContext.Key;
import io.citypulse.jobs.spark.JobEngine;
import io.citypulse.jobs.spark.StateStore;
import java.nio.file.Path;

/**
 * The Spark session the jobs run in. It takes seconds to start, so it needs neither the broker
 * nor the topics and starts beside them; listed after the broker in the plan, it stops before it
 * (Spark's cached Kafka producers must not outlive the broker).
 */
record SparkStage(String master, int shufflePartitions, Path workDir, StateStore stateStore)
    implements Stage {
  static final Key<JobEngine> ENGINE = Key.named("Spark engine");

  @Override
  public Running start(StageContext context) {
    JobEngine engine;
    try {
      engine = JobEngine.local(master, shufflePartitions, workDir, stateStore);
    } catch (RuntimeException e) {
      throw new UserFacingException("cannot start Spark: " + e.getMessage(), e);
    }
    engine.onProgress(context.get(MetricsStage.JOB_METERS)::record);
    context.provide(ENGINE, engine);
    return engine::close;
  }
}
