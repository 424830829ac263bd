package io.citypulse.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.Json;
import io.citypulse.model.time.Sleeper;
import io.citypulse.testkit.MutableClock;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The indexer's retry rules against recorded-format answers of a local server: per-item retries,
 * whole-chunk retries while the cluster is away, permanent rejections, splitting, interrupts.
 * Waits go through a recording sleeper that moves a test clock, so nothing really sleeps.
 */
class SearchIndexerTest {
  private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");
  private static final Instant T = Instant.parse("2026-12-06T09:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final List<Duration> sleeps = new ArrayList<>();
  private final List<SearchStatus> statusWhileWaiting = new ArrayList<>();
  private FakeCluster cluster = FakeCluster.start();
  private SearchIndexer indexer;
  private Consumer<Integer> onSleep = n -> {};

  @AfterEach
  void stop() {
    cluster.close();
  }

  private SearchIndexer indexer(URI uri, SearchIndexer.Settings settings) {
    Sleeper sleeper = duration -> {
      sleeps.add(duration);
      statusWhileWaiting.add(indexer.status());
      clock.advance(duration);
      onSleep.accept(sleeps.size());
    };
    indexer = new SearchIndexer(
        new SearchClient(uri, Credentials.basic("sink", "never-logged")),
        IndexNaming.DEFAULT,
        settings,
        clock,
        sleeper);
    return indexer;
  }

  private SearchIndexer indexer() {
    return indexer(cluster.uri(), SearchIndexer.Settings.DEFAULT);
  }

  private static List<SearchDocument> stations(int count) {
    List<SearchDocument> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      docs.add(SearchDocuments.of(Samples.station("s" + i, i % 30, T), IndexNaming.DEFAULT));
    }
    return docs;
  }

  private static String id(int station) {
    return "velib:s" + station + "@" + T;
  }

  @Test
  void refusedItemsAloneAreSentAgainAndPermanentFailuresAreRejectedWithTheirReason()
      throws Exception {
    FakeBulk bulk = new FakeBulk().failing(id(1), 429, 429).failing(id(2), 400);
    cluster.on("POST /_bulk", bulk::answer);
    List<SearchDocument> docs = stations(3);

    IndexOutcome outcome = indexer().index(docs);

    assertThat(outcome.indexed()).isEqualTo(2);
    assertThat(outcome.retries()).isEqualTo(2);
    assertThat(outcome.rejected()).singleElement().satisfies(r -> {
      assertThat(r.document()).isEqualTo(docs.get(2));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.errorType()).isEqualTo("mapper_parsing_exception");
      assertThat(r.reason()).contains("bikes_available").contains("For input string");
    });
    assertThat(bulk.requestedIds)
        .containsExactly(List.of(id(0), id(1), id(2)), List.of(id(1)), List.of(id(1)));
    assertThat(bulk.stored).containsOnlyKeys(id(0), id(1));
    assertThat(sleeps).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
    assertThat(statusWhileWaiting).allSatisfy(s -> {
      assertThat(s.state()).isEqualTo(SearchStatus.State.RETRYING);
      assertThat(s.since()).isEqualTo(START);
      assertThat(s.lastError()).contains("1 of").contains("429 es_rejected_execution_exception");
    });
    SearchStatus after = indexer.status();
    assertThat(after.state()).isEqualTo(SearchStatus.State.OK);
    assertThat(after.since()).isEqualTo(START.plusMillis(600));
    assertThat(after.indexed()).isEqualTo(2);
    assertThat(after.rejected()).isEqualTo(1);
    assertThat(after.retries()).isEqualTo(2);
  }

  @Test
  void wholeRequestFailuresResendTheChunkUntilItLandsWhileTheStatusSaysRetrying() throws Exception {
    FakeBulk bulk = new FakeBulk();
    cluster.on(
        "POST /_bulk",
        r -> new FakeCluster.Answer(
            503,
            "{\"error\":{\"type\":\"cluster_block_exception\",\"reason\":\"blocked by:"
                + " [SERVICE_UNAVAILABLE/1/state not recovered / initialized];\"},\"status\":503}"),
        r -> new FakeCluster.Answer(502, "<html><body>Bad Gateway</body></html>"),
        // A complete HTTP answer whose JSON is cut: which items landed is unknown.
        r -> new FakeCluster.Answer(200, "{\"took\":3,\"errors\":false,\"items\":[{\"index\":{"),
        bulk::answer);

    IndexOutcome outcome = indexer().index(stations(5));

    assertThat(outcome.indexed()).isEqualTo(5);
    assertThat(outcome.rejected()).isEmpty();
    assertThat(bulk.stored).hasSize(5);
    assertThat(sleeps)
        .containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
    assertThat(statusWhileWaiting)
        .extracting(SearchStatus::lastError)
        .satisfiesExactly(
            e -> assertThat(e).contains("(503)").contains("cluster_block_exception"),
            e -> assertThat(e).contains("(502)").contains("Bad Gateway"),
            e -> assertThat(e).contains("unreadable bulk answer"));
    assertThat(statusWhileWaiting)
        .allMatch(SearchStatus::retrying)
        .allMatch(s -> s.since().equals(START));
    assertThat(indexer.status().retrying()).isFalse();
    assertThat(indexer.status().lastIndexed()).isEqualTo(START.plusMillis(1400));
  }

  @Test
  void aClusterThatIsAwayIsWaitedForAndTheBatchLandsWhenItComesBack() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    cluster.close();
    FakeBulk bulk = new FakeBulk();
    int backOnSleep = 4;
    onSleep = n -> {
      if (n == backOnSleep) {
        cluster = FakeCluster.start(port).on("POST /_bulk", bulk::answer);
      }
    };
    SearchIndexer indexer =
        indexer(URI.create("http://127.0.0.1:" + port), SearchIndexer.Settings.DEFAULT);

    IndexOutcome outcome = indexer.index(stations(7));

    assertThat(outcome.indexed()).isEqualTo(7);
    assertThat(outcome.retries()).isEqualTo(backOnSleep);
    assertThat(bulk.stored).hasSize(7);
    assertThat(statusWhileWaiting).hasSize(backOnSleep).allSatisfy(s -> {
      assertThat(s.retrying()).isTrue();
      assertThat(s.lastError()).contains("127.0.0.1:" + port + " is unreachable");
      assertThat(s.lastError()).doesNotContain("never-logged");
    });
    assertThat(indexer.status().retrying()).isFalse();
  }

  @Test
  void anInterruptEndsTheWaitAndLeavesTheBatchUnacknowledged() {
    cluster.on("POST /_bulk", 503, "{\"error\":{\"type\":\"x\",\"reason\":\"y\"},\"status\":503}");
    Sleeper interruptedOnSecondWait = d -> {
      if (sleeps.size() == 1) {
        throw new InterruptedException("stop");
      }
      sleeps.add(d);
    };
    SearchIndexer indexer = new SearchIndexer(
        new SearchClient(cluster.uri(), Credentials.none()),
        IndexNaming.DEFAULT,
        SearchIndexer.Settings.DEFAULT,
        clock,
        interruptedOnSecondWait);

    assertThatThrownBy(() -> indexer.index(stations(2))).isInstanceOf(InterruptedException.class);
    assertThat(cluster.requests("POST", "/_bulk")).hasSize(2);
    assertThat(indexer.status().retrying()).isTrue();
    assertThat(indexer.status().indexed()).isZero();
  }

  @Test
  void refusedCredentialsStopTheSinkAtOnceInsteadOfRetryingForever() {
    cluster.on(
        "POST /_bulk",
        401,
        "{\"error\":{\"type\":\"security_exception\",\"reason\":\"unable to authenticate user"
            + " [sink] for REST request [/_bulk]\"},\"status\":401}");
    assertThatThrownBy(() -> indexer().index(stations(2)))
        .isInstanceOf(SearchException.class)
        .hasMessageContaining("refused the credentials (401")
        .hasMessageNotContaining("never-logged");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void aBodyTooLargeIsHalvedAndADocumentTooLargeAloneIsRejected() throws Exception {
    FakeBulk bulk = new FakeBulk();
    int limit = 2_000;
    cluster.on(
        "POST /_bulk",
        r -> r.body().length() > limit ? new FakeCluster.Answer(413, "") : bulk.answer(r));
    List<SearchDocument> docs = new ArrayList<>(stations(4));
    SearchDocument huge = new SearchDocument(
        SearchStream.STATIONS,
        "citypulse-stations-2026.12.06",
        "huge@1",
        "{\"name\":\"" + "x".repeat(limit) + "\"}");
    docs.add(2, huge);

    IndexOutcome outcome = indexer().index(docs);

    assertThat(outcome.indexed()).isEqualTo(4);
    assertThat(outcome.rejected()).singleElement().satisfies(r -> {
      assertThat(r.document()).isEqualTo(huge);
      assertThat(r.status()).isEqualTo(413);
    });
    assertThat(bulk.stored).containsOnlyKeys(id(0), id(1), id(2), id(3));
    assertThat(sleeps).isEmpty();
  }

  @Test
  void ofDocumentsWithTheSameIdInOneCallOnlyTheLastIsSent() throws Exception {
    FakeBulk bulk = new FakeBulk();
    cluster.on("POST /_bulk", bulk::answer);
    SearchDocument first = SearchDocuments.of(Samples.station("s0", 1, T), IndexNaming.DEFAULT);
    SearchDocument corrected = SearchDocuments.of(Samples.station("s0", 9, T), IndexNaming.DEFAULT);

    IndexOutcome outcome = indexer().index(List.of(first, corrected));

    assertThat(outcome.indexed()).isEqualTo(1);
    assertThat(outcome.duplicates()).isEqualTo(1);
    assertThat(
            Json.MAPPER.readTree(bulk.stored.get(id(0))).get("bikes_available").asInt())
        .isEqualTo(9);
  }

  @Test
  void largeBatchesGoInChunksOfTheConfiguredSize() throws Exception {
    FakeBulk bulk = new FakeBulk();
    cluster.on("POST /_bulk", bulk::answer);
    SearchIndexer.Settings small =
        new SearchIndexer.Settings(0, 10, 5L << 20, Duration.ofMillis(200), Duration.ofSeconds(30));

    IndexOutcome outcome = indexer(cluster.uri(), small).index(stations(25));

    assertThat(outcome.indexed()).isEqualTo(25);
    assertThat(bulk.requestedIds).extracting(List::size).containsExactly(10, 10, 5);
    assertThat(indexer.status().indexed()).isEqualTo(25);
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    SearchIndexer.Settings s = SearchIndexer.Settings.DEFAULT;
    assertThat(List.of(1, 2, 3, 8, 9, 100).stream().map(s::delayBefore))
        .containsExactly(
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(800),
            Duration.ofMillis(25_600),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));
  }

  @Test
  void prepareChecksTheClusterAndPutsTheThreeTemplates() {
    cluster
        .on("GET /", 200, "{\"cluster_name\":\"c\",\"version\":{\"number\":\"8.15.0\"}}")
        .on("PUT /_index_template/citypulse-stations", 200, "{\"acknowledged\":true}")
        .on("PUT /_index_template/citypulse-postcodes", 200, "{\"acknowledged\":true}")
        .on("PUT /_index_template/citypulse-weather", 200, "{\"acknowledged\":true}");

    ClusterInfo info = indexer().prepare();

    assertThat(info.product()).isEqualTo("Elasticsearch 8.15.0");
    assertThat(cluster.requests("PUT", "/_index_template/citypulse-weather"))
        .singleElement()
        .satisfies(r -> assertThat(r.body())
            .isEqualTo(IndexTemplates.body(SearchStream.WEATHER, IndexNaming.DEFAULT, 0)));
    assertThat(cluster.requests)
        .extracting(FakeCluster.Request::path)
        .containsExactly(
            "/",
            "/_index_template/citypulse-stations",
            "/_index_template/citypulse-postcodes",
            "/_index_template/citypulse-weather");
  }

  @Test
  void prepareRefusesAClusterWithoutComposableTemplatesOrWithoutOurCredentials() {
    cluster.on("GET /", 200, "{\"version\":{\"number\":\"7.4.2\"}}");
    assertThatThrownBy(() -> indexer().prepare())
        .hasMessageContaining("Elasticsearch 7.4.2")
        .hasMessageContaining("no composable index templates");

    cluster.on("GET /", 401, "Unauthorized");
    assertThatThrownBy(() -> indexer().prepare())
        .hasMessage("OpenSearch/Elasticsearch at " + cluster.uri()
            + " refused the credentials (401, basic auth as sink (password hidden)): Unauthorized");
  }

  @Test
  void retentionDeletesTheExpiredDailyIndicesOfEveryStream() {
    cluster
        .on(
            "GET /_cat/indices/citypulse-stations-*",
            200,
            "[{\"index\":\"citypulse-stations-2026.11.01\"},{\"index\":\"citypulse-stations-2026.12.06\"}]")
        .on("GET /_cat/indices/citypulse-postcodes-*", 200, "[]")
        .on(
            "GET /_cat/indices/citypulse-weather-*",
            200,
            "[{\"index\":\"citypulse-weather-2026.11.28\"},{\"index\":\"citypulse-weather-2026.11.29\"}]")
        .on("DELETE /citypulse-stations-2026.11.01", 200, "{\"acknowledged\":true}")
        .on("DELETE /citypulse-weather-2026.11.28", 200, "{\"acknowledged\":true}");

    // now 2026-12-06T10:00Z, 7 days: the cutoff is 11-29 10:00, inside 11-29's day.
    List<String> deleted = indexer().applyRetention(Duration.ofDays(7));

    assertThat(deleted)
        .containsExactly("citypulse-stations-2026.11.01", "citypulse-weather-2026.11.28");
    assertThat(cluster.requests).filteredOn(r -> r.method().equals("DELETE")).hasSize(2);
    assertThat(indexer.applyRetention(Duration.ZERO)).isEmpty();
  }

  @Test
  void theStatusIsReadableFromAnotherThreadWhileIndexIsWaiting() throws Exception {
    cluster.on(
        "POST /_bulk", 503, "{\"error\":{\"type\":\"x\",\"reason\":\"down\"},\"status\":503}");
    AtomicReference<SearchStatus> seen = new AtomicReference<>();
    SearchIndexer indexer = new SearchIndexer(
        new SearchClient(cluster.uri(), Credentials.none()),
        IndexNaming.DEFAULT,
        SearchIndexer.Settings.DEFAULT,
        clock,
        Sleeper.SYSTEM);
    Thread sink = new Thread(() -> {
      try {
        indexer.index(stations(1));
      } catch (InterruptedException e) {
        seen.set(indexer.status());
      }
    });
    sink.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!indexer.status().retrying() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(indexer.status().retrying()).isTrue();
    sink.interrupt();
    sink.join(10_000);
    assertThat(sink.isAlive()).isFalse();
    assertThat(seen.get().lastError()).contains("(503)").contains("down");
  }
}
