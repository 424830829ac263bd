package io.citypulse.app.run;

import io.citypulse.jobs.spark.RunningJob;

/**
 * A started Spark job as a stage's {@link Running}: it fails when the job stops on its own, and
 * stops the job when the pipeline stops. Registering it makes it visible to the status lines,
 * the health panel, {@code /metrics} and the input-lag measurement.
 */
record JobRunning(RunningJob<?> job) implements Running {

  static JobRunning register(StageContext context, RunningJob<?> job) {
    context.get(MetricsStage.JOBS).add(job);
    context.get(MetricsStage.JOB_METERS).started(job.name());
    return new JobRunning(job);
  }

  @Override
  public String failure() {
    if (job.isActive()) {
      return null;
    }
    String cause = job.failure();
    return "the Spark job " + job.name() + " stopped" + (cause == null ? "" : ": " + cause);
  }

  @Override
  public void close() {
    job.stop();
  }
}
