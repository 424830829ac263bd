package io.citypulse.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code _bulk} answer: one item per action, in the order of the request. The shape is
 * the same in Elasticsearch 7-9 and OpenSearch 1-3 (7.x and OpenSearch add {@code _type}, which is
 * ignored).
 *
 * @param errors the engine's own flag: true when at least one item failed
 */
public record BulkResponse(boolean errors, long tookMillis, List<Item> items) {

  public BulkResponse {
    items = List.copyOf(items);
  }

  /**
   * One action's result.
   *
   * @param status the item's HTTP status: 200 updated, 201 created, 429 refused (queue full), 400
   *     the document does not fit the mapping...
   * @param errorType e.g. {@code mapper_parsing_exception}; null when the item succeeded
   * @param reason the engine's explanation with its causes; null when the item succeeded
   */
  public record Item(
      String action, String index, String id, int status, String errorType, String reason) {

    public boolean succeeded() {
      return status >= 200 && status < 300 && errorType == null;
    }

    /**
     * Worth sending again: 429 (the node's write queue is full) and 5xx (a shard is not
     * available yet, the node is shutting down). A 4xx other than 429 is the document's fault and
     * would fail again.
     */
    public boolean retryable() {
      return !succeeded() && SearchException.retryableStatus(status);
    }
  }

  /**
   * Parses a response body.
   *
   * @throws IllegalArgumentException when the body is not a bulk answer (truncated, an HTML error
   *     page of a proxy, an {@code error} object)
   */
  public static BulkResponse parse(String body) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a bulk response: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("items").isArray()) {
      throw new IllegalArgumentException("not a bulk response (no items): " + abbreviate(body));
    }
    List<Item> items = new ArrayList<>();
    for (JsonNode wrapper : root.path("items")) {
      if (!wrapper.isObject() || wrapper.size() != 1) {
        throw new IllegalArgumentException("not a bulk item: " + abbreviate(wrapper.toString()));
      }
      Map.Entry<String, JsonNode> only = wrapper.properties().iterator().next();
      JsonNode item = only.getValue();
      if (!item.path("status").isInt()) {
        throw new IllegalArgumentException(
            "bulk item without status: " + abbreviate(item.toString()));
      }
      JsonNode error = item.path("error");
      items.add(new Item(
          only.getKey(),
          textOrNull(item.path("_index")),
          textOrNull(item.path("_id")),
          item.path("status").asInt(),
          error.isMissingNode() || error.isNull() ? null : errorType(error),
          error.isMissingNode() || error.isNull() ? null : reason(error)));
    }
    return new BulkResponse(
        root.path("errors").asBoolean(false), root.path("took").asLong(0), items);
  }

  /** The items that failed, in order. */
  public List<Item> failures() {
    return items.stream().filter(item -> !item.succeeded()).toList();
  }

  /** {@code type} of an error object; old engines sent the error as a plain string. */
  static String errorType(JsonNode error) {
    if (error.isTextual()) {
      return "error";
    }
    return error.path("type").isTextual() ? error.path("type").asText() : "error";
  }

  /** The reason and its {@code caused_by} chain: "failed to parse field [x] ...: For input string". */
  static String reason(JsonNode error) {
    if (error.isTextual()) {
      return error.asText();
    }
    StringBuilder text = new StringBuilder(error.path("reason").asText(""));
    JsonNode cause = error.path("caused_by");
    for (int depth = 0; cause.isObject() && depth < 5; depth++, cause = cause.path("caused_by")) {
      text.append(text.isEmpty() ? "" : "; caused by ")
          .append(cause.path("type").asText("error"))
          .append(": ")
          .append(cause.path("reason").asText(""));
    }
    return text.toString();
  }

  private static String textOrNull(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }

  static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }
}
