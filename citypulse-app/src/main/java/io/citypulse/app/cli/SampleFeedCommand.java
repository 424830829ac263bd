package io.citypulse.app.cli;

import io.citypulse.sources.synthetic.Gbfs23Feeds;
import io.citypulse.sources.synthetic.Gbfs30Feeds;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.sources.synthetic.VelibFeeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Writes a generated network as feed files, to try {@code run} offline or to test a setup. */
@Command(
    name = "sample-feed",
    mixinStandardHelpOptions = true,
    description = {
      "Write a generated bike-share network as feed files.",
      "Writes station_information.json and station_status.json to --out in the chosen --format,"
          + " plus the stations_information.csv postcode table for velib.",
      "Run them as in the example below (--postcodes for velib only).",
      "Rerun with a larger --minutes to write a later state of the same network."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  citypulse run --gbfs file:DIR/station_status.json --stations all \\",
      "      --postcodes DIR/stations_information.csv"
    })
final class SampleFeedCommand implements Callable<Integer> {
  /** The network is generated from a fixed epoch so that files of one seed line up across runs. */
  static final Instant EPOCH = Instant.parse("2026-01-05T06:00:00Z");

  enum Format {
    velib,
    gbfs23,
    gbfs30
  }

  @Spec
  CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      required = true,
      description = "Directory to write (created).")
  Path out;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "velib",
      description =
          "velib (Vélib' dialect, no postcode), gbfs23 or gbfs30 (with post_code). Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(
      names = "--stations",
      paramLabel = "N",
      defaultValue = "1500",
      description = "Number of stations (default: ${DEFAULT-VALUE}).")
  int stations;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "42",
      description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--minutes",
      paramLabel = "M",
      defaultValue = "0",
      description =
          "Simulated minutes of bike moves after the first state (default: ${DEFAULT-VALUE}).")
  int minutes;

  @Override
  public Integer call() {
    if (stations < 1 || minutes < 0) {
      throw new ParameterException(
          spec.commandLine(), "--stations must be >= 1 and --minutes >= 0");
    }
    SyntheticNetwork network = new SyntheticNetwork(seed, stations, EPOCH, Duration.ofSeconds(10));
    Instant now = EPOCH.plus(Duration.ofMinutes(minutes));
    network.advanceTo(now);
    long epochSecond = now.getEpochSecond();
    Map<String, byte[]> files = new LinkedHashMap<>();
    switch (format) {
      case velib -> {
        files.put("station_information.json", VelibFeeds.stationInformation(network, epochSecond));
        files.put("station_status.json", VelibFeeds.stationStatus(network, epochSecond));
        files.put("stations_information.csv", VelibFeeds.postcodeTable(network));
      }
      case gbfs23 -> {
        files.put("vehicle_types.json", Gbfs23Feeds.vehicleTypes(epochSecond));
        files.put("station_information.json", Gbfs23Feeds.stationInformation(network, epochSecond));
        files.put("station_status.json", Gbfs23Feeds.stationStatus(network, epochSecond));
      }
      case gbfs30 -> {
        files.put("vehicle_types.json", Gbfs23Feeds.vehicleTypes(epochSecond));
        files.put("station_information.json", Gbfs30Feeds.stationInformation(network, epochSecond));
        files.put("station_status.json", Gbfs30Feeds.stationStatus(network, epochSecond));
      }
    }
    try {
      Files.createDirectories(out);
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Files.write(out.resolve(file.getKey()), file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sample feed to " + out, e);
    }
    var print = spec.commandLine().getOut();
    print.printf(
        "sample-feed: %d %s stations at %s (seed %d, %d simulated minutes) written to %s: %s%n",
        stations,
        format,
        now,
        seed,
        minutes,
        out.toAbsolutePath(),
        String.join(", ", files.keySet()));
    print.printf(
        "run it: citypulse run --gbfs %s --stations all%s%n",
        out.toAbsolutePath().resolve("station_status.json").toUri(),
        format == Format.velib
            ? " --postcodes " + out.toAbsolutePath().resolve("stations_information.csv")
            : "");
    return ExitCodes.OK;
  }
}
