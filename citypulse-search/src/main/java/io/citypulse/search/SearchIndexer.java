package io.citypulse.search;

import io.citypulse.model.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search sink's core: puts the index templates, then indexes batches of documents so that
 * none is lost and none is stored twice.
 *
 * <ul>
 *   <li>No duplicates: documents are sent with the {@code index} action and their deterministic
 *       id ({@link SearchDocuments}), so sending one again replaces it; a replay, a restart that
 *       re-reads uncommitted records, or a chunk whose answer was lost changes nothing.
 *   <li>Nothing lost: {@link #index} returns only once every document is either stored or
 *       refused for good. While the cluster is away, overloaded (429) or failing (5xx) the call
 *       waits and retries, with exponential backoff, for as long as it takes; {@link #status()}
 *       says {@link SearchStatus.State#RETRYING} meanwhile. Items of a bulk refused with 429 or 5xx
 *       are sent again alone, not the whole chunk. The caller acknowledges its batch (commits
 *       its offsets) only after {@link #index} returned.
 *   <li>Refused for good: items failing with another 4xx (a value that does not fit the mapping,
 *       a field the strict mapping does not know) come back as {@link RejectedDocument}s, to be
 *       dead-lettered; they are not retried.
 *   <li>Stops: an interrupt ends the wait with {@link InterruptedException}; a whole request
 *       refused with a 4xx (401 credentials, 403 permissions) throws {@link SearchException}:
 *       waiting would not fix it. In both cases nothing was acknowledged and a restart resends.
 * </ul>
 *
 * <p>{@link #index} is meant for one thread at a time (the app's consumer loop); {@link
 * #status()} may be read from any thread.
 */
public final class SearchIndexer {
  private static final Logger LOG = LoggerFactory.getLogger(SearchIndexer.class);

  /**
   * @param replicas replicas per shard in the templates: 0 on a single node
   * @param maxBulkDocuments documents per {@code _bulk} request
   * @param maxBulkBytes bytes per {@code _bulk} request; the engines refuse bodies above {@code
   *     http.max_content_length} (100 MB by default) and are fastest with a few MB
   * @param firstRetryDelay the wait before the first retry, doubled at each failure in a row
   * @param maxRetryDelay the longest wait between retries
   */
  public record Settings(
      int replicas,
      int maxBulkDocuments,
      long maxBulkBytes,
      Duration firstRetryDelay,
      Duration maxRetryDelay) {
    /** 0 replicas, 1,000 documents or 5 MB per request, retries from 200 ms doubling to 30 s. */
    public static final Settings DEFAULT =
        new Settings(0, 1_000, 5L << 20, Duration.ofMillis(200), Duration.ofSeconds(30));

    public Settings {
      if (replicas < 0 || maxBulkDocuments < 1 || maxBulkBytes < 1) {
        throw new IllegalArgumentException("need replicas >= 0 and positive bulk limits: "
            + replicas + ", " + maxBulkDocuments + ", " + maxBulkBytes);
      }
      if (firstRetryDelay.isNegative()
          || firstRetryDelay.isZero()
          || maxRetryDelay.compareTo(firstRetryDelay) < 0) {
        throw new IllegalArgumentException("need 0 < firstRetryDelay <= maxRetryDelay");
      }
    }

    /** These settings with another replica count (0 on one node, 1 or more on a cluster). */
    public Settings withReplicas(int count) {
      return new Settings(count, maxBulkDocuments, maxBulkBytes, firstRetryDelay, maxRetryDelay);
    }

    /** The wait before retry number {@code attempt} (1 = the first). */
    public Duration delayBefore(int attempt) {
      int doublings = Math.min(Math.max(attempt, 1) - 1, 30);
      long millis = firstRetryDelay.toMillis() << doublings;
      return millis <= 0 || millis >= maxRetryDelay.toMillis()
          ? maxRetryDelay
          : Duration.ofMillis(millis);
    }
  }

  private final SearchClient client;
  private final IndexNaming naming;
  private final Settings settings;
  private final Clock clock;
  private final Sleeper sleeper;
  private volatile SearchStatus status = SearchStatus.INITIAL;

  public SearchIndexer(
      SearchClient client, IndexNaming naming, Settings settings, Clock clock, Sleeper sleeper) {
    this.client = Objects.requireNonNull(client, "client");
    this.naming = Objects.requireNonNull(naming, "naming");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** With the system clock and real sleeps. */
  public SearchIndexer(SearchClient client, IndexNaming naming, Settings settings) {
    this(client, naming, settings, Clock.systemUTC(), Sleeper.SYSTEM);
  }

  public IndexNaming naming() {
    return naming;
  }

  public SearchClient client() {
    return client;
  }

  /**
   * Checks the cluster and puts the three index templates (replacing earlier versions). Call it
   * once before indexing; it does not retry.
   *
   * @return what the cluster is, for the log
   * @throws SearchException when the cluster is unreachable, refuses the credentials (the message
   *     says "refused the credentials (401)", without any secret), or is too old
   */
  public ClusterInfo prepare() {
    ClusterInfo info = client.info();
    if (!info.supportsComposableTemplates()) {
      throw new SearchException(
          info.product() + " at " + client.url() + " has no composable index templates"
              + " (_index_template): use Elasticsearch 7.8 or later, or OpenSearch",
          0,
          null,
          null);
    }
    for (SearchStream stream : SearchStream.values()) {
      client.putIndexTemplate(
          naming.templateName(stream), IndexTemplates.body(stream, naming, settings.replicas()));
    }
    LOG.info("Search index templates put on {} at {}", info.product(), client.url());
    return info;
  }

  /** The current state, counters and last error. */
  public SearchStatus status() {
    return status;
  }

  /**
   * Indexes {@code documents}: returns once each one is stored or refused for good (see the class
   * comment). Of documents with the same index and id in one call, the last one is sent.
   *
   * @throws InterruptedException when the thread is interrupted while waiting; the documents may
   *     be partly indexed, and sending them again is harmless
   * @throws SearchException when a whole request is refused with a 4xx other than 408/413/429
   *     (401, 403, 400): retrying would not help
   */
  public IndexOutcome index(List<SearchDocument> documents) throws InterruptedException {
    Map<String, SearchDocument> unique = new LinkedHashMap<>();
    for (SearchDocument document : documents) {
      String slot = document.index() + '\u0000' + document.id();
      // Removed first so the survivor takes the later position: the latest state is sent last.
      unique.remove(slot);
      unique.put(slot, document);
    }
    Progress progress = new Progress();
    for (List<SearchDocument> chunk : BulkBody.chunks(
        new ArrayList<>(unique.values()), settings.maxBulkDocuments(), settings.maxBulkBytes())) {
      indexChunk(chunk, progress);
    }
    return new IndexOutcome(
        progress.indexed, progress.rejected, documents.size() - unique.size(), progress.retries);
  }

  /**
   * Deletes the dated indices past {@code retention} ({@link Retention}), for every stream.
   *
   * @return the names of the deleted indices
   */
  public List<String> applyRetention(Duration retention) {
    List<String> deleted = new ArrayList<>();
    if (retention.isZero() || naming.period() == IndexPeriod.NONE) {
      return deleted;
    }
    Instant now = clock.instant();
    for (SearchStream stream : SearchStream.values()) {
      List<String> existing = client.listIndices(naming.datedPattern(stream));
      for (String index : Retention.expired(existing, naming, stream, now, retention)) {
        if (client.deleteIndex(index)) {
          deleted.add(index);
        }
      }
    }
    if (!deleted.isEmpty()) {
      LOG.info("Search retention {}: deleted {}", retention, deleted);
    }
    return deleted;
  }

  private static final class Progress {
    int indexed;
    int retries;
    final List<RejectedDocument> rejected = new ArrayList<>();
  }

  private void indexChunk(List<SearchDocument> chunk, Progress progress)
      throws InterruptedException {
    Deque<List<SearchDocument>> pending = new ArrayDeque<>();
    pending.push(chunk);
    int failuresInARow = 0;
    while (!pending.isEmpty()) {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while indexing into " + client.url());
      }
      List<SearchDocument> documents = pending.peek();
      BulkResponse response;
      try {
        response = client.bulk(BulkBody.of(documents));
        if (response.items().size() != documents.size()) {
          throw new IllegalArgumentException("bulk answer has "
              + response.items().size() + " items for " + documents.size() + " documents");
        }
      } catch (SearchException e) {
        if (Thread.interrupted()) {
          throw new InterruptedException("interrupted while indexing into " + client.url());
        }
        if (e.status() == 413) {
          // Body above http.max_content_length: halve it; a single document that large is refused.
          pending.pop();
          if (documents.size() == 1) {
            progress.rejected.add(
                new RejectedDocument(documents.get(0), 413, "request_too_large", e.getMessage()));
            addRejected(1);
          } else {
            int half = documents.size() / 2;
            pending.push(documents.subList(half, documents.size()));
            pending.push(documents.subList(0, half));
          }
          continue;
        }
        if (!e.retryable()) {
          throw e;
        }
        failuresInARow++;
        waitBeforeRetry(e.getMessage(), failuresInARow, progress);
        continue;
      } catch (IllegalArgumentException e) {
        // A truncated or foreign answer (a proxy's error page): which items landed is unknown,
        // so the whole chunk is sent again; by id, the ones that did land are only replaced.
        failuresInARow++;
        waitBeforeRetry(
            "unreadable bulk answer from " + client.url() + ": " + e.getMessage(),
            failuresInARow,
            progress);
        continue;
      }
      pending.pop();
      List<SearchDocument> again = new ArrayList<>();
      BulkResponse.Item firstRetryable = null;
      int indexed = 0;
      int rejected = 0;
      for (int i = 0; i < documents.size(); i++) {
        BulkResponse.Item item = response.items().get(i);
        if (item.succeeded()) {
          indexed++;
        } else if (item.retryable()) {
          again.add(documents.get(i));
          firstRetryable = firstRetryable == null ? item : firstRetryable;
        } else {
          progress.rejected.add(new RejectedDocument(
              documents.get(i), item.status(), item.errorType(), item.reason()));
          rejected++;
        }
      }
      progress.indexed += indexed;
      recordLanded(indexed, rejected);
      if (again.isEmpty()) {
        failuresInARow = 0;
        recovered();
      } else {
        pending.push(again);
        failuresInARow++;
        waitBeforeRetry(
            again.size() + " of " + documents.size() + " documents refused for now ("
                + firstRetryable.status() + " " + firstRetryable.errorType() + ": "
                + firstRetryable.reason() + ")",
            failuresInARow,
            progress);
      }
    }
  }

  private void waitBeforeRetry(String error, int failuresInARow, Progress progress)
      throws InterruptedException {
    Duration delay = settings.delayBefore(failuresInARow);
    synchronized (this) {
      SearchStatus s = status;
      boolean entering = !s.retrying();
      if (entering) {
        LOG.warn(
            "Search indexing RETRYING (every {} up to {}): {}",
            settings.firstRetryDelay(),
            settings.maxRetryDelay(),
            error);
      }
      status = new SearchStatus(
          SearchStatus.State.RETRYING,
          entering ? clock.instant() : s.since(),
          error,
          s.indexed(),
          s.rejected(),
          s.retries() + 1,
          s.lastIndexed());
    }
    progress.retries++;
    sleeper.sleep(delay);
  }

  private synchronized void recordLanded(int indexed, int rejected) {
    SearchStatus s = status;
    status = new SearchStatus(
        s.state(),
        s.since() == null ? clock.instant() : s.since(),
        s.lastError(),
        s.indexed() + indexed,
        s.rejected() + rejected,
        s.retries(),
        indexed > 0 ? clock.instant() : s.lastIndexed());
  }

  private synchronized void addRejected(int rejected) {
    recordLanded(0, rejected);
  }

  private synchronized void recovered() {
    SearchStatus s = status;
    if (s.retrying()) {
      Instant now = clock.instant();
      LOG.info(
          "Search indexing resumed after {} s", Duration.between(s.since(), now).toSeconds());
      status = new SearchStatus(
          SearchStatus.State.OK,
          now,
          s.lastError(),
          s.indexed(),
          s.rejected(),
          s.retries(),
          s.lastIndexed());
    }
  }
}
