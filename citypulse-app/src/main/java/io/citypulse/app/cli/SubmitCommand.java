package io.citypulse.app.cli;

import io.citypulse.app.config.CitypulseConfig;
import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.ConfigKey;
import io.citypulse.app.config.Settings;
import io.citypulse.app.run.JobsJar;
import io.citypulse.app.run.PipelinePlan;
import io.citypulse.jobs.spark.ClusterSubmit;
import io.citypulse.jobs.spark.JobEngine;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Submits the Spark jobs of a configuration to a cluster through Spark's own launcher: the same
 * config file and options as {@code run}, the driver ({@link SubmittedJobs}) in the lean jobs jar.
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Submit the Spark jobs to a cluster through Spark's launcher.",
      "The jobs (availability, weather, sinks) of this configuration go to the cluster as one"
          + " application, with the lean jobs jar, through $SPARK_HOME/bin/spark-submit. Run the"
          + " pollers and the dashboard beside it with: citypulse run --set pipeline.part=ingest"
          + " (same config).",
      "Prints the equivalent spark-submit line, then the application's state: in client mode"
          + " until it ends (the driver is a child process; Ctrl-C stops it), in cluster mode"
          + " until the cluster runs the driver."
    })
final class SubmitCommand implements Callable<Integer> {
  /** Keys the submission sets itself rather than passing them on. */
  private static final Set<String> NOT_FORWARDED = Set.of(
      CitypulseConfig.PIPELINE_PART.name(),
      CitypulseConfig.SPARK_MASTER.name(),
      CitypulseConfig.JOBS_JAR.name(),
      CitypulseConfig.DRIVER_HOST.name());

  @Spec
  CommandSpec spec;

  @Mixin
  PipelineOptions options;

  @Option(
      names = "--spark-home",
      paramLabel = "DIR",
      defaultValue = "${env:SPARK_HOME}",
      description = "The Spark installation whose bin/spark-submit submits (default: $SPARK_HOME).")
  Path sparkHome;

  @Option(
      names = "--deploy-mode",
      paramLabel = "MODE",
      defaultValue = "client",
      description = "client (the driver runs on this machine, in a child process) or cluster (the"
          + " cluster runs it). Default: ${DEFAULT-VALUE}.")
  String deployMode;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description =
          "A Spark setting passed to spark-submit (executor memory, cores...);" + " repeatable.")
  List<String> sparkConf = List.of();

  @Override
  public Integer call() throws Exception {
    Settings settings = options.settings(Map.of(), Map.of());
    String master = settings.get(CitypulseConfig.SPARK_MASTER);
    if (JobEngine.isLocal(master)) {
      throw new ConfigException(
          "config key 'spark.master' (" + settings.origin(CitypulseConfig.SPARK_MASTER)
              + "): submit needs a cluster master (spark://host:7077,"
              + " yarn, k8s://...), not " + master + "; citypulse run runs the jobs in-process");
    }
    if (settings.get(CitypulseConfig.BOOTSTRAP_SERVERS).isBlank()) {
      throw new ConfigException("config key 'kafka.bootstrap-servers': submitted jobs read and"
          + " write a Kafka cluster every node reaches; set it (--bootstrap-servers)");
    }
    if (sparkHome == null) {
      throw new ConfigException("no Spark installation: set SPARK_HOME or --spark-home (the local"
          + " cluster's is $CITYPULSE_CLUSTER_DIR/spark-home)");
    }
    // The driver's plan, checked here: a bad setting fails now, not on the cluster.
    Map<String, String> asDriver = new HashMap<>(settings.explicit());
    asDriver.put(CitypulseConfig.PIPELINE_PART.name(), "jobs");
    PipelinePlan.of(
        Settings.load(null, Map.of(), asDriver), settings.get(CitypulseConfig.GBFS_URL), Map.of());

    PrintWriter out = spec.commandLine().getOut();
    List<String> appArgs = new ArrayList<>();
    for (Map.Entry<String, String> setting : settings.explicit().entrySet()) {
      if (NOT_FORWARDED.contains(setting.getKey()) || isSecret(setting.getKey())) {
        continue;
      }
      appArgs.addAll(List.of("--set", setting.getKey() + "=" + setting.getValue()));
    }
    Map<String, String> conf = new LinkedHashMap<>(PipelineOptions.assignments(sparkConf));
    ClusterSubmit submit = new ClusterSubmit(
        sparkHome,
        master,
        deployMode,
        JobsJar.locate(settings.get(CitypulseConfig.JOBS_JAR), master),
        SubmittedJobs.class.getName(),
        appArgs,
        conf);
    out.println("citypulse: submitting with: " + String.join(" ", submit.commandLine()));
    File log = Path.of(settings.get(CitypulseConfig.STATE_DIR).toString(), "submit.log")
        .toAbsolutePath()
        .toFile();
    log.getParentFile().mkdirs();
    out.println("citypulse: spark-submit's output in " + log);
    ClusterSubmit.Outcome outcome =
        submit.run(line -> out.println("citypulse: application " + line), log);
    switch (outcome) {
      case FINISHED -> out.println("citypulse: the application ended");
      case SUBMITTED ->
        out.println("citypulse: the cluster runs the driver; follow it on the"
            + " master's web UI (the application 'citypulse'), stop it there or with spark-submit"
            + " --kill");
      case FAILED -> out.println("citypulse: the application failed: see " + log);
    }
    return outcome == ClusterSubmit.Outcome.FAILED ? 1 : 0;
  }

  private static boolean isSecret(String name) {
    return CitypulseConfig.SECRETS.stream().map(ConfigKey::name).anyMatch(name::equals);
  }
}
