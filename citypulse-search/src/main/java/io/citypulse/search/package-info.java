/**
 * The search index sink (issue 19): station states, postcode totals and weather features
 * indexed into OpenSearch (1.x-3.x) or Elasticsearch (7.8-9.x) through the {@code _bulk} API both
 * share. No Kafka, no Spark: the app's consumer loop decodes the records and calls this library.
 *
 * <p>Wiring: {@code new SearchClient(url, Credentials.fromEnvironment(System.getenv()))}, {@code
 * new SearchIndexer(client, new IndexNaming("citypulse", IndexPeriod.DAY),
 * SearchIndexer.Settings.DEFAULT)}, {@link io.citypulse.search.SearchIndexer#prepare()} once, then
 * per batch {@code indexer.index(records.map(r -> SearchDocuments.of(r, naming)))}, dead-letter
 * the {@link io.citypulse.search.IndexOutcome#rejected()} documents, commit the offsets; now and
 * then {@link io.citypulse.search.SearchIndexer#applyRetention}; show {@link
 * io.citypulse.search.SearchIndexer#status()}.
 */
package io.citypulse.search;
