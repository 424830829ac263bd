package io.citypulse.searchnode.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NodeArgsTest {
  @Test
  void readsHomeAndPort() {
    NodeArgs args = NodeArgs.parse("--home", "/tmp/node", "--http-port", "9201");

    assertThat(args).isEqualTo(new NodeArgs(Path.of("/tmp/node"), 9201, true));
  }

  @Test
  void aFreePortAndTheStdinWatchByDefault() {
    NodeArgs args = NodeArgs.parse("--home", "h");

    assertThat(args.httpPort()).isZero();
    assertThat(args.watchStdin()).isTrue();
    assertThat(NodeArgs.parse("--ignore-stdin", "--home", "h").watchStdin()).isFalse();
  }

  @Test
  void eachWrongArgumentIsNamed() {
    assertThatThrownBy(() -> NodeArgs.parse("--http-port", "1")).hasMessage("--home is required");
    assertThatThrownBy(() -> NodeArgs.parse("--home")).hasMessage("--home needs a value");
    assertThatThrownBy(() -> NodeArgs.parse("--home", "h", "--http-port", "x"))
        .hasMessage("--http-port x is not a number");
    assertThatThrownBy(() -> NodeArgs.parse("--home", "h", "--http-port", "70000"))
        .hasMessage("--http-port 70000 is not a port (0-65535)");
    assertThatThrownBy(() -> NodeArgs.parse("--home", "h", "--port", "1"))
        .hasMessage("unknown argument --port");
  }

  @Test
  void theReadyLineNamesTheLoopbackAddress() {
    assertThat(NodeArgs.readyLine(9200))
        .isEqualTo("citypulse-opensearch ready http=127.0.0.1:9200");
  }
}
