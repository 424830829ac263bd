package io.citypulse.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP edge against recorded-format answers from a local server (no real node needed). */
class SearchClientTest {
  private static final String INFO_OPENSEARCH = """
      {"name":"node-1","cluster_name":"citypulse","cluster_uuid":"u",
       "version":{"distribution":"opensearch","number":"2.19.1","build_type":"tar",
        "lucene_version":"9.12.1","minimum_wire_compatibility_version":"7.10.0",
        "minimum_index_compatibility_version":"7.0.0"},
       "tagline":"The OpenSearch Project: https://opensearch.org/"}
      """;

  private final FakeCluster cluster = FakeCluster.start();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void credentialsGoInTheAuthorizationHeaderOfEveryRequest() {
    cluster.on("GET /", 200, INFO_OPENSEARCH);
    new SearchClient(cluster.uri(), Credentials.basic("admin", "pw")).info();
    new SearchClient(cluster.uri(), Credentials.apiKey("a2V5")).info();
    new SearchClient(cluster.uri(), Credentials.none()).info();

    assertThat(cluster.requests("GET", "/"))
        .extracting(FakeCluster.Request::authorization)
        .containsExactly("Basic YWRtaW46cHc=", "ApiKey a2V5", null);
  }

  @Test
  void infoTellsOpenSearchFromElasticsearch() {
    cluster.on("GET /", 200, INFO_OPENSEARCH);
    ClusterInfo info = new SearchClient(cluster.uri(), Credentials.none()).info();
    assertThat(info.product()).isEqualTo("OpenSearch 2.19.1");
    assertThat(info.clusterName()).isEqualTo("citypulse");
    assertThat(info.supportsComposableTemplates()).isTrue();
    assertThat(new ClusterInfo("elasticsearch", "7.7.1", "c").supportsComposableTemplates())
        .isFalse();
    assertThat(new ClusterInfo("elasticsearch", "7.8.0", "c").supportsComposableTemplates())
        .isTrue();
    assertThat(new ClusterInfo("elasticsearch", "9.0.0", "c").product())
        .isEqualTo("Elasticsearch 9.0.0");
  }

  @Test
  void refusedCredentialsAreSaidPlainlyWithoutTheSecret() {
    // OpenSearch's security plugin answers 401 in plain text; Elasticsearch in JSON.
    cluster.on("GET /", 401, "Unauthorized");
    SearchClient client = new SearchClient(cluster.uri(), Credentials.basic("admin", "topsecret"));
    assertThatThrownBy(client::info)
        .isInstanceOfSatisfying(SearchException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.retryable()).isFalse();
        })
        .hasMessageContaining(
            "OpenSearch/Elasticsearch at " + cluster.uri() + " refused the credentials (401")
        .hasMessageContaining("admin")
        .hasMessageNotContaining("topsecret")
        .hasMessageNotContaining("YWRtaW46");
  }

  @Test
  void aUrlWithCredentialsIsRefusedWithoutEchoingThem() {
    assertThatThrownBy(() -> new SearchClient(
            URI.create("https://admin:topsecret@search.example:9200"), Credentials.none()))
        .hasMessageContaining(Credentials.USER_ENV)
        .hasMessageNotContaining("topsecret");
    assertThatThrownBy(() -> new SearchClient(URI.create("ftp://x:21"), Credentials.none()))
        .hasMessageContaining("http:// or https://");
  }

  @Test
  void aClusterThatIsAwayIsARetryableFailureNamingTheUrl() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    SearchClient client = new SearchClient(
        URI.create("http://127.0.0.1:" + closedPort),
        Credentials.basic("u", "pw-never-shown"),
        new SearchClient.Options(Duration.ofSeconds(2), Duration.ofSeconds(2), null));
    assertThatThrownBy(client::clusterHealth)
        .isInstanceOfSatisfying(SearchException.class, e -> {
          assertThat(e.status()).isZero();
          assertThat(e.retryable()).isTrue();
        })
        .hasMessageContaining("127.0.0.1:" + closedPort + " is unreachable")
        .hasMessageNotContaining("pw-never-shown");
  }

  @Test
  void aSlowClusterTimesOutInsteadOfHangingTheSink() {
    cluster.on("GET /_cluster/health", request -> {
      try {
        Thread.sleep(3_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new FakeCluster.Answer(200, "{\"status\":\"green\"}");
    });
    SearchClient client = new SearchClient(
        cluster.uri(),
        Credentials.none(),
        new SearchClient.Options(Duration.ofSeconds(1), Duration.ofMillis(300), null));
    assertThatThrownBy(client::clusterHealth)
        .isInstanceOfSatisfying(
            SearchException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("no answer in time");
  }

  @Test
  void indexListingCountingAndDeletingUseTheSharedRestApi() {
    cluster
        .on(
            "GET /_cat/indices/citypulse-stations-*",
            200,
            "[{\"index\":\"citypulse-stations-2026.12.07\"},{\"index\":\"citypulse-stations-2026.12.06\"}]")
        .on(
            "GET /citypulse-stations*/_count",
            200,
            "{\"count\":42,\"_shards\":{\"total\":2,\"successful\":2,\"skipped\":0,\"failed\":0}}")
        .on("DELETE /citypulse-stations-2026.12.06", 200, "{\"acknowledged\":true}")
        .on(
            "DELETE /citypulse-stations-2026.12.05",
            404,
            "{\"error\":{\"type\":\"index_not_found_exception\",\"reason\":\"no such index\"},\"status\":404}");
    SearchClient client = new SearchClient(cluster.uri(), Credentials.none());

    assertThat(client.listIndices("citypulse-stations-*"))
        .containsExactly("citypulse-stations-2026.12.06", "citypulse-stations-2026.12.07");
    assertThat(cluster.requests.get(0).query()).isEqualTo("format=json&h=index");
    assertThat(client.count("citypulse-stations*")).isEqualTo(42);
    assertThat(client.deleteIndex("citypulse-stations-2026.12.06")).isTrue();
    assertThat(client.deleteIndex("citypulse-stations-2026.12.05")).isFalse();
    assertThatThrownBy(() -> client.deleteIndex("citypulse-*"))
        .hasMessageContaining("one index by its full name");
  }

  @Test
  void anErrorAnswerCarriesTheEnginesTypeAndReason() {
    cluster.on(
        "PUT /_index_template/citypulse-stations",
        400,
        "{\"error\":{\"root_cause\":[],\"type\":\"illegal_argument_exception\","
            + "\"reason\":\"index template [citypulse-stations] has index patterns [citypulse-stations*]"
            + " matching patterns from existing templates\"},\"status\":400}");
    SearchClient client = new SearchClient(cluster.uri(), Credentials.none());
    assertThatThrownBy(() -> client.putIndexTemplate("citypulse-stations", "{}"))
        .isInstanceOfSatisfying(SearchException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.errorType()).isEqualTo("illegal_argument_exception");
        })
        .hasMessageContaining("PUT /_index_template/citypulse-stations failed at")
        .hasMessageContaining("matching patterns from existing templates");
  }

  @Test
  void bulkSendsNdjsonAndAsksForAFilteredAnswer() {
    cluster.on("POST /_bulk", 200, BulkResponseTest.ALL_OK_ES8);
    SearchClient client = new SearchClient(cluster.uri(), Credentials.none());
    BulkResponse response = client.bulk("{\"index\":{}}\n{}\n");
    assertThat(response.items()).hasSize(2);
    FakeCluster.Request request = cluster.requests("POST", "/_bulk").get(0);
    assertThat(request.body()).isEqualTo("{\"index\":{}}\n{}\n");
    assertThat(request.query()).startsWith("filter_path=").contains("items.*.error");
  }

  @Test
  void theClientsDescriptionIsSafeToLog() {
    assertThat(new SearchClient(
                URI.create("https://search.example:9200/"), Credentials.basic("u", "pw123"))
            .toString())
        .isEqualTo("SearchClient[https://search.example:9200, basic auth as u (password hidden)]");
  }
}
