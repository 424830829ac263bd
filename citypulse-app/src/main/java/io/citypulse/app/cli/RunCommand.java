package io.citypulse.app.cli;

import io.citypulse.app.config.CitypulseConfig;
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

  @Override
  public Integer call() throws Exception {
    Map<String, String> flags = new HashMap<>();
    PipelineOptions.put(flags, CitypulseConfig.GBFS_URL, gbfsUrl);
    Settings settings = options.settings(Map.of(), flags);
    try (Pipeline pipeline = Pipeline.start(
        settings, settings.get(CitypulseConfig.GBFS_URL), spec.commandLine().getOut())) {
      return pipeline.awaitTermination();
    }
  }
}
