package io.citypulse.searchnode.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.store.LockObtainFailedException;
import org.junit.jupiter.api.Test;

class StartFailureTest {
  private static final Path HOME = Path.of("/var/citypulse/opensearch");

  @Test
  void aHeldNodeLockMeansTheHomeIsInUse() {
    // As NodeEnvironment reports it: each lock failure ignored, then its own exception, no cause.
    var held = new IllegalStateException("failed to obtain node locks, tried [[/x/data]] with"
        + " lock id [0]; maybe these locations are not writable or multiple nodes were started");

    assertThat(StartFailure.exitStatus(held)).isEqualTo(StartFailure.HOME_IN_USE);
    assertThat(StartFailure.describe(held, HOME))
        .isEqualTo("the home /var/citypulse/opensearch is in use by another running OpenSearch"
            + " node (it holds /var/citypulse/opensearch/data/nodes/0/node.lock); stop that node"
            + " or use another home");
    assertThat(
            StartFailure.isHomeInUse(new RuntimeException(new LockObtainFailedException("held"))))
        .isTrue();
  }

  @Test
  void anUnwritableDataDirectoryIsAnotherProblem() {
    var unwritable = new IllegalStateException(
        "failed to obtain node locks, tried [[/x/data]]", new IOException("Permission denied"));

    assertThat(StartFailure.exitStatus(unwritable)).isEqualTo(StartFailure.FAILED);
    assertThat(StartFailure.describe(unwritable, HOME))
        .isEqualTo("the node did not start: IOException: Permission denied (details in"
            + " /var/citypulse/opensearch/logs/opensearch.log)");
  }
}
