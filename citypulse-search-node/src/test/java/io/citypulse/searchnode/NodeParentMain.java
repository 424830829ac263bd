package io.citypulse.searchnode;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A parent JVM for EmbeddedSearchNodeIT to kill -9: starts a node, prints its pid, then waits to
 * be killed. Args: the node jar and the home.
 */
public final class NodeParentMain {
  private NodeParentMain() {}

  public static void main(String[] args) throws Exception {
    EmbeddedSearchNode node = EmbeddedSearchNode.start(new EmbeddedSearchNode.Options(
        Path.of(args[0]), Path.of(args[1]), 0, "256m", Duration.ofSeconds(180)));
    System.out.println("child pid=" + node.pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
