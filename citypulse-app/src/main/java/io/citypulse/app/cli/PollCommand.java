package io.citypulse.app.cli;

import io.citypulse.app.config.CitypulseConfig;
import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import io.citypulse.app.run.Pipeline;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One poll of every configured source, for a scheduler (cron, Airflow, a systemd timer): starts
 * only the ingest part of the pipeline (no Spark, no sinks, no dashboard), waits until each source
 * has been fetched once (or has failed), flushes what was published and exits.
 */
@Command(
    name = "poll",
    mixinStandardHelpOptions = true,
    description = {
      "Poll every source once, publish to Kafka and exit.",
      "For schedulers: cron, Airflow, systemd timers (docs/schedule.md).",
      "Exit 0 when every source was read, 1 when one failed (a line per source says why)."
    },
    footer = {
      "",
      "Each run publishes every station's current state and each location's newest observation;"
          + " the jobs keep the latest state per station, so states published again are never"
          + " counted twice. See docs/schedule.md for cron, Airflow and systemd timers."
    })
final class PollCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  PipelineOptions options;

  @Option(
      names = "--once",
      required = true,
      description = "Poll each source once and exit (required: a continuous run is 'run').")
  boolean once;

  @Option(
      names = "--gbfs",
      paramLabel = "URL",
      description = "GBFS gbfs.json or station_status.json URL (default: Vélib' Métropole).")
  String gbfsUrl;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description = "Longest wait for the sources' first polls (default 5m); then exit 1.")
  String timeout;

  @Override
  public Integer call() throws Exception {
    Duration limit = RunCommand.optionalDuration("--timeout", timeout);
    Map<String, String> flags = new HashMap<>();
    PipelineOptions.put(flags, CitypulseConfig.GBFS_URL, gbfsUrl);
    // Only the pollers and their producers: the jobs and sinks belong to the long-running part.
    flags.put(CitypulseConfig.PIPELINE_PART.name(), "ingest");
    flags.put(CitypulseConfig.DASHBOARD_ENABLED.name(), "false");
    flags.put(CitypulseConfig.POSTGRES_ENABLED.name(), "false");
    flags.put(CitypulseConfig.JDBC_URL.name(), "");
    flags.put(CitypulseConfig.SEARCH_ENABLED.name(), "false");
    flags.put(CitypulseConfig.REDIS_URL.name(), "");
    Settings settings = options.settings(Map.of(), flags);
    boolean weather = settings.get(CitypulseConfig.WEATHER_ENABLED)
        && !settings.get(CitypulseConfig.WEATHER_SOURCES).trim().equals("none");
    if (!settings.get(CitypulseConfig.GBFS_ENABLED) && !weather) {
      throw new ConfigException(
          "poll --once has nothing to poll: the bike side is off and" + " weather.sources is none");
    }
    PrintWriter out = spec.commandLine().getOut();
    Instant deadline = Instant.now().plus(limit);
    List<String> lines;
    boolean ok;
    try (Pipeline pipeline =
        Pipeline.start(settings, settings.get(CitypulseConfig.GBFS_URL), out)) {
      while (!pipeline.unfinishedPolls().isEmpty() && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
      }
      List<String> unfinished = pipeline.unfinishedPolls();
      Map.Entry<Boolean, List<String>> summary = pipeline.pollSummary();
      ok = summary.getKey() && unfinished.isEmpty();
      lines = summary.getValue();
      if (!unfinished.isEmpty()) {
        out.println("poll: no answer within " + timeout + " from " + String.join(", ", unfinished));
      }
      // Closing flushes the producers: the records are in Kafka once close returns.
    }
    lines.forEach(out::println);
    out.println(ok ? "poll: every source read" : "poll: some sources failed");
    out.flush();
    return ok ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
