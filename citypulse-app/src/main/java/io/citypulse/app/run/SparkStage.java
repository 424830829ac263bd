package io.citypulse.app.run;

import io.citypulse.app.cli.UserFacingException;
import io.citypulse.app.run.StageContext.Key;
import io.citypulse.jobs.spark.JobEngine;
import io.citypulse.jobs.spark.StateStore;
import java.net.URISyntaxException;
import java.nio.file.Files;
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
  static final String JOBS_JAR_NAME = "citypulse-jobs.jar";

  @Override
  public Running start(StageContext context) {
    JobEngine engine;
    boolean local = JobEngine.isLocal(master);
    Path jar = local ? null : jarToShip();
    try {
      engine = local
          ? JobEngine.local(master, shufflePartitions, workDir, stateStore)
          : JobEngine.cluster(master, shufflePartitions, workDir, stateStore, jar, driverHost);
    } catch (RuntimeException e) {
      throw new UserFacingException("cannot start Spark: " + e.getMessage(), e);
    }
    if (!local) {
      context.announce("Spark jobs on " + master + " (driver here, executors load " + jar + ")");
    }
    engine.onProgress(context.get(MetricsStage.JOB_METERS)::record);
    context.provide(ENGINE, engine);
    return engine::close;
  }

  /**
   * The jobs jar to ship: the configured one, else the one built beside the running citypulse.jar.
   *
   * @throws UserFacingException when there is none: the executors could not run a single task
   */
  Path jarToShip() {
    if (!jobsJar.isBlank()) {
      Path configured = Path.of(jobsJar.trim());
      if (!Files.isRegularFile(configured)) {
        throw new UserFacingException("spark.jobs-jar " + configured + " does not exist (build it"
            + " with ./mvnw -B package -DskipTests: citypulse-app/target/" + JOBS_JAR_NAME + ")");
      }
      return configured.toAbsolutePath();
    }
    Path beside = besideRunningJar();
    if (beside == null || !Files.isRegularFile(beside)) {
      throw new UserFacingException("spark.master " + master + " runs the jobs' executors on a"
          + " cluster, which needs citypulse's classes: no " + JOBS_JAR_NAME + " beside the running"
          + " jar" + (beside == null ? "" : " (" + beside + ")") + "; set spark.jobs-jar to the one"
          + " built in citypulse-app/target");
    }
    return beside;
  }

  /** {@code citypulse-jobs.jar} in the directory of the jar this class runs from, if it is one. */
  static Path besideRunningJar() {
    try {
      Path running = Path.of(
          SparkStage.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return running.toString().endsWith(".jar") && running.getParent() != null
          ? running.getParent().resolve(JOBS_JAR_NAME)
          : null;
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }
}
