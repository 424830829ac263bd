package io.citypulse.sources.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.Ports;
import io.citypulse.testkit.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Download} against a local server: the body streamed, errors as readable messages. */
class DownloadTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Test
  void aBodyIsStreamedWithItsLengthAndOurUserAgent() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      server.respond(
          "/senegal.csv",
          Response.status(200).header("Content-Type", "text/csv").body("location\ndakar\n"));

      try (Download.Body body = Download.open(server.uri("/senegal.csv"), TIMEOUT, TIMEOUT)) {
        assertThat(new String(body.in().readAllBytes(), StandardCharsets.UTF_8))
            .isEqualTo("location\ndakar\n");
        assertThat(body.length()).isEqualTo(15);
      }
      assertThat(server.requests("/senegal.csv").get(0).header("User-Agent"))
          .startsWith("citypulse/")
          .endsWith(" import");
    }
  }

  @Test
  void anHttpErrorNamesTheStatusAndTheStartOfTheBody() {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      server.respond("/gone.csv", Response.status(404).body("no such\n  export"));

      assertThatThrownBy(() -> Download.open(server.uri("/gone.csv"), TIMEOUT, TIMEOUT))
          .isInstanceOf(IOException.class)
          .hasMessage("cannot download " + server.uri("/gone.csv") + ": HTTP 404 (no such export)");
    }
  }

  @Test
  void aServerThatIsAwayIsAReadableError() {
    URI nobody = URI.create("http://127.0.0.1:" + Ports.freePort() + "/senegal.csv");

    assertThatThrownBy(() -> Download.open(nobody, TIMEOUT, TIMEOUT))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot download " + nobody + ": ");
    assertThat(Download.isUrl("HTTPS://example.org/a.csv")).isTrue();
    assertThat(Download.isUrl("data/a.csv")).isFalse();
  }
}
