package io.citypulse.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The newline-delimited body of a {@code _bulk} request: for each document an {@code index}
 * action (create or replace by id, so a document sent twice is stored once) and its source.
 */
public final class BulkBody {
  private BulkBody() {}

  /** The NDJSON body, each line ended by {@code \n} (the last one too, as the API requires). */
  public static String of(List<SearchDocument> documents) {
    StringBuilder body = new StringBuilder();
    for (SearchDocument document : documents) {
      body.append(actionLine(document)).append('\n').append(document.json()).append('\n');
    }
    return body.toString();
  }

  /** {@code {"index":{"_index":"...","_id":"..."}}}, escaped by Jackson. */
  static String actionLine(SearchDocument document) {
    ObjectNode action = Json.MAPPER.createObjectNode();
    action.putObject("index").put("_index", document.index()).put("_id", document.id());
    return Json.writeString(action);
  }

  /** The bytes a document takes in a body: both lines and their line ends. */
  static long sizeOf(SearchDocument document) {
    return actionLine(document).getBytes(StandardCharsets.UTF_8).length
        + document.json().getBytes(StandardCharsets.UTF_8).length
        + 2L;
  }

  /**
   * Splits documents into chunks of at most {@code maxDocuments} and {@code maxBytes} (a single
   * larger document is a chunk of its own), in order.
   */
  public static List<List<SearchDocument>> chunks(
      List<SearchDocument> documents, int maxDocuments, long maxBytes) {
    if (maxDocuments < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("chunk limits must be positive");
    }
    List<List<SearchDocument>> chunks = new ArrayList<>();
    List<SearchDocument> current = new ArrayList<>();
    long bytes = 0;
    for (SearchDocument document : documents) {
      long size = sizeOf(document);
      if (!current.isEmpty() && (current.size() >= maxDocuments || bytes + size > maxBytes)) {
        chunks.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(document);
      bytes += size;
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return chunks;
  }
}
