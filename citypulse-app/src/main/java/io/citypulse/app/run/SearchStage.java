package io.citypulse.app.run;

import io.citypulse.app.cli.UserFacingException;
import io.citypulse.app.run.StageContext.Key;
import io.citypulse.searchnode.EmbeddedSearchNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The search cluster the search sink writes to: the configured one ({@code storage.search.url}),
 * or an embedded single-node OpenSearch in a child JVM of its own (its jar beside citypulse.jar),
 * with its data under the state dir. Starts beside the broker.
 *
 * @param url the configured cluster; blank: the embedded node
 * @param home the embedded node's data and logs
 */
record SearchStage(String url, Path home, int port, String heap, String nodeJar) implements Stage {
  static final Key<URI> CLUSTER = Key.named("search cluster");
  static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  @Override
  public Running start(StageContext context) {
    if (!url.isBlank()) {
      context.provide(CLUSTER, URI.create(url.trim()));
      return Running.NOTHING;
    }
    Path jar;
    try {
      jar = EmbeddedSearchNode.locateJar(nodeJar);
    } catch (IllegalStateException e) {
      throw new UserFacingException(e.getMessage());
    }
    EmbeddedSearchNode node;
    long started = System.nanoTime();
    try {
      node = EmbeddedSearchNode.start(
          new EmbeddedSearchNode.Options(jar, home, port, heap, START_TIMEOUT));
    } catch (IOException e) {
      throw new UserFacingException("the embedded OpenSearch did not start: " + e.getMessage(), e);
    }
    context.announce("OpenSearch (embedded, pid " + node.pid() + ") on " + node.httpUri()
        + " in " + Duration.ofNanos(System.nanoTime() - started).toMillis() / 100 / 10.0
        + " s, data in " + home);
    context.provide(CLUSTER, node.httpUri());
    return node::stop;
  }
}
