package io.citypulse.app.sink.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.citypulse.alerts.Alert;
import io.citypulse.alerts.AlertKind;
import io.citypulse.alerts.AlertState;
import io.citypulse.alerts.Severity;
import io.citypulse.app.sink.TopicSink;
import io.citypulse.model.Json;
import io.citypulse.testkit.EmbeddedKafka;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The webhook sink on a real broker against a local HTTP server on 127.0.0.1: delivered, retried
 * after a 500, dead-lettered after its attempts, timed out; the token never in a dead letter.
 */
class WebhookSinkIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String TOKEN = "s3cret-token";

  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static HttpServer server;
  /** Bodies received, by path; attempts, by path. */
  private static final Map<String, List<String>> BODIES = new ConcurrentHashMap<>();

  private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
  private static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", WebhookSinkIT::handle);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  /** /ok: 200; /flaky: 500 on the first attempt, then 200; /down: always 500; /slow: 2 s. */
  private static void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    int attempt = ATTEMPTS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    AUTHORIZATIONS.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
    int status = switch (path) {
      case "/ok" -> 200;
      case "/flaky" -> attempt == 1 ? 500 : 204;
      case "/slow" -> {
        try {
          Thread.sleep(2_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        yield 200;
      }
      default -> 500;
    };
    if (status < 300) {
      BODIES.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(body);
      assertThat(exchange.getRequestHeaders().getFirst("Content-Type"))
          .isEqualTo("application/json");
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private static String alert(String code) {
    return Json.writeString(new Alert(
        "station:velib:" + code,
        AlertKind.STATION_EMPTY,
        "bikes_available=0",
        AlertState.RAISED,
        Instant.parse("2026-05-04T08:00:00Z"),
        Instant.parse("2026-05-04T08:10:00Z"),
        Severity.WARNING,
        "empty",
        Map.of("bikes_available", 0.0)));
  }

  /** Runs a sink on {@code topic} against {@code path} until {@code done}; returns the sink. */
  private static TopicSink sink(
      String name, String topic, String path, int attempts, Duration timeout) {
    WebhookSettings settings = new WebhookSettings(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path + "?token=" + TOKEN),
        "Bearer " + TOKEN,
        attempts,
        Duration.ofMillis(20),
        Duration.ofMillis(100),
        timeout);
    return new TopicSink(
            new TopicSink.Settings(
                name, KAFKA.bootstrapServers(), Map.of(topic, "alerts"), name + "-dead", 100),
            new WebhookSinkWriter(settings, Clock.systemUTC()),
            Clock.systemUTC())
        .start();
  }

  private static Map<String, String> headers(ConsumerRecord<String, String> record) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      out.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void topics(String name, String topic) {
    KAFKA.createTopic(topic);
    KAFKA.createTopic(name + "-dead");
  }

  @Test
  void postsEachRecordWithItsAuthorization() throws Exception {
    topics("wh-ok", "alerts-ok");
    KAFKA.produce("alerts-ok", "station:velib:1", alert("1"));
    KAFKA.produce("alerts-ok", "station:velib:2", alert("2"));
    TopicSink sink = sink("wh-ok", "alerts-ok", "/ok", 3, Duration.ofSeconds(5));
    try {
      await().atMost(TIMEOUT).until(() -> BODIES.getOrDefault("/ok", List.of()).size() == 2);
      assertThat(BODIES.get("/ok")).containsExactly(alert("1"), alert("2"));
      assertThat(AUTHORIZATIONS).contains("Bearer " + TOKEN);
      await().atMost(TIMEOUT).until(() -> sink.snapshot().totalWritten() == 2);
      assertThat(sink.snapshot().refused()).isZero();
    } finally {
      sink.close();
    }
  }

  @Test
  void retriesAfterAServerErrorThenDelivers() throws Exception {
    topics("wh-flaky", "alerts-flaky");
    KAFKA.produce("alerts-flaky", "station:velib:3", alert("3"));
    TopicSink sink = sink("wh-flaky", "alerts-flaky", "/flaky", 3, Duration.ofSeconds(5));
    try {
      await().atMost(TIMEOUT).until(() -> sink.snapshot().totalWritten() == 1);
      assertThat(ATTEMPTS.get("/flaky").get()).isEqualTo(2);
      assertThat(BODIES.get("/flaky")).containsExactly(alert("3"));
      assertThat(sink.snapshot().refused()).isZero();
    } finally {
      sink.close();
    }
  }

  @Test
  void aRecordTheWebhookNeverTakesGoesToTheDeadLetterTopicAfterItsAttempts() throws Exception {
    topics("wh-down", "alerts-down");
    KAFKA.produce("alerts-down", "station:velib:4", alert("4"));
    TopicSink sink = sink("wh-down", "alerts-down", "/down", 3, Duration.ofSeconds(5));
    try {
      List<ConsumerRecord<String, String>> dead = KAFKA.consume("wh-down-dead", 1, TIMEOUT);
      assertThat(ATTEMPTS.get("/down").get()).isEqualTo(3);
      assertThat(dead.get(0).key()).isEqualTo("station:velib:4");
      assertThat(dead.get(0).value()).isEqualTo(alert("4"));
      Map<String, String> headers = headers(dead.get(0));
      assertThat(headers)
          .containsEntry("reason", WebhookSinkWriter.FAILED)
          .containsEntry("detail", "HTTP 500 after 3 attempt(s)");
      assertThat(headers.toString()).doesNotContain(TOKEN);
      await().atMost(TIMEOUT).until(() -> sink.snapshot().refused() == 1);
    } finally {
      sink.close();
    }
  }

  @Test
  void aWebhookTooSlowToAnswerTimesOutAndIsRetriedThenDeadLettered() throws Exception {
    topics("wh-slow", "alerts-slow");
    KAFKA.produce("alerts-slow", "station:velib:5", alert("5"));
    long start = System.nanoTime();
    TopicSink sink = sink("wh-slow", "alerts-slow", "/slow", 2, Duration.ofMillis(300));
    try {
      List<ConsumerRecord<String, String>> dead = KAFKA.consume("wh-slow-dead", 1, TIMEOUT);
      assertThat(headers(dead.get(0)))
          .containsEntry("reason", WebhookSinkWriter.FAILED)
          .containsEntry("detail", "timed out after 300 ms after 2 attempt(s)");
      // The server may take the second request after the client gave up on it: wait for it.
      await().atMost(TIMEOUT).until(() -> ATTEMPTS.get("/slow").get() >= 2);
      assertThat(ATTEMPTS.get("/slow").get()).isEqualTo(2);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("two 300 ms attempts, not two 2 s answers")
          .isLessThan(Duration.ofSeconds(30));
    } finally {
      sink.close();
    }
  }

  @Test
  void theRedactedUrlKeepsNoToken() {
    WebhookSettings settings = new WebhookSettings(
        URI.create("https://user:pw@hooks.example.org:8443/alerts?token=" + TOKEN),
        "",
        1,
        Duration.ZERO,
        Duration.ZERO,
        Duration.ofSeconds(1));
    assertThat(settings.redacted()).isEqualTo("https://hooks.example.org:8443/alerts?…");
    assertThat(new WebhookSinkWriter(settings, Clock.systemUTC()).describe()).doesNotContain(TOKEN);
  }
}
