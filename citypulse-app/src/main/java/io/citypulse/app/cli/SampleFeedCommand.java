package io.citypulse.app.cli;

import io.citypulse.sources.synthetic.Gbfs23Feeds;
import io.citypulse.sources.synthetic.Gbfs30Feeds;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.sources.synthetic.SyntheticWorld;
import io.citypulse.sources.synthetic.VelibFeeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
      "Rerun with a larger --minutes to write a later state of the same network.",
      "With --systems N, writes a world of N generated systems instead: DIR/<system-id>/ with each"
          + " system's gbfs.json and feeds (GBFS 1.1, 2.2, 2.3, 3.0 or Vélib'; sizes drawn like the"
          + " real catalogue's), and DIR/systems.csv listing them in the format of MobilityData's"
          + " GBFS systems catalogue, with Auto-Discovery URLs under --base-url. Serve DIR with any"
          + " static web server."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  citypulse run --gbfs file:DIR/station_status.json --stations all \\",
      "      --postcodes DIR/stations_information.csv",
      "  citypulse sample-feed --systems 1500 --out world \\",
      "      --base-url http://127.0.0.1:8000/",
      "  python3 -m http.server 8000 -d world"
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

  @Option(
      names = "--systems",
      paramLabel = "N",
      description = {
        "Write a world of N generated systems instead of one network.",
        "DIR/systems.csv lists them.",
        "Not with --stations or --format: each system's size and version are drawn."
      })
  Integer systems;

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      description = {
        "With --systems: where DIR will be served; the catalogue's Auto-Discovery URLs are"
            + " URL<system-id>/gbfs.json.",
        "Default: " + DEFAULT_BASE_URL + "."
      })
  String baseUrl;

  static final String DEFAULT_BASE_URL = "http://127.0.0.1:8000/";

  @Override
  public Integer call() {
    if (systems != null || baseUrl != null) {
      return writeWorld();
    }
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

  /** {@code --systems}: the world, one directory per system, and its catalogue. */
  private int writeWorld() {
    var parse = spec.commandLine().getParseResult();
    if (systems == null) {
      throw new ParameterException(
          spec.commandLine(), "--base-url goes with --systems (the URL a world is served at)");
    }
    for (String single : List.of("--stations", "--format")) {
      if (parse.hasMatchedOption(single)) {
        throw new ParameterException(
            spec.commandLine(),
            single + " is for one system; with --systems each system's size and version are"
                + " drawn from --seed (see --help)");
      }
    }
    if (systems < 1 || minutes < 0) {
      throw new ParameterException(spec.commandLine(), "--systems must be >= 1 and --minutes >= 0");
    }
    URI base = baseUri(baseUrl == null ? DEFAULT_BASE_URL : baseUrl);
    long started = System.nanoTime();
    SyntheticWorld world = new SyntheticWorld(seed, systems);
    Instant now = EPOCH.plus(Duration.ofMinutes(minutes));
    long epochSecond = now.getEpochSecond();
    Map<SyntheticWorld.Dialect, Integer> byDialect = new TreeMap<>();
    long bytes = 0;
    try {
      Files.createDirectories(out);
      for (SyntheticWorld.SystemSpec system : world.systems()) {
        SyntheticNetwork network = SyntheticWorld.network(system, EPOCH, Duration.ofSeconds(10));
        network.advanceTo(now);
        Path dir = Files.createDirectories(out.resolve(system.systemId()));
        Map<String, byte[]> files = SyntheticWorld.feeds(
            system, network, SyntheticWorld.systemBase(base, system), epochSecond);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
          bytes += writeAtomically(dir.resolve(file.getKey()), file.getValue());
        }
        byDialect.merge(system.dialect(), 1, Integer::sum);
      }
      bytes += writeAtomically(out.resolve(CATALOGUE), world.catalogue(base));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sample world to " + out, e);
    }
    var print = spec.commandLine().getOut();
    print.printf(
        "sample-feed: %d systems, %d stations at %s (seed %d, %d simulated minutes), %d MB,"
            + " written to %s in %.1f s%n",
        systems,
        world.stationCount(),
        now,
        seed,
        minutes,
        Math.round(bytes / 1e6),
        out.toAbsolutePath(),
        (System.nanoTime() - started) / 1e9);
    print.printf(
        "versions: %s; %d marked as needing an API key%n",
        byDialect.entrySet().stream()
            .map(e -> (e.getKey() == SyntheticWorld.Dialect.VELIB
                    ? "Vélib'"
                    : "GBFS " + e.getKey().version())
                + " " + e.getValue())
            .collect(Collectors.joining(", ")),
        world.systems().stream()
            .filter(SyntheticWorld.SystemSpec::authentication)
            .count());
    print.printf(
        "catalogue: %s (Auto-Discovery URLs under %s)%n",
        out.toAbsolutePath().resolve(CATALOGUE), base);
    if ("http".equals(base.getScheme()) && base.getRawPath().equals("/")) {
      print.printf(
          "serve it: python3 -m http.server %d -d %s%n",
          base.getPort() < 0 ? 80 : base.getPort(), out.toAbsolutePath());
    }
    return ExitCodes.OK;
  }

  static final String CATALOGUE = "systems.csv";

  /** An absolute http(s) or file URL, ending with {@code /} so system ids resolve under it. */
  private URI baseUri(String url) {
    URI uri;
    try {
      uri = new URI(url.endsWith("/") ? url : url + "/");
    } catch (URISyntaxException e) {
      throw new ParameterException(
          spec.commandLine(), "--base-url: not a URL: " + url + " (" + e.getReason() + ")");
    }
    if (!uri.isAbsolute()
        || !List.of("http", "https", "file").contains(uri.getScheme())
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new ParameterException(
          spec.commandLine(),
          "--base-url must be an absolute http, https or file URL without query, like "
              + DEFAULT_BASE_URL
              + ", got "
              + url);
    }
    return uri;
  }

  /**
   * Writes through a temporary file then a rename, so a web server serving the directory while a
   * later --minutes state is written never sends half a file.
   */
  private static long writeAtomically(Path target, byte[] body) throws IOException {
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(temporary, body);
    try {
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return body.length;
  }
}
