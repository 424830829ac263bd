package io.citypulse.app.run;

import io.citypulse.app.cli.UserFacingException;
import io.citypulse.app.sink.SearchSinkWriter;
import io.citypulse.app.sink.TopicSink;
import io.citypulse.search.ClusterInfo;
import io.citypulse.search.Credentials;
import io.citypulse.search.IndexNaming;
import io.citypulse.search.SearchClient;
import io.citypulse.search.SearchException;
import io.citypulse.search.SearchIndexer;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes the result streams in the search cluster of {@link SearchStage}: a {@link TopicSink}
 * over the result topics, the index templates put first, and old daily or monthly indices deleted
 * at start and every hour ({@code storage.search.retention}). Refused credentials stop the start;
 * a cluster that does not answer yet does not (RETRYING until it does).
 *
 * @param streamsByTopic the result streams indexed, by topic
 */
record SearchSinkStage(
    Map<String, String> streamsByTopic,
    IndexNaming naming,
    Credentials credentials,
    int replicas,
    Duration retention,
    String deadLetterTopic,
    int batch)
    implements Stage {
  private static final Logger LOG = LoggerFactory.getLogger(SearchSinkStage.class);
  static final String NAME = "search";
  private static final Duration RETENTION_EVERY = Duration.ofHours(1);

  @Override
  public Running start(StageContext context) throws InterruptedException {
    SearchClient client = new SearchClient(context.get(SearchStage.CLUSTER), credentials);
    SearchIndexer indexer =
        new SearchIndexer(client, naming, SearchIndexer.Settings.DEFAULT.withReplicas(replicas));
    SearchSinkWriter writer = new SearchSinkWriter(indexer, context.clock());
    try {
      ClusterInfo cluster = indexer.prepare();
      context.announce("indexing " + String.join(", ", streams()) + " in " + cluster.product() + " "
          + cluster.version() + " at " + client.url() + " (" + naming.prefix() + "-*)");
    } catch (SearchException e) {
      if (!e.retryable()) {
        throw new UserFacingException(e.getMessage());
      }
      context.announce(e.getMessage() + ": indexing starts when it answers");
    }
    TopicSink sink = new TopicSink(
            new TopicSink.Settings(
                NAME, context.get(BrokerStage.BOOTSTRAP), streamsByTopic, deadLetterTopic, batch),
            writer,
            context.clock())
        .start();
    RunningSinks sinks = context.get(MetricsStage.SINKS);
    sinks.add(sink, streams());
    ScheduledExecutorService retentionRuns = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "citypulse-search-retention");
      thread.setDaemon(true);
      return thread;
    });
    if (!retention.isZero()) {
      retentionRuns.scheduleWithFixedDelay(
          () -> applyRetention(indexer), 0, RETENTION_EVERY.toMinutes(), TimeUnit.MINUTES);
    }
    return new Running() {
      @Override
      public String failure() {
        return sink.stoppedOnItsOwn()
            ? "the search sink stopped: " + sink.snapshot().health()
            : null;
      }

      @Override
      public void close() throws InterruptedException {
        retentionRuns.shutdownNow();
        sinks.remove(NAME);
        sink.close();
      }
    };
  }

  private void applyRetention(SearchIndexer indexer) {
    try {
      List<String> deleted = indexer.applyRetention(retention);
      if (!deleted.isEmpty()) {
        LOG.info("search retention {}: deleted {}", retention, deleted);
      }
    } catch (RuntimeException e) {
      // Away or refused now: the next hourly run tries again.
      LOG.warn("search retention not applied: {}", e.getMessage());
    }
  }

  private List<String> streams() {
    return List.copyOf(new LinkedHashSet<>(streamsByTopic.values()));
  }
}
