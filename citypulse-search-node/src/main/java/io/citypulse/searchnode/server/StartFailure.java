package io.citypulse.searchnode.server;

import java.nio.file.Path;
import org.apache.lucene.store.LockObtainFailedException;

/** The one line a user reads when the node does not start. */
final class StartFailure {
  /** Exit status when another live node holds the home's lock. */
  static final int HOME_IN_USE = 3;

  static final int FAILED = 1;

  private StartFailure() {}

  static int exitStatus(Throwable failure) {
    return isHomeInUse(failure) ? HOME_IN_USE : FAILED;
  }

  static String describe(Throwable failure, Path home) {
    if (isHomeInUse(failure)) {
      return "the home " + home + " is in use by another running OpenSearch node (it holds "
          + home.resolve("data/nodes/0/node.lock") + "); stop that node or use another home";
    }
    return "the node did not start: " + rootMessage(failure) + " (details in "
        + home.resolve("logs/opensearch.log") + ")";
  }

  /**
   * OpenSearch's NodeEnvironment ignores each LockObtainFailedException and ends with an
   * IllegalStateException of its own without a cause; with a cause (an IOException) the data
   * directory is not writable, which is another problem.
   */
  static boolean isHomeInUse(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof LockObtainFailedException) {
        return true;
      }
      if (t instanceof IllegalStateException
          && t.getCause() == null
          && t.getMessage() != null
          && t.getMessage().startsWith("failed to obtain node locks")) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : root.getMessage().replace('\n', ' ');
    return root.getClass().getSimpleName() + (message.isBlank() ? "" : ": " + message);
  }
}
