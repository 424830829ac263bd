package io.citypulse.app.cli;

import io.citypulse.app.config.CitypulseConfig;
import io.citypulse.app.config.Settings;
import io.citypulse.app.demo.DemoGbfsServer;
import io.citypulse.app.demo.DemoPostcodeTable;
import io.citypulse.app.demo.DemoWorldServer;
import io.citypulse.app.run.Pipeline;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.sources.synthetic.SyntheticWorld;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs the pipeline against a built-in generated GBFS network: no internet needed. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the pipeline offline, on a generated bike-share network.",
      "A built-in server on 127.0.0.1 serves a network around Paris as GBFS 2.3 (deterministic seed;"
          + " bikes move every demo.tick).",
      "Weather comes from the seeded generator (Paris, London, Tokyo, Dakar and New York every 10 s).",
      "Takes the same flags as run. The keys demo.stations, demo.seed and demo.tick tune the network"
          + " (--set KEY=VALUE).",
      "--set demo.systems=N serves a generated world of N systems of every GBFS version instead,"
          + " and polls them all as run --systems does."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  PipelineOptions options;

  /**
   * The demo's network carries post_code and changes every second or two; {@link #settings} adds
   * {@code postcodes.table}.
   */
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

  /**
   * The demo's settings: {@link #DEMO_DEFAULTS}, and {@code postcodes.table} defaulting to the
   * generated network's table in the state directory ({@link DemoPostcodeTable}), which gives the
   * records their commune. Loaded twice because that default depends on the state directory,
   * which the file, environment or flags may set; they also still win over the table default.
   *
   * @param load loads settings over the given command defaults
   */
  static Settings settings(Function<Map<String, String>, Settings> load) {
    Settings first = load.apply(DEMO_DEFAULTS);
    Path stateDir = first.get(CitypulseConfig.STATE_DIR);
    Map<String, String> defaults = new HashMap<>(DEMO_DEFAULTS);
    if (first.get(CitypulseConfig.DEMO_SYSTEMS) > 0) {
      // The world's stations carry no postcode and lie on every continent: no table applies.
      defaults.put(CitypulseConfig.SYSTEMS_FILE.name(), worldCatalogue(stateDir).toString());
    } else {
      defaults.put(
          CitypulseConfig.POSTCODE_TABLE.name(),
          DemoPostcodeTable.path(stateDir).toString());
    }
    return load.apply(defaults);
  }

  /** Where {@code demo.systems} writes its world's catalogue, at each start. */
  static Path worldCatalogue(Path stateDir) {
    return stateDir.resolve("demo-systems.csv");
  }

  @Override
  public Integer call() throws Exception {
    Settings settings = settings(defaults -> options.settings(defaults, Map.of()));
    Clock clock = Clock.systemUTC();
    if (settings.get(CitypulseConfig.DEMO_SYSTEMS) > 0) {
      return world(settings, clock);
    }
    SyntheticNetwork network = new SyntheticNetwork(
        settings.get(CitypulseConfig.DEMO_SEED),
        settings.get(CitypulseConfig.DEMO_STATIONS),
        clock.instant(),
        settings.get(CitypulseConfig.DEMO_TICK));
    Path table = DemoPostcodeTable.path(settings.get(CitypulseConfig.STATE_DIR));
    if (table.equals(settings.get(CitypulseConfig.POSTCODE_TABLE))) {
      DemoPostcodeTable.write(network, table); // else the user's table is used, as with run
    }
    try (DemoGbfsServer server =
        DemoGbfsServer.start(network, clock, settings.get(CitypulseConfig.DEMO_PORT))) {
      spec.commandLine()
          .getOut()
          .printf(
              "demo: %d generated stations served at %s%n",
              network.stations().size(), server.discoveryUri());
      try (Pipeline pipeline =
          Pipeline.start(settings, server.discoveryUri(), spec.commandLine().getOut())) {
        return pipeline.awaitTermination();
      }
    }
  }

  /** {@code demo.systems = N}: a served world of N systems, polled like {@code run --systems}. */
  private int world(Settings settings, Clock clock) throws InterruptedException {
    SyntheticWorld world = new SyntheticWorld(
        settings.get(CitypulseConfig.DEMO_SEED), settings.get(CitypulseConfig.DEMO_SYSTEMS));
    Path catalogue = worldCatalogue(settings.get(CitypulseConfig.STATE_DIR));
    try (DemoWorldServer server = DemoWorldServer.start(
        world,
        clock,
        settings.get(CitypulseConfig.DEMO_TICK),
        settings.get(CitypulseConfig.DEMO_PORT))) {
      if (catalogue.equals(settings.get(CitypulseConfig.SYSTEMS_FILE))) {
        server.writeCatalogue(catalogue); // else the user's catalogue is used, as with run
      }
      spec.commandLine()
          .getOut()
          .printf(
              "demo: %d generated systems (%,d stations) served at %s, catalogue %s%n",
              world.systems().size(), world.stationCount(), server.baseUri(), catalogue);
      try (Pipeline pipeline =
          Pipeline.start(settings, server.baseUri(), spec.commandLine().getOut())) {
        return pipeline.awaitTermination();
      }
    }
  }
}
