package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.app.config.Settings;
import io.citypulse.model.Json;
import io.citypulse.model.StationRecord;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.StationFilter;
import io.citypulse.sources.poll.SystemReport;
import io.citypulse.sources.poll.SystemReport.State;
import io.citypulse.sources.postcode.ChainedPostcodeResolver;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.sources.synthetic.SyntheticWorld;
import io.citypulse.sources.synthetic.SyntheticWorld.SystemSpec;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.Response;
import io.citypulse.testkit.gbfs.CorpusSystem;
import io.citypulse.testkit.gbfs.IndependentReading;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalogue-wide ingest against a served world: 20 generated systems of every GBFS version
 * (1.1, 2.2, 2.3, 3.0, the Vélib' dialect), one of them needing credentials, plus a free-floating
 * system, one answering 500 and one that never answers in time, all served by a real HTTP server
 * on 127.0.0.1 and published to a real KRaft broker. Every station of every station-based system
 * must arrive once, under its system, and once more per change; the broken systems must be
 * reported with their reasons and delay nobody. What the files hold is read by the testkit's
 * {@link IndependentReading}, not by the product's parser.
 */
class SystemsIngestIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final int SYSTEMS = 20;
  /**
   * The smallest 20-system world among seeds 1-400 (938 stations, 3 to 385 per system), so the
   * test stays quick on a shared 2-core machine; seed 42's has 12,382.
   */
  private static final long SEED = 177;

  private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(90);
  /** sim-0002 is listed under a System ID with spaces, as real ones have ("yego bordeaux"). */
  private static final String SPACED_ID = "sim 0002 bordeaux";

  @TempDir
  Path dir;

  private LocalHttpServer server;
  private final SyntheticWorld world = new SyntheticWorld(SEED, SYSTEMS);
  private final Map<String, SyntheticNetwork> networks = new LinkedHashMap<>();
  private volatile Path served;
  private SystemsIngest ingest;
  private ChainedPostcodeResolver resolver;

  @BeforeEach
  void serveTheWorld() throws IOException {
    server = LocalHttpServer.start();
    for (SystemSpec system : world.systems()) {
      networks.put(system.systemId(), SyntheticWorld.network(system, T0, Duration.ofSeconds(30)));
      for (String file : List.of(
          "gbfs.json",
          "system_information.json",
          "vehicle_types.json",
          "station_information.json",
          "station_status.json")) {
        String path = "/" + system.systemId() + "/" + file;
        server.respondWith(path, request -> {
          Path body = served.resolve(system.systemId()).resolve(file);
          try {
            return Files.exists(body)
                ? Response.status(200)
                    .header("Content-Type", "application/json")
                    .body(Files.readAllBytes(body))
                : Response.status(404);
          } catch (IOException e) {
            return Response.status(500);
          }
        });
      }
    }
    served = writeState(T0, "state-1");
    server.respond("/scooters/gbfs.json", Response.json(200, """
        {"last_updated": 1780000000, "ttl": 0, "version": "2.3", "data": {"en": {"feeds": [
          {"name": "free_bike_status", "url": "%s"}]}}}
        """.formatted(
            server.uri("/scooters/free_bike_status.json"))));
    server.respond("/down/gbfs.json", Response.status(500).body("upstream exploded"));
    server.respond("/hung/gbfs.json", Response.json(200, "{}").delay(Duration.ofSeconds(30)));
  }

  @AfterEach
  void stop() {
    if (ingest != null) {
      ingest.close();
    }
    if (resolver != null) {
      resolver.close();
    }
    server.close();
  }

  /** The world's files at {@code at}, one folder per system, as the server will serve them. */
  private Path writeState(Instant at, String name) throws IOException {
    Path state = dir.resolve(name);
    for (SystemSpec system : world.systems()) {
      SyntheticNetwork network = networks.get(system.systemId());
      network.advanceTo(at);
      URI base = SyntheticWorld.systemBase(server.uri("/"), system);
      Path folder = Files.createDirectories(state.resolve(system.systemId()));
      for (Map.Entry<String, byte[]> file :
          SyntheticWorld.feeds(system, network, base, at.getEpochSecond()).entrySet()) {
        Files.write(folder.resolve(file.getKey()), file.getValue());
      }
    }
    return state;
  }

  /** The world's catalogue, with a spaced id, and three broken systems after it. */
  private Path catalogue() throws IOException {
    String csv = new String(world.catalogue(server.uri("/")), StandardCharsets.UTF_8)
        .replace(",sim-0002,", "," + SPACED_ID + ",");
    csv += "NO,Scooters,Oslo,scooters,https://s.example/," + server.uri("/scooters/gbfs.json")
        + ",2.3,,,\n";
    csv += "NO,Down,Oslo,down,https://d.example/," + server.uri("/down/gbfs.json") + ",2.3,,,\n";
    csv += "NO,Hung,Oslo,hung,https://h.example/," + server.uri("/hung/gbfs.json") + ",2.3,,,\n";
    Path file = dir.resolve("systems.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    return file;
  }

  private static String catalogueId(SystemSpec system) {
    return system.systemId().equals("sim-0002") ? SPACED_ID : system.systemId();
  }

  private SystemsIngest start(Map<String, String> extra, String topic) throws IOException {
    Map<String, String> flags = new HashMap<>(Map.of(
        "gbfs.systems.file", catalogue().toString(),
        "state-dir", dir.resolve("run").toString(),
        "postcodes.geocoder.enabled", "false",
        "gbfs.min-interval", "500ms",
        "gbfs.max-interval", "1s",
        "gbfs.timeout", "1s",
        "gbfs.backoff.initial", "500ms",
        "gbfs.backoff.max", "1s",
        "gbfs.systems.max-in-flight", "4"));
    flags.putAll(extra);
    Settings settings = Settings.load(null, Map.of(), flags);
    SystemsSelection selection = SystemsSelection.of(
        settings, Ingest.gbfsSettings(settings, URI.create("http://127.0.0.1/unused")));
    Counters counters = new Counters();
    resolver = Ingest.resolver(Ingest.postcodeSettings(settings, dir.resolve("run")), "", counters);
    KAFKA.createTopic(topic, 2, Map.of());
    KAFKA.createTopic(topic + "-dead-letters"); // else a dead letter blocks on the topic's metadata
    ingest = SystemsIngest.start(
        selection,
        StationFilter.ALL,
        resolver,
        KAFKA.bootstrapServers(),
        topic,
        topic + "-dead-letters",
        counters);
    return ingest;
  }

  /** Every station of the systems, by record key, from the files of {@code state}. */
  private Map<String, IndependentReading.Station> expected(Path state, List<SystemSpec> systems) {
    Map<String, IndependentReading.Station> byKey = new LinkedHashMap<>();
    for (SystemSpec system : systems) {
      IndependentReading.stations(new CorpusSystem(state.resolve(system.systemId())))
          .forEach((code, station) -> byKey.put(catalogueId(system) + ":" + code, station));
    }
    return byKey;
  }

  /** The raw station_status entries of the systems, by record key: a change is a new entry. */
  private Map<String, String> rawEntries(Path state, List<SystemSpec> systems) throws IOException {
    Map<String, String> byKey = new HashMap<>();
    for (SystemSpec system : systems) {
      Map<String, IndependentReading.Station> stations =
          IndependentReading.stations(new CorpusSystem(state.resolve(system.systemId())));
      Map<String, String> codeById = stations.values().stream()
          .collect(Collectors.toMap(
              IndependentReading.Station::stationId, IndependentReading.Station::code));
      var root = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(
              state.resolve(system.systemId()).resolve("station_status.json").toFile());
      for (var entry : root.path("data").path("stations")) {
        String id = entry.path("station_id").asText();
        byKey.put(catalogueId(system) + ":" + codeById.get(id), entry.toString());
      }
    }
    return byKey;
  }

  private List<SystemSpec> stationBased() {
    return world.systems().stream().filter(s -> !s.authentication()).toList();
  }

  private static Map<String, List<StationRecord>> byKey(
      List<ConsumerRecord<String, String>> records) {
    Map<String, List<StationRecord>> byKey = new LinkedHashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      byKey
          .computeIfAbsent(record.key(), k -> new java.util.ArrayList<>())
          .add(Json.read(record.value().getBytes(StandardCharsets.UTF_8), StationRecord.class));
    }
    return byKey;
  }

  /** Every record the topic holds now (to its end offsets), so that a duplicate cannot hide. */
  private static List<ConsumerRecord<String, String>> readAll(String topic) {
    java.util.Properties props = new java.util.Properties();
    props.put("bootstrap.servers", KAFKA.bootstrapServers());
    props.put("enable.auto.commit", "false");
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(
        props,
        new org.apache.kafka.common.serialization.StringDeserializer(),
        new org.apache.kafka.common.serialization.StringDeserializer())) {
      List<org.apache.kafka.common.TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end " + end);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  private SystemReport report(String id) {
    return ingest.reports().stream()
        .filter(r -> r.systemId().equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void everyStationOfEverySystemOncePerChangeUnderItsSystemAndTheBrokenOnesSetAside()
      throws Exception {
    String topic = "stations-all";
    List<SystemSpec> polled = stationBased();
    Map<String, IndependentReading.Station> first = expected(served, polled);
    System.out.printf(
        "world: %d systems, %d polled, %d stations%n", SYSTEMS, polled.size(), first.size());
    start(Map.of(), topic);

    // Round 1: every station once, under its catalogue System ID.
    List<ConsumerRecord<String, String>> records = KAFKA.consumeUntil(
        topic,
        got -> got.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).size()
            >= first.size(),
        WAIT);
    Map<String, List<StationRecord>> round1 = byKey(records);
    assertThat(round1.keySet()).containsExactlyInAnyOrderElementsOf(first.keySet());
    for (Map.Entry<String, List<StationRecord>> entry : round1.entrySet()) {
      StationRecord record = entry.getValue().get(0);
      IndependentReading.Station station = first.get(entry.getKey());
      assertThat(record.key()).isEqualTo(entry.getKey());
      assertThat(record.system())
          .isEqualTo(entry.getKey().substring(0, entry.getKey().lastIndexOf(':')));
      assertThat(record.bikesAvailable()).as(entry.getKey()).isEqualTo(station.bikes());
    }
    assertThat(round1.keySet().stream().filter(k -> k.startsWith(SPACED_ID + ":")))
        .isNotEmpty();
    // Re-polls of unchanged feeds publish nothing more.
    await()
        .atMost(WAIT)
        .until(() -> polled.stream().allMatch(s -> report(catalogueId(s)).polls() >= 3));
    assertThat(byKey(readAll(topic)).values())
        .allSatisfy(list -> assertThat(list).hasSize(1));

    // The broken systems, each with its reason; sim-0011 needs credentials, never polled.
    assertThat(report("scooters").state()).isEqualTo(State.SKIPPED);
    assertThat(report("scooters").reason()).contains("station_status");
    assertThat(report("down").state()).isEqualTo(State.FAILING);
    assertThat(report("down").reason()).contains("HTTP 500");
    await().atMost(WAIT).until(() -> report("hung").state() == State.FAILING);
    assertThat(report("hung").reason()).containsIgnoringCase("within");
    assertThat(ingest.reports()).extracting(SystemReport::systemId).doesNotContain("sim-0011");
    assertThat(ingest.selection().setAside())
        .anySatisfy(line -> assertThat(line).startsWith("skipped sim-0011: needs credentials"));
    assertThat(server.requestCount("/sim-0011/gbfs.json")).isZero();
    assertThat(server.requestCount("/scooters/gbfs.json")).isEqualTo(1);

    // Health and metrics: one row for all and one per failing system; system-tagged series only
    // for the five worst.
    var registry = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    PipelineHealth health = new PipelineHealth(
        new Counters(),
        registry,
        new JobMeters(registry, new RunningJobs()),
        java.time.Clock.systemUTC());
    health.addSystems(ingest);
    health.beforeScrape();
    assertThat(health.feeds())
        .extracting(io.citypulse.dashboard.health.FeedHealth::feed)
        .containsExactlyInAnyOrder("gbfs 22 systems", "gbfs down", "gbfs hung");
    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("citypulse_gbfs_systems{state=\"failing\"} 2.0")
        .contains("citypulse_gbfs_systems{state=\"skipped\"} 1.0")
        .contains("citypulse_gbfs_systems{state=\"needs_authentication\"} 1.0")
        .contains("citypulse_gbfs_system_failures_in_a_row{system=\"down\"}");
    assertThat(scrape.lines().filter(l -> l.startsWith("citypulse_gbfs_system_stations{")))
        .hasSize(SystemsIngest.WORST_SHOWN);

    // The hung and failing systems delay nobody: in 5 s every healthy system polls again, at
    // its own 0.5-1 s interval, while "hung" holds a worker for 2 s at a time.
    Map<String, Long> before = polled.stream()
        .collect(Collectors.toMap(
            SystemsIngestIT::catalogueId, s -> report(catalogueId(s)).polls()));
    Thread.sleep(5_000);
    for (SystemSpec system : polled) {
      assertThat(report(catalogueId(system)).polls() - before.get(catalogueId(system)))
          .as("polls of %s in 5 s", catalogueId(system))
          .isGreaterThanOrEqualTo(3);
    }

    // Round 2: one tick later, each changed station once more, the others not again.
    Map<String, String> rawBefore = rawEntries(served, polled);
    Path later = writeState(T0.plus(Duration.ofSeconds(30)), "state-2");
    Map<String, String> rawAfter = rawEntries(later, polled);
    Set<String> changed = new TreeSet<>();
    rawAfter.forEach((key, entry) -> {
      if (!entry.equals(rawBefore.get(key))) {
        changed.add(key);
      }
    });
    assertThat(changed).as("stations that changed in a tick").isNotEmpty();
    Map<String, IndependentReading.Station> second = expected(later, polled);
    served = later;
    int expectedRecords = first.size() + changed.size();
    records = KAFKA.consumeUntil(topic, got -> got.size() >= expectedRecords, WAIT);
    await()
        .atMost(WAIT)
        .until(() -> polled.stream()
            .allMatch(s -> report(catalogueId(s)).polls() >= before.get(catalogueId(s)) + 8));
    Map<String, List<StationRecord>> all = byKey(readAll(topic));
    assertThat(all.keySet()).containsExactlyInAnyOrderElementsOf(second.keySet());
    for (Map.Entry<String, List<StationRecord>> entry : all.entrySet()) {
      int expectedCount = changed.contains(entry.getKey()) ? 2 : 1;
      assertThat(entry.getValue()).as(entry.getKey()).hasSize(expectedCount);
      StationRecord latest = entry.getValue().get(entry.getValue().size() - 1);
      assertThat(latest.bikesAvailable())
          .as(entry.getKey())
          .isEqualTo(second.get(entry.getKey()).bikes());
    }
    System.out.printf(
        "round 2: %d of %d stations changed, %d records in all%n",
        changed.size(),
        second.size(),
        all.values().stream().mapToInt(List::size).sum());
  }

  @Test
  void countryAndSystemIdFiltersSelectOnlyTheirSystems() throws Exception {
    // A country of the world's but not of the three broken systems (NO).
    String country = world.systems().stream()
        .map(s -> s.city().countryCode())
        .filter(c -> !c.equals("NO"))
        .findFirst()
        .orElseThrow();
    List<SystemSpec> ofCountry = stationBased().stream()
        .filter(s -> s.city().countryCode().equals(country))
        .toList();
    List<String> ids = List.of(SPACED_ID, "sim-0005");
    Set<String> wanted =
        new TreeSet<>(ofCountry.stream().map(SystemsIngestIT::catalogueId).toList());
    start(Map.of("gbfs.systems.countries", country), "stations-" + country.toLowerCase());

    Map<String, IndependentReading.Station> expected = expected(served, ofCountry);
    List<ConsumerRecord<String, String>> records = KAFKA.consumeUntil(
        "stations-" + country.toLowerCase(),
        got -> got.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).size()
            >= expected.size(),
        WAIT);
    Function<ConsumerRecord<String, String>, String> system =
        r -> r.key().substring(0, r.key().lastIndexOf(':'));
    assertThat(records.stream().map(system).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(wanted);
    assertThat(ingest.reports())
        .extracting(SystemReport::systemId)
        .containsExactlyInAnyOrderElementsOf(wanted);
    ingest.close();
    ingest = null;
    resolver.close();

    start(Map.of("gbfs.systems.ids", String.join(",", ids)), "stations-by-id");
    List<ConsumerRecord<String, String>> byId = KAFKA.consumeUntil(
        "stations-by-id",
        got -> got.stream().map(system).collect(Collectors.toSet()).size() >= 2,
        WAIT);
    assertThat(byId.stream().map(system).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(ingest.reports())
        .extracting(SystemReport::systemId)
        .containsExactlyInAnyOrderElementsOf(ids);
  }
}
