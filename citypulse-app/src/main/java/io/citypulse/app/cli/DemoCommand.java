package io.citypulse.app.cli;

import io.citypulse.app.config.CitypulseConfig;
import io.citypulse.app.config.Settings;
import io.citypulse.app.demo.DemoGbfsServer;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.app.run.Pipeline;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs the pipeline against a built-in generated GBFS network: no internet needed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline against a generated bike-share network around Paris, served as GBFS 2.3",
      "by a built-in server on 127.0.0.1 (deterministic seed; bikes move every demo.tick).",
      "Weather comes from the seeded generator (Paris, London, Tokyo, Dakar, New York every 10 s).",
      "Same flags as 'run'; tune the network with --set demo.stations=N, demo.seed, demo.tick."})
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin PipelineOptions options;

  /** The demo's network carries post_code and changes every second or two. */
  static final Map<String, String> DEMO_DEFAULTS = Map.of(
      CitypulseConfig.WEATHER_SOURCE.name(), "generator",
      CitypulseConfig.WEATHER_INTERVAL.name(), "10s",
      CitypulseConfig.STATIONS.name(), "all",
      CitypulseConfig.GBFS_SYSTEM.name(), "demo",
      CitypulseConfig.GEOCODER_ENABLED.name(), "false",
      CitypulseConfig.MIN_INTERVAL.name(), "1s",
      CitypulseConfig.MAX_INTERVAL.name(), "5s",
      CitypulseConfig.BACKOFF_INITIAL.name(), "1s",
      CitypulseConfig.STATE_DIR.name(), ".citypulse-demo");

  @Override
  public Integer call() throws Exception {
    Settings settings = options.settings(DEMO_DEFAULTS, Map.of());
    Clock clock = Clock.systemUTC();
    SyntheticNetwork network = new SyntheticNetwork(settings.get(CitypulseConfig.DEMO_SEED),
        settings.get(CitypulseConfig.DEMO_STATIONS), clock.instant(), settings.get(CitypulseConfig.DEMO_TICK));
    try (DemoGbfsServer server = DemoGbfsServer.start(network, clock, settings.get(CitypulseConfig.DEMO_PORT))) {
      spec.commandLine().getOut().printf("demo: %d generated stations served at %s%n",
          network.stations().size(), server.discoveryUri());
      try (Pipeline pipeline = Pipeline.start(settings, server.discoveryUri(), spec.commandLine().getOut())) {
        return pipeline.awaitTermination();
      }
    }
  }
}
