package io.citypulse.searchnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.citypulse.searchnode.EmbeddedSearchNode.Options;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real nodes from the shaded citypulse-opensearch.jar (-Dcitypulse.opensearch.jar, see the pom). */
class EmbeddedSearchNodeIT {
  private static final Duration START = Duration.ofSeconds(180);

  @TempDir
  Path home;

  private static Options options(Path home) {
    return new Options(EmbeddedSearchNode.locateJar(null), home, 0, "256m", START);
  }

  @Test
  void startsOnAFreePortAndKeepsItsDataAcrossARestart() throws IOException {
    try (EmbeddedSearchNode node = EmbeddedSearchNode.start(options(home))) {
      assertThat(node.httpPort()).isPositive();
      assertThat(node.httpUri()).hasToString("http://127.0.0.1:" + node.httpPort());
      assertThat(node.home()).isEqualTo(home.toAbsolutePath());
      assertThat(SearchHttp.get(node.httpUri(), "/").body()).contains("\"number\" : \"2.19.6\"");
      indexOneDocument(node);
      assertThat(SearchHttp.count(node.httpUri(), "places")).isEqualTo(1);
      // One node: indices default to no replica, so they are green.
      assertThat(SearchHttp.get(node.httpUri(), "/_cluster/health/places").body())
          .contains("\"status\":\"green\"");

      node.stop();

      assertThat(ProcessHandle.of(node.pid())).isEmpty();
      assertThat(portIsFree(node.httpPort())).as("the HTTP port after stop").isTrue();
    }
    try (EmbeddedSearchNode again = EmbeddedSearchNode.start(options(home))) {
      assertThat(SearchHttp.count(again.httpUri(), "places")).isEqualTo(1);
    }
  }

  @Test
  void aHomeInUseByALiveNodeIsRefusedClearly() throws IOException {
    try (EmbeddedSearchNode first = EmbeddedSearchNode.start(options(home))) {
      assertThatThrownBy(() -> EmbeddedSearchNode.start(options(home)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("exited with code 3 before it was ready: citypulse-opensearch:"
              + " the home " + home.toAbsolutePath() + " is in use by another running OpenSearch"
              + " node");

      assertThat(SearchHttp.get(first.httpUri(), "/").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aNodeKilledWithMinus9LeavesAHomeTheNextNodeRecovers() throws IOException {
    EmbeddedSearchNode crashed = EmbeddedSearchNode.start(options(home));
    indexOneDocument(crashed);

    crashed.kill();

    assertThat(ProcessHandle.of(crashed.pid())).isEmpty();
    try (EmbeddedSearchNode next = EmbeddedSearchNode.start(options(home))) {
      // Acknowledged writes are in the translog, which the next node replays.
      assertThat(SearchHttp.count(next.httpUri(), "places")).isEqualTo(1);
    }
  }

  @Test
  void theNodeExitsWhenItsParentJvmIsKilled() throws Exception {
    Process parent = new ProcessBuilder(List.of(
            ChildCommand.java().toString(),
            "-cp",
            System.getProperty("java.class.path"),
            NodeParentMain.class.getName(),
            EmbeddedSearchNode.locateJar(null).toString(),
            home.toString()))
        .redirectErrorStream(true)
        .start();
    try {
      long child = childPid(parent);
      assertThat(ProcessHandle.of(child)).map(ProcessHandle::isAlive).contains(true);

      parent.destroyForcibly(); // SIGKILL: no shutdown hook runs

      assertThat(parent.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      await("the orphaned node exits")
          .atMost(Duration.ofSeconds(30))
          .until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    } finally {
      parent.destroyForcibly();
    }
  }

  private static void indexOneDocument(EmbeddedSearchNode node) throws IOException {
    var created = SearchHttp.put(
        node.httpUri(),
        "/places/_doc/station-1?refresh=true",
        "{\"name\":\"Gare\",\"at\":\"2026-01-01T00:00:00Z\",\"location\":{\"lat\":48.8,\"lon\":2.3}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  /** The child's pid, from the parent's first line of that form (it logs nothing before). */
  private static long childPid(Process parent) throws IOException {
    var reader =
        new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.startsWith("child pid=")) {
        return Long.parseLong(line.substring("child pid=".length()).trim());
      }
      seen.append(line).append('\n');
    }
    throw new IOException("the parent ended without starting its node:\n" + seen);
  }

  private static boolean portIsFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
