package io.citypulse.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citypulse.app.config.Settings;
import io.citypulse.app.run.Pipeline;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.sources.synthetic.VelibFeeds;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.RecordedRequest;
import io.citypulse.testkit.Response;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The geocoder unreachable through the real pipeline: a Vélib'-format network served on
 * 127.0.0.1, a postcode table that misses a quarter of its stations, and a local stand-in of the
 * Géoplateforme reverse geocoder that fails, then answers. Per-postcode totals on the output topic
 * must equal an independent sum at every stage: with the unplaced stations under UNKNOWN while
 * the geocoder fails (after the 2 s pending timeout at most), while bikes move, and after
 * recovery, when every station sits in its real postcode and UNKNOWN is emitted empty. Once in
 * this JVM, once in packaged-jar processes killed with -9 in the middle and restarted from the
 * same state directory.
 */
class GeocoderOutageIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final int STATIONS = 40;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir
  Path dir;

  /** The served feed, the geocoder stand-in and the yardstick. */
  private final class World implements AutoCloseable {
    final SyntheticNetwork network = new SyntheticNetwork(14, STATIONS, T0, Duration.ofSeconds(10));
    final byte[] information = VelibFeeds.stationInformation(network, T0.getEpochSecond());
    final byte[] fullTable = VelibFeeds.postcodeTable(network);
    /** Every fourth station left out: the geocoder must place those. */
    final byte[] table = withoutEveryFourth(fullTable);

    final List<String> missing = missingCodes(fullTable, table);
    final AtomicReference<byte[]> status =
        new AtomicReference<>(VelibFeeds.stationStatus(network, T0.getEpochSecond()));
    final LocalHttpServer feed = LocalHttpServer.start();
    final LocalHttpServer geocoder = LocalHttpServer.start();
    /** What the geocoder answers for a station code. */
    final AtomicReference<Function<String, Response>> geocoding =
        new AtomicReference<>(code -> Response.json(503, "{\"error\":\"service unavailable\"}"));

    final Path tableFile;

    World() throws IOException {
      tableFile = Files.write(dir.resolve("stations_information.csv"), table);
      feed.respond("/opendata/station_information.json", Response.json(200, "").body(information));
      feed.respondWith(
          "/opendata/station_status.json", request -> Response.json(200, "").body(status.get()));
      Map<String, double[]> points = points(information);
      Map<String, String[]> places = places(fullTable);
      geocoder.respondWith("/geocodage/reverse", request -> {
        double lat = Double.parseDouble(param(request, "lat"));
        double lon = Double.parseDouble(param(request, "lon"));
        String code = nearest(points, lat, lon);
        Response failure = geocoding.get().apply(code);
        return failure != null ? failure : Response.json(200, address(lat, lon, places.get(code)));
      });
    }

    String statusUrl() {
      return feed.uri("/opendata/station_status.json").toString();
    }

    String geocoderUrl() {
      return "http://127.0.0.1:" + geocoder.port();
    }

    void advanceTo(int minutes) {
      Instant now = T0.plus(Duration.ofMinutes(minutes));
      network.advanceTo(now);
      status.set(VelibFeeds.stationStatus(network, now.getEpochSecond()));
    }

    /** The totals when the geocoder has placed {@code placed} of the missing stations. */
    Map<String, IndependentTotals> expected(Set<String> placed) {
      return IndependentTotals.of(status.get(), information, withRows(fullTable, table, placed));
    }

    @Override
    public void close() {
      feed.close();
      geocoder.close();
    }
  }

  /** The geocoder answers every station. */
  private static Function<String, Response> answering() {
    return code -> null;
  }

  /** 503 for every station but {@code placed}. */
  private static Function<String, Response> answeringOnly(Set<String> placed) {
    return code ->
        placed.contains(code) ? null : Response.json(503, "{\"error\":\"service unavailable\"}");
  }

  @Test
  void totalsStayExactWhileTheGeocoderIsDownAndStationsMoveOnceItAnswers() throws Exception {
    StringWriter output = new StringWriter();
    try (World world = new World()) {
      assertThat(world.missing).hasSizeBetween(8, 12);
      Settings settings = FastPipeline.settings(
          KAFKA.bootstrapServers(),
          dir.resolve("state"),
          world.tableFile,
          outageSettings("inproc", world.geocoderUrl(), "2s"));
      Map<String, IndependentTotals> down = world.expected(Set.of());
      assertThat(down.get("UNKNOWN").stations()).isEqualTo(world.missing.size());

      long started = System.nanoTime();
      try (Pipeline pipeline = Pipeline.start(
          settings, world.feed.uri("/opendata/station_status.json"), FastPipeline.tee(output))) {
        awaitTotals("inproc-postcodes", down);
        System.out.printf(
            "geocoder down (503): every total exact, UNKNOWN included, %d ms after start%n",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

        // Bikes move while the geocoder is still down.
        world.advanceTo(15);
        awaitTotals("inproc-postcodes", world.expected(Set.of()));
        JsonNode postcodes = awaitHealth(
            "inproc-health",
            p -> p.path("unknown_by_reason").path("geocoder_unreachable").asInt()
                == world.missing.size());
        assertThat(postcodes.path("geocoder").asText()).isIn("open", "probing");
        assertThat(postcodes.path("pending").asInt()).isZero();
        await(() -> output
            .toString()
            .contains("postcode unknown " + world.missing.size() + " (geocoder unreachable "
                + world.missing.size() + "), geocoder down"));

        // The geocoder answers: every missing station moves to its postcode, UNKNOWN empties.
        world.geocoding.set(answering());
        long recovering = System.nanoTime();
        awaitTotals("inproc-postcodes", world.expected(Set.copyOf(world.missing)));
        System.out.printf(
            "geocoder back: every station in its postcode %d ms later%n",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - recovering));
        awaitUnknownEmptied("inproc-postcodes");
        awaitHealth(
            "inproc-health",
            p -> p.path("unknown").asInt() == 0
                && p.path("resolved_by_source").path("geocoder").asInt() == world.missing.size()
                && p.path("geocoder").asText().equals("ok"));

        // And they stay exact as bikes move on.
        world.advanceTo(60);
        awaitTotals("inproc-postcodes", world.expected(Set.copyOf(world.missing)));
      }
    }
  }

  @Test
  void aKillDashNineInTheMiddleOfTheRecoveryThenARestartLeaveExactTotals() throws Exception {
    Path jar = Path.of("target", "citypulse.jar");
    assertThat(jar).as("run 'package' first").exists();
    Path state = dir.resolve("state");
    try (World world = new World()) {
      // Rate limited well beyond the pending timeout: the stations wait 2 s, then go to UNKNOWN.
      world.geocoding.set(code -> Response.json(429, "{}").header("Retry-After", "3"));
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx1g",
          "-jar",
          jar.toString(),
          "run",
          "--gbfs",
          world.statusUrl(),
          "--stations",
          "all",
          "--postcodes",
          world.tableFile.toString(),
          "--no-weather",
          "--no-dashboard",
          "--bootstrap-servers",
          KAFKA.bootstrapServers(),
          "--state-dir",
          state.toString()));
      outageSettings("killed", world.geocoderUrl(), "2s")
          .forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
      command.addAll(
          List.of("--set", "gbfs.min-interval=200ms", "--set", "gbfs.max-interval=500ms"));
      Set<String> firstHalf = Set.copyOf(world.missing.subList(0, world.missing.size() / 2));

      Process first = launch(command, dir.resolve("first.log"));
      try {
        awaitTotals("killed-postcodes", world.expected(Set.of()), first, dir.resolve("first.log"));
        // Half of the missing stations get their answer; the others still fail.
        world.geocoding.set(answeringOnly(firstHalf));
        awaitTotals("killed-postcodes", world.expected(firstHalf), first, dir.resolve("first.log"));
        world.advanceTo(15); // the killed run is busy with the new states
      } finally {
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
      assertThat(read(dir.resolve("first.log"))).contains("postcode unknown ");

      Process second = launch(command, dir.resolve("second.log"));
      try {
        // The answers of the first run come from the geocode cache; the others are still failing.
        awaitTotals(
            "killed-postcodes", world.expected(firstHalf), second, dir.resolve("second.log"));
        world.geocoding.set(answering());
        awaitTotals(
            "killed-postcodes",
            world.expected(Set.copyOf(world.missing)),
            second,
            dir.resolve("second.log"));
        awaitUnknownEmptied("killed-postcodes");
      } finally {
        second.destroy();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
      }
      assertThat(read(dir.resolve("second.log"))).contains("citypulse: stopped");
    }
  }

  /**
   * How long after start every station is on the stations topic and every total is exact,
   * UNKNOWN included, with the geocoder refusing connections, never answering (a firewall dropping
   * packets) or rate limiting beyond the pending timeout, for the default pending timeout and the
   * tests' one; the other waits at their defaults. A measurement, not a check: run with
   * {@code -Dcitypulse.measure=true}.
   */
  @ParameterizedTest(name = "{0}, pending timeout {1}")
  @CsvSource({
    "refused, 60s",
    "refused, 2s",
    "silent, 60s",
    "silent, 2s",
    "rate_limited, 60s",
    "rate_limited, 2s"
  })
  @EnabledIfSystemProperty(named = "citypulse.measure", matches = "true")
  void measureTimeToExactTotalsWithTheGeocoderUnreachable(String failure, String pendingTimeout)
      throws Exception {
    try (World world = new World()) {
      String geocoderUrl = world.geocoderUrl();
      switch (failure) {
        case "refused" -> world.geocoder.close(); // nothing listens there any more
        case "silent" ->
          world.geocoding.set(code -> Response.json(200, "{}").delay(Duration.ofMinutes(5)));
        default ->
          world.geocoding.set(code -> Response.json(429, "{}").header("Retry-After", "120"));
      }
      String prefix = "measure-" + failure + "-" + pendingTimeout;
      Map<String, String> extra =
          new HashMap<>(outageSettings(prefix, geocoderUrl, pendingTimeout));
      extra.remove("postcodes.geocoder.backoff.initial");
      extra.remove("postcodes.geocoder.backoff.max");
      extra.remove("postcodes.geocoder.timeout");
      Settings settings = FastPipeline.settings(
          KAFKA.bootstrapServers(), dir.resolve(prefix), world.tableFile, extra);
      long started = System.nanoTime();
      try (Pipeline pipeline = Pipeline.start(
          settings, world.feed.uri("/opendata/station_status.json"), FastPipeline.stdout())) {
        KAFKA.latestByKey(
            prefix + "-stations", latest -> latest.size() == STATIONS, Duration.ofSeconds(180));
        long published = System.nanoTime();
        awaitTotals(prefix + "-postcodes", world.expected(Set.of()), Duration.ofSeconds(180));
        System.out.printf(
            "MEASURE geocoder %s, pending timeout %s: every station published %d ms, every"
                + " total exact %d ms after start%n",
            failure,
            pendingTimeout,
            TimeUnit.NANOSECONDS.toMillis(published - started),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      }
    }
  }

  /** The geocoder on and pointing at the stand-in, short waits, topics of this test alone. */
  private static Map<String, String> outageSettings(
      String prefix, String geocoderUrl, String pendingTimeout) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("postcodes.geocoder.enabled", "true");
    settings.put("postcodes.geocoder.url", geocoderUrl);
    settings.put("postcodes.geocoder.timeout", "1s");
    settings.put("postcodes.pending-timeout", pendingTimeout);
    settings.put("postcodes.geocoder.backoff.initial", "1s");
    settings.put("postcodes.geocoder.backoff.max", "2s");
    settings.put("topics.stations.name", prefix + "-stations");
    settings.put("topics.postcode-availability.name", prefix + "-postcodes");
    settings.put("topics.dead-letters.name", prefix + "-dead-letters");
    settings.put("topics.health.name", prefix + "-health");
    settings.put("status.interval", "1s");
    return settings;
  }

  private static void awaitTotals(String topic, Map<String, IndependentTotals> expected) {
    awaitTotals(topic, expected, WAIT);
  }

  private static void awaitTotals(
      String topic, Map<String, IndependentTotals> expected, Process process, Path log) {
    assertThat(process.isAlive()).as("citypulse exited: %s", read(log)).isTrue();
    awaitTotals(topic, expected, WAIT);
  }

  /** Waits until the latest total of every postcode with stations equals {@code expected}. */
  private static void awaitTotals(
      String topic, Map<String, IndependentTotals> expected, Duration wait) {
    Map<String, IndependentTotals> seen = new TreeMap<>();
    try {
      KAFKA.latestByKey(
          topic,
          latest -> {
            seen.clear();
            seen.putAll(totals(latest));
            return seen.equals(expected);
          },
          wait);
    } catch (AssertionError timedOut) {
      // the assertion below shows which postcodes differ
    }
    assertThat(seen).as("per-postcode totals on %s", topic).isEqualTo(expected);
  }

  /** The last UNKNOWN total says 0 stations: readers drop its old numbers (it is not just absent). */
  private static void awaitUnknownEmptied(String topic) {
    Map<String, String> latest = KAFKA.latestByKey(
        topic,
        records -> records.containsKey("UNKNOWN")
            && Json.read(records.get("UNKNOWN"), PostcodeAvailability.class).stations() == 0,
        WAIT);
    PostcodeAvailability unknown = Json.read(latest.get("UNKNOWN"), PostcodeAvailability.class);
    assertThat(unknown.bikesAvailable()).isZero();
    assertThat(unknown.capacity()).isZero();
  }

  private static Map<String, IndependentTotals> totals(Map<String, String> latest) {
    Map<String, IndependentTotals> byPostcode = new TreeMap<>();
    latest.forEach((postcode, json) -> {
      PostcodeAvailability a = Json.read(json, PostcodeAvailability.class);
      if (a.stations() > 0) {
        byPostcode.put(
            postcode,
            new IndependentTotals(
                a.stations(),
                a.bikesAvailable(),
                a.mechanical(),
                a.ebike(),
                a.docksAvailable(),
                a.capacity()));
      }
    });
    return byPostcode;
  }

  /** The bike feed's {@code postcodes} in the latest report on the health topic, once it matches. */
  private static JsonNode awaitHealth(String topic, java.util.function.Predicate<JsonNode> done) {
    AtomicReference<JsonNode> postcodes = new AtomicReference<>();
    KAFKA.latestByKey(
        topic,
        latest -> latest.values().stream().anyMatch(report -> {
          for (JsonNode feed : readTree(report.getBytes(StandardCharsets.UTF_8)).path("feeds")) {
            if (feed.path("feed").asText().startsWith("gbfs")
                && done.test(feed.path("postcodes"))) {
              postcodes.set(feed.path("postcodes"));
              return true;
            }
          }
          return false;
        }),
        WAIT);
    return postcodes.get();
  }

  // -- the independent side: feed files and CSV read with none of the product's code ------------

  private static byte[] withoutEveryFourth(byte[] csv) {
    List<String> lines = new String(csv, StandardCharsets.UTF_8).lines().toList();
    StringBuilder kept = new StringBuilder(lines.get(0)).append('\n');
    for (int i = 1; i < lines.size(); i++) {
      if (i % 4 != 0) {
        kept.append(lines.get(i)).append('\n');
      }
    }
    return kept.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> missingCodes(byte[] full, byte[] partial) {
    Set<String> kept = codes(partial).keySet();
    return codes(full).keySet().stream()
        .filter(code -> !kept.contains(code))
        .sorted()
        .toList();
  }

  /** The partial table plus the full table's rows of {@code placed}. */
  private static byte[] withRows(byte[] full, byte[] partial, Set<String> placed) {
    StringBuilder csv = new StringBuilder(new String(partial, StandardCharsets.UTF_8));
    codes(full).forEach((code, line) -> {
      if (placed.contains(code)) {
        csv.append(line).append('\n');
      }
    });
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> codes(byte[] csv) {
    return new String(csv, StandardCharsets.UTF_8)
        .lines()
        .skip(1)
        .collect(Collectors.toMap(
            line -> line.split(",")[0], line -> line, (a, b) -> a, LinkedHashMap::new));
  }

  /** stationCode -> {postcode, city}. */
  private static Map<String, String[]> places(byte[] csv) {
    Map<String, String[]> places = new HashMap<>();
    codes(csv).forEach((code, line) -> {
      String[] fields = line.split(",");
      places.put(code, new String[] {fields[2], fields[3]});
    });
    return places;
  }

  /** stationCode -> {lat, lon} from station_information. */
  private static Map<String, double[]> points(byte[] information) {
    Map<String, double[]> points = new HashMap<>();
    for (JsonNode station : readTree(information).path("data").path("stations")) {
      points.put(
          station.path("stationCode").asText(),
          new double[] {station.path("lat").asDouble(), station.path("lon").asDouble()});
    }
    return points;
  }

  private static String nearest(Map<String, double[]> points, double lat, double lon) {
    return points.entrySet().stream()
        .min(java.util.Comparator.comparingDouble(
            e -> Math.hypot(e.getValue()[0] - lat, e.getValue()[1] - lon)))
        .orElseThrow()
        .getKey();
  }

  /** The Géoplateforme's answer format: a FeatureCollection with the address at the point. */
  private static String address(double lat, double lon, String[] place) {
    return String.format(Locale.ROOT, """
        {"type":"FeatureCollection","features":[{"type":"Feature",
          "geometry":{"type":"Point","coordinates":[%.6f,%.6f]},
          "properties":{"label":"1 Rue de Test %s %s","score":0.99,"postcode":"%s","city":"%s",
            "type":"housenumber","_type":"address","distance":3}}]}
        """, lon, lat, place[0], place[1], place[0], place[1]);
  }

  private static String param(RecordedRequest request, String name) {
    for (String pair : request.query().split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    throw new IllegalArgumentException("no " + name + " in " + request.query());
  }

  private static JsonNode readTree(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // -- processes and output
  // ------------------------------------------------------------------------

  private static Process launch(List<String> command, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // One JVM, so that destroyForcibly() is a kill -9 of the whole pipeline; no class-data archive.
    builder.environment().put("CITYPULSE_NO_FORK", "1");
    builder.environment().put("CITYPULSE_CDS", "off");
    builder.environment().put("XDG_CACHE_HOME", log.resolveSibling("cache").toString());
    return builder.start();
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Polls {@code condition} on this thread; an AssertionError if it does not hold within {@link #WAIT}. */
  private static void await(java.util.function.BooleanSupplier condition) {
    try {
      Awaitility.await()
          .atMost(WAIT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(200))
          .pollInSameThread()
          .until(condition::getAsBoolean);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("condition within " + WAIT, e);
    }
  }
}
