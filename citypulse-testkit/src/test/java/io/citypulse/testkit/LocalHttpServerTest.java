package io.citypulse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalHttpServerTest {

  private final HttpClient client = HttpClient.newHttpClient();
  private LocalHttpServer server;

  @BeforeEach
  void start() {
    server = LocalHttpServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void servesResponsesInOrderThenRepeatsTheLast() throws Exception {
    server.respond(
        "/feed.json",
        Response.status(503),
        Response.json(200, "{\"a\":1}"),
        Response.json(200, "{\"a\":2}"));

    assertThat(get("/feed.json").statusCode()).isEqualTo(503);
    HttpResponse<String> second = get("/feed.json");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo("{\"a\":1}");
    assertThat(second.headers().firstValue("content-type"))
        .hasValue("application/json; charset=utf-8");
    assertThat(get("/feed.json").body()).isEqualTo("{\"a\":2}");
    assertThat(get("/feed.json").body()).isEqualTo("{\"a\":2}");
    assertThat(server.requestCount("/feed.json")).isEqualTo(4);
  }

  @Test
  void unknownPathIs404AndIsRecorded() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    assertThat(server.requestCount("/nope")).isEqualTo(1);
  }

  @Test
  void recordsMethodPathQueryAndCaseInsensitiveHeaders() throws Exception {
    server.respond("/gbfs.json", Response.status(304));
    HttpRequest request = HttpRequest.newBuilder(server.uri("/gbfs.json?lang=fr&x=1"))
        .header("If-None-Match", "\"etag-1\"")
        .GET()
        .build();

    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(304);
    List<RecordedRequest> recorded = server.requests("/gbfs.json");
    assertThat(recorded).hasSize(1);
    RecordedRequest only = recorded.get(0);
    assertThat(only.method()).isEqualTo("GET");
    assertThat(only.path()).isEqualTo("/gbfs.json");
    assertThat(only.query()).isEqualTo("lang=fr&x=1");
    assertThat(only.header("if-none-match")).isEqualTo("\"etag-1\"");
    assertThat(only.headers().get("IF-NONE-MATCH")).containsExactly("\"etag-1\"");
    assertThat(only.header("X-Absent")).isNull();
  }

  @Test
  void handlerSeesTheRequestAndSetsHeadersAndBytes() throws Exception {
    server.respondWith(
        "/echo",
        request -> Response.status(201)
            .header("ETag", "\"v2\"")
            .body(("you sent " + request.bodyAsString())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    HttpResponse<String> response = client.send(
        HttpRequest.newBuilder(server.uri("echo"))
            .POST(HttpRequest.BodyPublishers.ofString("hello"))
            .build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("etag")).hasValue("\"v2\"");
    assertThat(response.body()).isEqualTo("you sent hello");
    assertThat(server.requests("/echo").get(0).method()).isEqualTo("POST");
  }

  @Test
  void failingHandlerAnswers500() throws Exception {
    server.respondWith("/boom", request -> {
      throw new IllegalStateException("boom");
    });
    assertThat(get("/boom").statusCode()).isEqualTo(500);
  }

  @Test
  void truncatedBodyIsServedAsGiven() throws Exception {
    server.respond("/cut.json", Response.json(200, "{\"data\":{\"stations\":[{\"station_id\""));
    assertThat(get("/cut.json").body()).isEqualTo("{\"data\":{\"stations\":[{\"station_id\"");
  }

  @Test
  void delayedResponseTriggersClientTimeout() {
    server.respond("/slow", Response.json(200, "{}").delay(Duration.ofSeconds(5)));
    HttpRequest request = HttpRequest.newBuilder(server.uri("/slow"))
        .timeout(Duration.ofMillis(200))
        .build();

    assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(server.requestCount("/slow")).isEqualTo(1);
  }

  @Test
  void delayedResponseDoesNotBlockOtherPaths() throws Exception {
    server.respond("/slow", Response.status(200).delay(Duration.ofSeconds(5)));
    server.respond("/fast", Response.status(200).body("fast"));
    client.sendAsync(
        HttpRequest.newBuilder(server.uri("/slow")).build(),
        HttpResponse.BodyHandlers.discarding());

    HttpRequest fast = HttpRequest.newBuilder(server.uri("/fast"))
        .timeout(Duration.ofSeconds(2))
        .build();
    assertThat(client.send(fast, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("fast");
  }

  @Test
  void countsConcurrentRequestsExactly() throws Exception {
    server.respond("/c", Response.status(200));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        results.add(pool.submit(() -> get("/c").statusCode()));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.requestCount("/c")).isEqualTo(40);
  }

  @Test
  void uriPointsAtLoopback() {
    assertThat(server.uri("/x").toString()).isEqualTo("http://127.0.0.1:" + server.port() + "/x");
  }

  @Test
  void freePortIsBindable() throws IOException {
    int port = Ports.freePort();
    assertThat(port).isBetween(1, 65535);
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(server.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
