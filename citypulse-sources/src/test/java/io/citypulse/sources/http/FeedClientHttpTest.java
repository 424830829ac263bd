package io.citypulse.sources.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.RecordedRequest;
import io.citypulse.testkit.Response;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** FeedClient against a real HTTP server on 127.0.0.1. */
class FeedClientHttpTest {
  private static final Instant NOW = Instant.parse("2025-10-18T09:00:00Z");

  private final LocalHttpServer server = LocalHttpServer.start();
  // A request timeout with room for a busy CI machine (500 ms once timed out a plain 503), still
  // well under the slow server's delay.
  private final FeedClient client = new FeedClient(
      Duration.ofSeconds(2), Duration.ofSeconds(3), Clock.fixed(NOW, ZoneOffset.UTC));

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void okCarriesBodyAndEtagAndTheRequestIdentifiesCitypulse() {
    server.respond("/gbfs.json", Response.json(200, "{\"data\":{}}").header("ETag", "\"v1\""));

    FeedResponse response = client.fetch(server.uri("/gbfs.json"), null);

    assertThat(response).isInstanceOf(FeedResponse.Ok.class);
    FeedResponse.Ok ok = (FeedResponse.Ok) response;
    assertThat(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo("{\"data\":{}}");
    assertThat(ok.etag()).isEqualTo("\"v1\"");
    RecordedRequest request = server.requests("/gbfs.json").get(0);
    assertThat(request.header("User-Agent")).startsWith("citypulse/");
    assertThat(request.header("Accept-Encoding")).isEqualTo("gzip");
    assertThat(request.header("If-None-Match")).isNull();
  }

  @Test
  void sendsIfNoneMatchAndUnderstands304() {
    server.respondWith(
        "/station_status.json",
        request -> "W/\"42\"".equals(request.header("If-None-Match"))
            ? Response.status(304)
            : Response.json(200, "{}").header("ETag", "W/\"42\""));

    FeedResponse first = client.fetch(server.uri("/station_status.json"), null);
    FeedResponse second =
        client.fetch(server.uri("/station_status.json"), ((FeedResponse.Ok) first).etag());

    assertThat(second).isEqualTo(new FeedResponse.NotModified());
    assertThat(server.requests("/station_status.json").get(1).header("If-None-Match"))
        .isEqualTo("W/\"42\"");
  }

  @Test
  void aFeedRequestSendsIfModifiedSinceItsUserAgentAndAccept() {
    String lastModified = "Sat, 21 Mar 2026 18:05:00 GMT";
    server.respondWith(
        "/page",
        request -> lastModified.equals(request.header("If-Modified-Since"))
            ? Response.status(304)
            : Response.status(200).body("<html></html>").header("Last-Modified", lastModified));

    FeedResponse first = client.fetch(FeedRequest.of(server.uri("/page")));
    FeedResponse second = client.fetch(new FeedRequest(
        server.uri("/page"), null, lastModified, "citypulse/test (+x) scraper", "text/html"));

    assertThat(((FeedResponse.Ok) first).lastModified()).isEqualTo(lastModified);
    assertThat(second).isInstanceOf(FeedResponse.NotModified.class);
    RecordedRequest plain = server.requests("/page").get(0);
    assertThat(plain.header("User-Agent")).startsWith("citypulse/");
    assertThat(plain.header("Accept")).isEqualTo("application/json");
    assertThat(plain.header("If-Modified-Since")).isNull();
    RecordedRequest conditional = server.requests("/page").get(1);
    assertThat(conditional.header("User-Agent")).isEqualTo("citypulse/test (+x) scraper");
    assertThat(conditional.header("Accept")).isEqualTo("text/html");
  }

  @Test
  void gzipBodiesAreDecompressed() throws Exception {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
      out.write("{\"ttl\":60}".getBytes(StandardCharsets.UTF_8));
    }
    server.respond(
        "/feed.json",
        Response.status(200).header("Content-Encoding", "gzip").body(zipped.toByteArray()));

    FeedResponse response = client.fetch(server.uri("/feed.json"), null);

    assertThat(new String(((FeedResponse.Ok) response).body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"ttl\":60}");
  }

  @Test
  void aCorruptGzipBodyIsAnIoError() {
    server.respond(
        "/feed.json", Response.status(200).header("Content-Encoding", "gzip").body("not gzip"));

    FeedResponse response = client.fetch(server.uri("/feed.json"), null);

    assertThat(response.kind()).isEqualTo(FeedResponse.Kind.IO_ERROR);
    assertThat(response.describe()).contains("cannot decompress");
  }

  @Test
  void rateLimitedReadsRetryAfterSecondsOrDate() {
    server.respond("/a", Response.status(429).header("Retry-After", "120"));
    server.respond(
        "/b", Response.status(429).header("Retry-After", "Sat, 18 Oct 2025 09:00:30 GMT"));
    server.respond("/c", Response.status(429));

    assertThat(client.fetch(server.uri("/a"), null))
        .isEqualTo(new FeedResponse.RateLimited(Duration.ofSeconds(120)));
    assertThat(client.fetch(server.uri("/b"), null))
        .isEqualTo(new FeedResponse.RateLimited(Duration.ofSeconds(30)));
    assertThat(client.fetch(server.uri("/c"), null)).isEqualTo(new FeedResponse.RateLimited(null));
  }

  @Test
  void otherStatusesAreHttpErrorsWithAnExcerpt() {
    server.respond(
        "/down",
        Response.status(503).body("<html>\n  <body>Service   Unavailable</body>\n</html>"));

    FeedResponse response = client.fetch(server.uri("/down"), null);

    assertThat(response)
        .isEqualTo(
            new FeedResponse.HttpError(503, "<html> <body>Service Unavailable</body> </html>"));
    assertThat(client.fetch(server.uri("/nothing-here"), null).kind())
        .isEqualTo(FeedResponse.Kind.HTTP_ERROR);
  }

  @Test
  void aSlowServerIsATimeout() {
    server.respond("/slow", Response.json(200, "{}").delay(Duration.ofSeconds(15)));

    long start = System.nanoTime();
    FeedResponse response = client.fetch(server.uri("/slow"), null);

    assertThat(response.kind()).isEqualTo(FeedResponse.Kind.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(12));
  }

  @Test
  void redirectsAreFollowed() {
    server.respond(
        "/old/gbfs.json",
        Response.status(301).header("Location", server.uri("/new/gbfs.json").toString()));
    server.respond("/new/gbfs.json", Response.json(200, "{\"moved\":true}"));

    FeedResponse response = client.fetch(server.uri("/old/gbfs.json"), null);

    assertThat(response.kind()).isEqualTo(FeedResponse.Kind.OK);
  }

  @Test
  void aClosedPortIsAnIoErrorNotAnException() {
    URI gone = server.uri("/gbfs.json");
    server.close();

    FeedResponse response = client.fetch(gone, null);

    assertThat(response.kind()).isIn(FeedResponse.Kind.IO_ERROR, FeedResponse.Kind.TIMEOUT);
    assertThat(response.describe()).contains("127.0.0.1");
  }
}
