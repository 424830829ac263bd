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
 *
 * <p>With a local master everything runs in this JVM. With a cluster master ({@code spark://},
 * {@code yarn}, {@code k8s://}) the driver stays here and the executors run there: they load
 * citypulse's classes from the jobs jar this stage ships them.
 *
 * @param jobsJar {@code spark.jobs-jar}; blank: {@code citypulse-jobs.jar} beside the running jar
 * @param driverHost {@code spark.driver-host}; blank: Spark's choice on a cluster
 */
record SparkStage(
    String master,
    int shufflePartitions,
    Path workDir,
    StateStore stateStore,
    String jobsJar,
    String driverHost)
    implements Stage {
  static final Key<JobEngine> ENGINE = Key.named("Spark engine");

  @Override
  public Running start(StageContext context) {
    JobEngine engine;
    boolean submitted = JobEngine.underSparkSubmit();
    boolean local = !submitted && JobEngine.isLocal(master);
    Path jar = local || submitted ? null : JobsJar.locate(jobsJar, master);
    try {
      if (submitted) {
        // spark-submit chose the master, shipped the jar and set up the executors.
        engine = JobEngine.submitted(shufflePartitions, workDir, stateStore);
      } else if (local) {
        engine = JobEngine.local(master, shufflePartitions, workDir, stateStore);
      } else {
        engine = JobEngine.cluster(master, shufflePartitions, workDir, stateStore, jar, driverHost);
      }
    } catch (RuntimeException e) {
      throw new UserFacingException("cannot start Spark: " + e.getMessage(), e);
    }
    if (submitted) {
      context.announce("Spark jobs in the application spark-submit started on " + master);
    } else if (!local) {
      context.announce("Spark jobs on " + master + " (driver here, executors load " + jar + ")");
    }
    engine.onProgress(context.get(MetricsStage.JOB_METERS)::record);
    context.provide(ENGINE, engine);
    return engine::close;
  }
}
