package io.citypulse.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import io.citypulse.model.time.Sleeper;
import io.citypulse.searchnode.EmbeddedSearchNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The sink against a real single-node OpenSearch (citypulse-search-node, started in a child JVM
 * on 127.0.0.1). Each test uses its own index prefix, so they do not see each other's documents;
 * the node is shared and two tests restart it (on the same home and port).
 */
class SearchIndexerIT {
  private static final Instant T1 =
      Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
  private static final Instant T2 = T1.plusSeconds(60);
  /** Short waits: a restarted node is back in seconds. */
  private static final SearchIndexer.Settings FAST_RETRIES =
      new SearchIndexer.Settings(0, 1_000, 5L << 20, Duration.ofMillis(100), Duration.ofSeconds(1));

  private static Path home;
  private static EmbeddedSearchNode node;

  @BeforeAll
  static void startNode() throws IOException {
    home = Files.createTempDirectory(Path.of("target"), "search-it-");
    node = start(0);
  }

  @AfterAll
  static void stopNode() throws IOException {
    if (node != null) {
      node.close();
    }
    // The node's data (a few MB): nothing to keep once the node is stopped.
    try (var paths = Files.walk(home)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static EmbeddedSearchNode start(int port) throws IOException {
    return EmbeddedSearchNode.start(new EmbeddedSearchNode.Options(
        EmbeddedSearchNode.locateJar(""), home, port, "512m", Duration.ofMinutes(3)));
  }

  /** Stops the node (cleanly) and starts it again on the same home and port. */
  private static void restart() throws IOException {
    int port = node.httpPort();
    node.stop();
    node = start(port);
  }

  private static SearchClient client() {
    return new SearchClient(node.httpUri(), Credentials.none());
  }

  private static SearchIndexer prepared(String prefix, IndexPeriod period) {
    SearchIndexer indexer = new SearchIndexer(
        client(), new IndexNaming(prefix, period), FAST_RETRIES, Clock.systemUTC(), Sleeper.SYSTEM);
    indexer.prepare();
    return indexer;
  }

  private static List<SearchDocument> stations(
      IndexNaming naming, int count, Instant time, int bikes) {
    List<SearchDocument> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      docs.add(SearchDocuments.of(Samples.station("s" + i, bikes, time), naming));
    }
    return docs;
  }

  private static long count(SearchIndexer indexer, SearchStream stream) {
    SearchClient client = indexer.client();
    client.refresh(indexer.naming().pattern(stream));
    return client.count(indexer.naming().pattern(stream));
  }

  private static void assertStored(SearchClient client, SearchDocument doc) throws IOException {
    String source = client
        .source(doc.index(), doc.id())
        .orElseThrow(() -> new AssertionError("missing " + doc.index() + "/" + doc.id()));
    assertThat(Json.MAPPER.readTree(source))
        .as(doc.id())
        .isEqualTo(Json.MAPPER.readTree(doc.json()));
  }

  @Test
  void templatesGiveTheIndicesAStrictMappingWithAGeoPoint() throws Exception {
    SearchIndexer indexer = prepared("it-templates", IndexPeriod.DAY);
    IndexOutcome outcome = indexer.index(stations(indexer.naming(), 1, T1, 5));
    assertThat(outcome.indexed()).isEqualTo(1);

    JsonNode mappings = Json.MAPPER.readTree(indexer.client().mapping("it-templates-stations-*"));
    JsonNode mapping = mappings.elements().next().path("mappings");
    assertThat(mapping.path("dynamic").asText()).isEqualTo("strict");
    assertThat(mapping.at("/properties/geo_location/type").asText()).isEqualTo("geo_point");
    assertThat(mapping.at("/properties/@timestamp/type").asText()).isEqualTo("date");
    assertThat(mapping.at("/properties/station_code/type").asText()).isEqualTo("keyword");
    assertThat(indexer.client().clusterHealth()).isEqualTo("green");
  }

  @Test
  void aFeedThenAChangedFeedLeaveExactlyTheExpectedDocuments() throws Exception {
    SearchIndexer indexer = prepared("it-feed", IndexPeriod.DAY);
    IndexNaming naming = indexer.naming();
    List<SearchDocument> feed = new ArrayList<>(stations(naming, 50, T1, 10));
    for (int i = 0; i < 5; i++) {
      feed.add(SearchDocuments.of(Samples.postcode("7500" + i, 40 + i, T1, null), naming));
    }
    for (String place : List.of("paris", "dakar", "lyon")) {
      feed.add(SearchDocuments.of(Samples.weather(place, 12.5, T1), naming));
    }

    IndexOutcome first = indexer.index(feed);

    assertThat(first.indexed()).isEqualTo(58);
    assertThat(first.rejected()).isEmpty();
    assertThat(count(indexer, SearchStream.STATIONS)).isEqualTo(50);
    assertThat(count(indexer, SearchStream.POSTCODES)).isEqualTo(5);
    assertThat(count(indexer, SearchStream.WEATHER)).isEqualTo(3);
    for (SearchDocument doc : feed) {
      assertStored(indexer.client(), doc);
    }

    // The feed changes: 20 stations report a new state (new event time: new documents), one
    // postcode's total is corrected at the same update time (same id: replaced), one weather
    // location gets a new observation.
    List<SearchDocument> changed = new ArrayList<>(stations(naming, 20, T2, 3));
    SearchDocument corrected = SearchDocuments.of(Samples.postcode("75000", 7, T1, null), naming);
    changed.add(corrected);
    SearchDocument newObservation = SearchDocuments.of(Samples.weather("paris", 13.0, T2), naming);
    changed.add(newObservation);

    IndexOutcome second = indexer.index(changed);

    assertThat(second.indexed()).isEqualTo(22);
    assertThat(count(indexer, SearchStream.STATIONS)).isEqualTo(70);
    assertThat(count(indexer, SearchStream.POSTCODES)).isEqualTo(5);
    assertThat(count(indexer, SearchStream.WEATHER)).isEqualTo(4);
    for (SearchDocument doc : changed) {
      assertStored(indexer.client(), doc);
    }
    assertStored(indexer.client(), feed.get(0)); // the earlier state of s0 is still there
    assertThat(indexer.client().source(corrected.index(), corrected.id()).orElseThrow())
        .contains("\"bikes_available\":7");
  }

  @Test
  void aReplayAndANodeRestartDoNotDuplicateAnything() throws Exception {
    SearchIndexer indexer = prepared("it-replay", IndexPeriod.DAY);
    List<SearchDocument> feed = stations(indexer.naming(), 200, T1, 8);
    indexer.index(feed);
    assertThat(count(indexer, SearchStream.STATIONS)).isEqualTo(200);

    IndexOutcome replay = indexer.index(feed); // the same records again, as after a lost commit
    assertThat(replay.indexed()).isEqualTo(200);
    assertThat(count(indexer, SearchStream.STATIONS)).isEqualTo(200);

    restart();
    SearchIndexer afterRestart = prepared("it-replay", IndexPeriod.DAY);
    assertThat(count(afterRestart, SearchStream.STATIONS)).isEqualTo(200);
    afterRestart.index(feed);
    assertThat(count(afterRestart, SearchStream.STATIONS)).isEqualTo(200);
    assertStored(afterRestart.client(), feed.get(123));
  }

  @Test
  void aNodeKilledMidRunIsWaitedForAndTheBatchLandsWhole() throws Exception {
    SearchIndexer.Settings smallChunks =
        new SearchIndexer.Settings(0, 100, 5L << 20, Duration.ofMillis(100), Duration.ofSeconds(1));
    SearchIndexer indexer = new SearchIndexer(
        client(),
        new IndexNaming("it-outage", IndexPeriod.DAY),
        smallChunks,
        Clock.systemUTC(),
        Sleeper.SYSTEM);
    indexer.prepare();
    List<SearchDocument> batch = stations(indexer.naming(), 20_000, T1, 4);
    AtomicReference<Object> result = new AtomicReference<>();
    Thread sink = new Thread(
        () -> {
          try {
            result.set(indexer.index(batch));
          } catch (Throwable t) {
            result.set(t);
          }
        },
        "search-sink");
    sink.start();

    awaitTrue(() -> indexer.status().indexed() > 0, Duration.ofSeconds(60));
    restartAfter(() -> {
      awaitTrue(() -> indexer.status().retrying(), Duration.ofSeconds(30));
      SearchStatus away = indexer.status();
      assertThat(away.lastError()).contains("unreachable");
      assertThat(away.since()).isNotNull();
      assertThat(sink.isAlive()).isTrue();
    });
    sink.join(Duration.ofMinutes(3).toMillis());

    assertThat(result.get()).isInstanceOf(IndexOutcome.class);
    IndexOutcome outcome = (IndexOutcome) result.get();
    assertThat(outcome.indexed()).isEqualTo(20_000);
    assertThat(outcome.rejected()).isEmpty();
    assertThat(outcome.retries()).isPositive();
    assertThat(indexer.status().retrying()).isFalse();
    SearchIndexer check = prepared("it-outage", IndexPeriod.DAY);
    assertThat(count(check, SearchStream.STATIONS)).isEqualTo(20_000);
    assertStored(check.client(), batch.get(19_999));
  }

  /** Kills the node, runs {@code whileAway}, then starts it again on the same home and port. */
  private static void restartAfter(ThrowingRunnable whileAway) throws Exception {
    int port = node.httpPort();
    node.kill();
    try {
      whileAway.run();
    } finally {
      node = start(port);
    }
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void documentsThatDoNotFitTheMappingAreRejectedWithTheirReasonAndTheOthersIndexed()
      throws Exception {
    SearchIndexer indexer = prepared("it-partial", IndexPeriod.DAY);
    List<SearchDocument> docs = new ArrayList<>(stations(indexer.naming(), 3, T1, 6));
    String index = docs.get(0).index();
    SearchDocument wrongType = new SearchDocument(
        SearchStream.STATIONS,
        index,
        "bad-type@1",
        "{\"key\":\"velib:x\",\"@timestamp\":\"" + T1 + "\",\"bikes_available\":\"many\"}");
    SearchDocument unknownField = new SearchDocument(
        SearchStream.STATIONS,
        index,
        "bad-field@1",
        "{\"key\":\"velib:y\",\"@timestamp\":\"" + T1 + "\",\"colour\":\"green\"}");
    docs.add(1, wrongType);
    docs.add(unknownField);

    IndexOutcome outcome = indexer.index(docs);

    assertThat(outcome.indexed()).isEqualTo(3);
    assertThat(outcome.rejected()).hasSize(2);
    RejectedDocument first = outcome.rejected().get(0);
    assertThat(first.document()).isEqualTo(wrongType);
    assertThat(first.status()).isEqualTo(400);
    assertThat(first.errorType()).isEqualTo("mapper_parsing_exception");
    assertThat(first.reason()).contains("bikes_available");
    RejectedDocument second = outcome.rejected().get(1);
    assertThat(second.document()).isEqualTo(unknownField);
    assertThat(second.errorType()).isEqualTo("strict_dynamic_mapping_exception");
    assertThat(second.reason()).contains("colour");
    assertThat(count(indexer, SearchStream.STATIONS)).isEqualTo(3);
    assertThat(indexer.status().rejected()).isEqualTo(2);
    assertThat(indexer.status().retries()).isZero();
  }

  @Test
  void retentionDeletesDailyIndicesPastItAndKeepsTodays() throws Exception {
    SearchIndexer indexer = prepared("it-retention", IndexPeriod.DAY);
    IndexNaming naming = indexer.naming();
    Instant now = Instant.now();
    List<SearchDocument> docs = new ArrayList<>();
    docs.addAll(stations(naming, 4, now.minus(Duration.ofDays(40)), 1));
    docs.addAll(stations(naming, 3, now.minus(Duration.ofDays(10)), 1));
    docs.addAll(stations(naming, 2, now, 1));
    docs.add(
        SearchDocuments.of(Samples.weather("paris", 3.0, now.minus(Duration.ofDays(10))), naming));
    indexer.index(docs);
    String today = naming.index(SearchStream.STATIONS, now);
    assertThat(indexer.client().listIndices("it-retention-*")).hasSize(4).contains(today);

    List<String> deleted = indexer.applyRetention(Duration.ofDays(7));

    assertThat(deleted)
        .containsExactlyInAnyOrder(
            naming.index(SearchStream.STATIONS, now.minus(Duration.ofDays(40))),
            naming.index(SearchStream.STATIONS, now.minus(Duration.ofDays(10))),
            naming.index(SearchStream.WEATHER, now.minus(Duration.ofDays(10))));
    assertThat(indexer.client().listIndices("it-retention-*")).containsExactly(today);
    assertThat(count(indexer, SearchStream.STATIONS)).isEqualTo(2);
  }

  @Test
  // A measurement, not a check: run with CITYPULSE_BENCH=1 (docs/benchmarks.md).
  @EnabledIfEnvironmentVariable(named = "CITYPULSE_BENCH", matches = "1")
  void indexingRateOnTheLocalNode() throws Exception {
    SearchIndexer indexer = prepared("it-rate", IndexPeriod.DAY);
    List<SearchDocument> warmUp = stations(indexer.naming(), 2_000, T1.minusSeconds(3600), 2);
    indexer.index(warmUp);
    List<SearchDocument> docs = new ArrayList<>();
    for (int minute = 0; minute < 10; minute++) {
      docs.addAll(stations(indexer.naming(), 5_000, T1.plusSeconds(minute * 60L), minute));
    }

    long start = System.nanoTime();
    IndexOutcome outcome = indexer.index(docs);
    double seconds = (System.nanoTime() - start) / 1e9;

    double rate = outcome.indexed() / seconds;
    System.out.printf(
        "search indexing rate: %d documents in %.2f s = %.0f docs/s%n",
        outcome.indexed(), seconds, rate);
    Files.writeString(
        Path.of("target", "search-indexing-rate.txt"),
        String.format("%d docs in %.2f s = %.0f docs/s%n", outcome.indexed(), seconds, rate));
    assertThat(outcome.indexed()).isEqualTo(50_000);
    assertThat(count(indexer, SearchStream.STATIONS)).isEqualTo(52_000);
    assertThat(rate).as("documents per second").isGreaterThan(200);
  }

  private static void awaitTrue(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(5);
    }
  }
}
