package io.citypulse.app.cli;

import io.citypulse.app.config.CitypulseConfig;
import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import io.citypulse.app.run.Pipeline;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the whole pipeline on a real GBFS feed (Vélib' Métropole by default). */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the pipeline on live feeds (Vélib' Métropole by default).",
      "Polls a GBFS feed and the weather into Kafka, processes them with Spark (bikes per postcode,"
          + " weather features) and serves the live dashboard.",
      "With --systems FILE, polls every system of a GBFS systems catalogue instead, each on its own"
          + " ttl.",
      "Starts an embedded Kafka broker on 127.0.0.1:9092 unless --bootstrap-servers is given.",
      "Prints a status line every few seconds; Ctrl-C stops cleanly."
    })
final class RunCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  PipelineOptions options;

  @Option(
      names = "--gbfs",
      paramLabel = "URL",
      description = "GBFS gbfs.json or station_status.json URL (http, https or file). "
          + "Default: Vélib' Métropole.")
  String gbfsUrl;

  @Option(
      names = "--systems",
      paramLabel = "FILE",
      description = "Poll every system of this GBFS systems catalogue (systems.csv in"
          + " MobilityData's format) instead of --gbfs. Key: gbfs.systems.file.")
  String systemsFile;

  @Option(
      names = "--country",
      paramLabel = "CODES",
      description =
          "With --systems: only systems of these countries (ISO 3166 codes, e.g." + " FR,BE).")
  String countries;

  @Option(
      names = "--system-ids",
      paramLabel = "IDS",
      description = "With --systems: only these systems (the catalogue's System ID,"
          + " case-sensitive, comma-separated).")
  String systemIds;

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      description = "Stop after this long (e.g. 25m) and exit 0: a scheduled run.")
  String runFor;

  @Option(
      names = "--until-idle",
      paramLabel = "QUIET",
      arity = "0..1",
      fallbackValue = "30s",
      description = "Stop and exit 0 once every job and sink has read all its input and nothing"
          + " new came for QUIET (default 30s).")
  String untilIdle;

  @Override
  public Integer call() throws Exception {
    Map<String, String> flags = new HashMap<>();
    PipelineOptions.put(flags, CitypulseConfig.GBFS_URL, gbfsUrl);
    PipelineOptions.put(flags, CitypulseConfig.SYSTEMS_FILE, systemsFile);
    PipelineOptions.put(flags, CitypulseConfig.SYSTEMS_COUNTRIES, countries);
    PipelineOptions.put(flags, CitypulseConfig.SYSTEMS_IDS, systemIds);
    if (gbfsUrl != null && systemsFile != null) {
      throw new ConfigException(
          "--gbfs and --systems both say what to poll: give one (--systems polls every system of"
              + " the catalogue, --gbfs one feed)");
    }
    // Read before anything starts: a bad value must not cost a start.
    java.time.Duration stopAfter = optionalDuration("--for", runFor);
    java.time.Duration stopWhenIdle = optionalDuration("--until-idle", untilIdle);
    Settings settings = options.settings(Map.of(), flags);
    try (Pipeline pipeline = Pipeline.start(
        settings, settings.get(CitypulseConfig.GBFS_URL), spec.commandLine().getOut())) {
      return pipeline.awaitEnd(stopAfter, stopWhenIdle);
    }
  }

  /** A duration flag's value, null when the flag is absent; a bad one is a config error. */
  static java.time.Duration optionalDuration(String flag, String value) {
    if (value == null) {
      return null;
    }
    try {
      java.time.Duration duration = io.citypulse.app.config.Durations.parse(value);
      if (duration.isZero() || duration.isNegative()) {
        throw new IllegalArgumentException(value);
      }
      return duration;
    } catch (RuntimeException e) {
      throw new ConfigException(flag
          + " expects a duration greater than zero such as 90s, 30m or 1h, got '" + value + "'");
    }
  }
}
