package io.citypulse.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers {@code _bulk} requests in the engines' format, item by item, and keeps what it
 * "stored" by id, so tests can check that nothing was lost or stored twice. Each id may be given
 * a sequence of failing statuses it answers before it succeeds.
 */
final class FakeBulk {
  final Map<String, String> stored = new ConcurrentHashMap<>();
  final List<List<String>> requestedIds = new ArrayList<>();
  private final Map<String, Deque<Integer>> failures = new ConcurrentHashMap<>();

  /** {@code id} answers these statuses first (429, 400...), then 201. */
  FakeBulk failing(String id, Integer... statuses) {
    failures.put(id, new ArrayDeque<>(List.of(statuses)));
    return this;
  }

  synchronized FakeCluster.Answer answer(FakeCluster.Request request) {
    String[] lines = request.body().split("\n");
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode items = root.putArray("items");
    boolean errors = false;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i + 1 < lines.length; i += 2) {
      JsonNode action = read(lines[i]).path("index");
      String id = action.path("_id").asText();
      ids.add(id);
      Deque<Integer> pending = failures.get(id);
      Integer failure = pending == null ? null : pending.poll();
      ObjectNode item = items.addObject().putObject("index");
      item.put("_index", action.path("_index").asText()).put("_id", id);
      if (failure == null) {
        item.put("status", stored.put(id, lines[i + 1]) == null ? 201 : 200);
      } else {
        errors = true;
        item.put("status", failure);
        ObjectNode error = item.putObject("error");
        if (failure == 429) {
          error
              .put("type", "es_rejected_execution_exception")
              .put("reason", "rejected execution of coordinating operation");
        } else {
          error
              .put("type", "mapper_parsing_exception")
              .put("reason", "failed to parse field [bikes_available] of type [integer]")
              .putObject("caused_by")
              .put("type", "number_format_exception")
              .put("reason", "For input string: \"many\"");
        }
      }
    }
    requestedIds.add(ids);
    root.put("took", 3).put("errors", errors);
    return new FakeCluster.Answer(200, Json.writeString(root));
  }

  private static JsonNode read(String line) {
    try {
      return Json.MAPPER.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
