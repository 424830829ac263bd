package io.citypulse.dashboard.web;

import static io.citypulse.dashboard.state.Fixtures.T0;
import static io.citypulse.dashboard.state.Fixtures.postcode;
import static io.citypulse.dashboard.state.Fixtures.station;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.testkit.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a public deployment needs of the real server (port 0 on loopback): the security headers on
 * every kind of response, HEAD answered like GET, and no file outside the served resources through
 * a dot-dot path however it is spelt.
 */
class DashboardHardeningTest {
  private static final String OSM_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self';"
          + " img-src 'self' https://tile.openstreetmap.org; connect-src 'self'; base-uri 'none';"
          + " form-action 'none'; frame-ancestors 'none'";

  private final MutableClock clock = new MutableClock(T0.plusSeconds(90));
  private final DashboardState state = new DashboardState(clock, 10);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private DashboardServer server;

  @BeforeEach
  void start() {
    state.apply(postcode("75001", 2, 1, T0));
    state.apply(station("7", 1, 0, 0, 1, T0));
    server = new DashboardServer(
            state,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            new ServerSettings("127.0.0.1", 0))
        .start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void thePageAssetsApiAndErrorsCarryTheSecurityHeaders() throws Exception {
    for (String path : List.of(
        "/",
        "/index.html",
        "/app.js",
        "/app.css",
        "/favicon.svg",
        "/webjars/leaflet/1.9.4/dist/leaflet.js",
        "/webjars/leaflet/1.9.4/dist/images/layers.png",
        "/api/config",
        "/api/stations",
        "/api/postcodes",
        "/api/weather",
        "/api/health",
        "/metrics",
        "/no-such-page",
        "/webjars/leaflet/0.0.0/dist/leaflet.js")) {
      RawHttp.Response response = RawHttp.send(server.port(), "GET", path);
      assertThat(response.status()).as(path).isIn(200, 404);
      assertSecurityHeaders(path, response, OSM_POLICY);
    }
  }

  @Test
  void theEventStreamCarriesTheSecurityHeadersAndStillStreams() throws Exception {
    try (SseStream events = new SseStream(http, uri("/api/events"))) {
      HttpHeaders headers = events.response().headers();
      assertThat(events.response().statusCode()).isEqualTo(200);
      assertThat(headers.firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
      assertThat(headers.firstValue("Content-Security-Policy")).contains(OSM_POLICY);
      assertThat(headers.firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(headers.firstValue("X-Frame-Options")).contains("DENY");
      assertThat(headers.firstValue("Referrer-Policy")).contains("no-referrer");
      assertThat(events.next(Duration.ofSeconds(5)).name()).isEqualTo("snapshot");
    }
  }

  @Test
  void thePolicyNamesTheConfiguredTileHostOrNone() throws Exception {
    server.close();
    server = new DashboardServer(
            state,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            new ServerSettings(
                "127.0.0.1", 0, "https://{s}.tiles.example.org:8443/{z}/{x}/{y}.png"))
        .start();
    assertThat(RawHttp.send(server.port(), "GET", "/").header("Content-Security-Policy"))
        .hasValueSatisfying(policy -> assertThat(policy)
            .contains("; img-src 'self' https://*.tiles.example.org:8443; ")
            .doesNotContain("openstreetmap"));
    server.close();

    server = new DashboardServer(
            state,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            new ServerSettings("127.0.0.1", 0, ""))
        .start();
    assertThat(RawHttp.send(server.port(), "GET", "/api/config").header("Content-Security-Policy"))
        .hasValueSatisfying(policy -> assertThat(policy).contains("; img-src 'self'; "));
  }

  @Test
  void headAnswersLikeGetWithoutABody() throws Exception {
    for (String path : List.of(
        "/",
        "/index.html",
        "/app.js",
        "/app.css",
        "/favicon.svg",
        "/webjars/leaflet/1.9.4/dist/leaflet.js",
        "/webjars/uplot/1.6.30/dist/uPlot.min.css",
        "/api/config",
        "/api/stations",
        "/api/postcodes",
        "/api/weather",
        "/metrics",
        "/no-such-page",
        "/webjars/leaflet/0.0.0/dist/leaflet.js")) {
      RawHttp.Response get = RawHttp.send(server.port(), "GET", path);
      RawHttp.Response head = RawHttp.send(server.port(), "HEAD", path);

      assertThat(head.status()).as("HEAD %s", path).isEqualTo(get.status());
      assertThat(head.header("Content-Type"))
          .as("HEAD %s", path)
          .isEqualTo(get.header("Content-Type"));
      assertThat(head.header("Content-Length"))
          .as("HEAD %s", path)
          .isEqualTo(get.header("Content-Length"));
      assertThat(head.header("Cache-Control"))
          .as("HEAD %s", path)
          .isEqualTo(get.header("Cache-Control"));
      // Large assets go out chunked, without a length: then neither method names one.
      assertThat(head.body()).as("HEAD %s body", path).isEmpty();
      assertSecurityHeaders("HEAD " + path, head, OSM_POLICY);
    }
    RawHttp.Response root = RawHttp.send(server.port(), "HEAD", "/");
    assertThat(root.status()).isEqualTo(200);
    assertThat(root.header("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(root.header("Content-Length"))
        .hasValueSatisfying(length -> assertThat(Integer.parseInt(length)).isPositive());
  }

  /**
   * The variants tried against the dashboard (issue 16): dot-dot segments raw, percent-encoded once
   * and twice, with encoded or back slashes, behind a route prefix, with empty segments. None may
   * answer a file outside the page and WebJar roots: Jetty refuses what it finds ambiguous (400),
   * the handlers what is left (404).
   */
  @Test
  void pathTraversalIsRefusedHoweverItIsSpelt() throws Exception {
    List<String> attempts = List.of(
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/.%2e/.%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/public/../../pom.xml",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/webjars/%252e%252e/%252e%252e/%252e%252e/pom.xml",
        "/..\\..\\etc\\passwd",
        "/%5c..%5c..%5cetc%5cpasswd",
        "/webjars/..%5c..%5c..%5cpom.xml",
        "/api/../../etc/passwd",
        "/api/..%2f..%2f..%2fpom.xml",
        "//etc/passwd",
        "//../../etc/passwd",
        "/webjars//..//..//pom.xml",
        "/webjars/../../io/citypulse/dashboard/web/DashboardServer.class",
        "/webjars/leaflet/1.9.4/../../../../pom.xml",
        "/webjars/%2e%2e/%2e%2e/%2e%2e/META-INF/MANIFEST.MF",
        "/webjars/..;/..;/..;/pom.xml",
        "/app.js/../../pom.xml",
        "/webjars/leaflet/1.9.4/dist/leaflet.js%00/../../../../../pom.xml",
        "/webjars/%c0%ae%c0%ae/%c0%ae%c0%ae/pom.xml");
    for (String target : attempts) {
      for (String method : List.of("GET", "HEAD")) {
        RawHttp.Response response = RawHttp.send(server.port(), method, target);
        String body = response.text();
        assertThat(response.status()).as("%s %s", method, target).isIn(400, 404);
        assertThat(body)
            .as("%s %s", method, target)
            .doesNotContain("root:", "<modelVersion>", "Manifest-Version", "citypulse")
            .doesNotContain(new String(
                new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe},
                StandardCharsets.ISO_8859_1));
      }
    }
  }

  private static void assertSecurityHeaders(String what, RawHttp.Response response, String policy) {
    assertThat(response.header("Content-Security-Policy")).as(what).contains(policy);
    assertThat(response.header("X-Content-Type-Options")).as(what).contains("nosniff");
    assertThat(response.header("X-Frame-Options")).as(what).contains("DENY");
    assertThat(response.header("Referrer-Policy")).as(what).contains("no-referrer");
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
