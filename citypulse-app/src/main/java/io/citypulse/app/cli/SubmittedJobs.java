package io.citypulse.app.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The main class a Spark cluster runs as citypulse's driver ({@code spark-submit --class
 * io.citypulse.app.cli.SubmittedJobs citypulse-jobs.jar ...}, or {@code citypulse submit}): {@code
 * citypulse run} with {@code pipeline.part = jobs}, so the Spark jobs and sinks only, with the same
 * options and config file as {@code run}. Spark's session is the one spark-submit set up (master,
 * deploy mode, executors, the jobs jar already on every executor); the pollers and the dashboard
 * run elsewhere ({@code run --set pipeline.part=ingest}).
 */
public final class SubmittedJobs {
  private SubmittedJobs() {}

  public static void main(String[] args) {
    List<String> run = new ArrayList<>(List.of("run"));
    run.addAll(List.of(args));
    run.addAll(List.of("--set", "pipeline.part=jobs"));
    // spark-submit's --master is the one in use: the plan checks the checkpoints against it.
    String master = System.getProperty("spark.master");
    if (master != null) {
      run.addAll(List.of("--set", "spark.master=" + master));
    }
    CitypulseCommand.main(run.toArray(String[]::new));
  }
}
