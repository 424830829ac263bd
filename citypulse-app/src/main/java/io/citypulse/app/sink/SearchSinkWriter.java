package io.citypulse.app.sink;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.search.ClusterInfo;
import io.citypulse.search.IndexOutcome;
import io.citypulse.search.RejectedDocument;
import io.citypulse.search.SearchDocument;
import io.citypulse.search.SearchDocuments;
import io.citypulse.search.SearchException;
import io.citypulse.search.SearchIndexer;
import io.citypulse.search.SearchStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search index as a sink: each record becomes a document whose id is its key and event time,
 * in the index of its stream and day, so a record indexed twice is one document. The index
 * templates are put before the first document (again after the cluster was away at start), so
 * no index is ever created with guessed mappings.
 */
public final class SearchSinkWriter implements SinkWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SearchSinkWriter.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(500);
  private static final Duration MAX_RETRY = Duration.ofSeconds(30);

  private final SearchIndexer indexer;
  private final Clock clock;
  private volatile ClusterInfo cluster;
  private final AtomicReference<SinkHealth> preparing = new AtomicReference<>(SinkHealth.OK);

  public SearchSinkWriter(SearchIndexer indexer, Clock clock) {
    this.indexer = indexer;
    this.clock = clock;
  }

  @Override
  public String describe() {
    return "the search index at " + indexer.client().url();
  }

  /**
   * Puts the index templates once; a cluster that does not answer is tried again with backoff.
   *
   * @throws SearchException when the cluster answers with a refusal no retry cures (credentials,
   *     a version without composable templates)
   */
  public ClusterInfo prepare() throws InterruptedException {
    Duration delay = FIRST_RETRY;
    while (cluster == null) {
      try {
        cluster = indexer.prepare();
        preparing.set(SinkHealth.OK);
      } catch (SearchException e) {
        if (!e.retryable()) {
          throw e;
        }
        SinkHealth was = preparing.get();
        preparing.set(
            new SinkHealth(true, was.retrying() ? was.since() : clock.instant(), e.getMessage()));
        LOG.warn("search index not ready, retrying in {} ms: {}", delay.toMillis(), e.getMessage());
        Thread.sleep(delay.toMillis());
        delay = delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay.multipliedBy(2);
      }
    }
    return cluster;
  }

  @Override
  public List<Refusal> write(List<SinkRecord> batch) throws InterruptedException {
    prepare();
    List<SearchDocument> documents = new ArrayList<>(batch.size());
    Map<String, List<SinkRecord>> recordsByDocument = new HashMap<>();
    List<Refusal> refused = new ArrayList<>();
    for (SinkRecord record : batch) {
      try {
        SearchDocument document = document(record.value());
        documents.add(document);
        recordsByDocument
            .computeIfAbsent(document.index() + "/" + document.id(), k -> new ArrayList<>())
            .add(record);
      } catch (IllegalArgumentException e) {
        refused.add(new Refusal(record, "cannot be indexed", e.getMessage()));
      }
    }
    if (documents.isEmpty()) {
      return refused;
    }
    IndexOutcome outcome = indexer.index(documents);
    for (RejectedDocument rejected : outcome.rejected()) {
      SearchDocument document = rejected.document();
      for (SinkRecord record :
          recordsByDocument.getOrDefault(document.index() + "/" + document.id(), List.of())) {
        refused.add(new Refusal(
            record,
            "refused by the search index: " + rejected.errorType(),
            rejected.status() + " " + rejected.reason()));
      }
    }
    return refused;
  }

  private SearchDocument document(Object value) {
    if (value instanceof StationRecord station) {
      return SearchDocuments.of(station, indexer.naming());
    }
    if (value instanceof PostcodeAvailability totals) {
      return SearchDocuments.of(totals, indexer.naming());
    }
    if (value instanceof WeatherFeatures weather) {
      return SearchDocuments.of(weather, indexer.naming());
    }
    throw new IllegalArgumentException(
        "no search document for a " + value.getClass().getName());
  }

  @Override
  public SinkHealth health() {
    SinkHealth start = preparing.get();
    if (start.retrying()) {
      return start;
    }
    SearchStatus status = indexer.status();
    return status.retrying()
        ? new SinkHealth(true, status.since(), status.lastError())
        : SinkHealth.OK;
  }
}
