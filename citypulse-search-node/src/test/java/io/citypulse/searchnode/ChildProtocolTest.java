package io.citypulse.searchnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.searchnode.EmbeddedSearchNode.Options;
import io.citypulse.searchnode.server.NodeArgs;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The launcher and the child agree on the command line and on the ready line. */
class ChildProtocolTest {
  private static final Path JAR = Path.of("/opt/citypulse/citypulse-opensearch.jar");
  private static final Path HOME = Path.of("/var/citypulse/opensearch");

  @Test
  void theLauncherReadsTheChildsReadyLine() {
    assertThat(ChildOutput.readyPort(NodeArgs.readyLine(41234))).isEqualTo(41234);
    assertThat(ChildOutput.readyPort("[INFO] starting")).isEqualTo(-1);
    assertThat(ChildOutput.readyPort("citypulse-opensearch ready http=127.0.0.1:x"))
        .isEqualTo(-1);
  }

  @Test
  void theChildParsesTheLaunchersCommandLine() {
    var command = ChildCommand.of(new Options(JAR, HOME, 9201, "256m", null), HOME);
    int jar = command.indexOf("-jar");

    assertThat(command.get(jar + 1)).isEqualTo(JAR.toString());
    assertThat(NodeArgs.parse(command.subList(jar + 2, command.size()).toArray(String[]::new)))
        .isEqualTo(new NodeArgs(HOME, 9201, true));
    assertThat(command).contains("-Xms256m", "-Xmx256m");
    assertThat(command.get(0)).isEqualTo(ChildCommand.java().toString()).endsWith("java");
  }

  @Test
  void optionsDefaultTheHeapAndTheTimeout() {
    var options = new Options(JAR, HOME, 0, " ", null);

    assertThat(options.heap()).isEqualTo("512m");
    assertThat(options.startTimeout()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void optionsRejectWhatTheChildWouldNot() {
    assertThatThrownBy(() -> new Options(JAR, HOME, -1, null, null))
        .hasMessage("httpPort -1 is not a port (0-65535)");
    assertThatThrownBy(() -> new Options(JAR, HOME, 0, "lots", null))
        .hasMessage("heap lots is not a JVM size such as 512m");
  }
}
