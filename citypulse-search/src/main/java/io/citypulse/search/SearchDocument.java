package io.citypulse.search;

import java.util.Objects;

/**
 * One document to index: its stream, the index chosen from its event time, its id (key and event
 * time, see {@link SearchDocuments}) and its JSON source on one line.
 */
public record SearchDocument(SearchStream stream, String index, String id, String json) {
  public SearchDocument {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(json, "json");
    if (json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) {
      // The _bulk body is newline-delimited: a line break would split the document in two.
      throw new IllegalArgumentException("document JSON must be on one line: " + id);
    }
  }
}
