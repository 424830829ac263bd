package io.citypulse.searchnode.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.node.NodeValidationException;

/**
 * The node between start and close. Both are synchronized: a SIGTERM during startup closes the
 * node once it is built, instead of racing its construction.
 */
final class RunningNode {
  private static final TimeValue PRIMARIES_TIMEOUT = TimeValue.timeValueSeconds(60);

  private CitypulseNode node;
  private boolean closed;

  synchronized int start(Path home, int httpPort) throws NodeValidationException {
    if (closed) {
      throw new IllegalStateException("stopping before the node started");
    }
    node = CitypulseNode.create(home, httpPort);
    node.start();
    node.defaultToNoReplicas();
    if (!node.awaitPrimaries(PRIMARIES_TIMEOUT)) {
      NodeLogging.logger()
          .warn("some indices are still not searchable after {}: ready anyway", PRIMARIES_TIMEOUT);
    }
    return node.httpPort();
  }

  /** Flushes and closes the node (its indices and the data lock), then stops the logging. */
  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (node != null) {
        node.close();
        if (!node.awaitClose(20, TimeUnit.SECONDS)) {
          NodeLogging.logger().warn("the node did not close within 20 s");
        }
      }
    } catch (IOException | RuntimeException e) {
      NodeLogging.logger().warn("closing the node failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      NodeLogging.stop();
    }
  }
}
