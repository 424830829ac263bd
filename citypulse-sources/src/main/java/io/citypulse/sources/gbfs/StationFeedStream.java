package io.citypulse.sources.gbfs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a station feed ({@code {"last_updated", "ttl", "version", "data": {"stations": [...]}}}) in
 * one pass over the Jackson token stream, without building a tree of the station list.
 *
 * <p>A tree of a 100,000-station feed cost more than everything else the poller does with it;
 * this pass builds records as the tokens go by. It stays exact by handing every unusual case to
 * {@link GbfsTreeReader}, the reference rules: an entry the {@link EntryStreamReader} finds odd is
 * read again from its own bytes as a tree (so a rejection keeps its reason and raw JSON), and a
 * body that is not a well-formed feed (not JSON, truncated, trailing text, no
 * {@code data.stations} list, a repeated {@code data}...) is read again whole, which throws the
 * {@link FeedParseException} it always threw. Those paths only run on broken input.
 */
final class StationFeedStream {
  private StationFeedStream() {}

  /**
   * @param feed the feed name, for messages
   * @param fast reads an entry from the tokens, or gives up on it
   * @param tree the reference rules for one entry (throws {@link BadEntry})
   */
  static <T> FeedSnapshot<T> read(
      String feed, byte[] body, EntryStreamReader<T> fast, Function<JsonNode, T> tree)
      throws FeedParseException {
    FeedSnapshot<T> snapshot = tryRead(feed, body, fast, tree);
    return snapshot != null ? snapshot : GbfsTreeReader.stations(feed, body, tree);
  }

  /**
   * The snapshot of a well-formed feed, odd entries read by the tree rules; null when the body
   * is not one and is left whole to the tree rules.
   *
   * @throws FeedParseException when the header fields are unreadable, as the tree rules say
   */
  static <T> FeedSnapshot<T> tryRead(
      String feed, byte[] body, EntryStreamReader<T> fast, Function<JsonNode, T> tree)
      throws FeedParseException {
    if (body == null || body.length == 0) {
      return null;
    }
    ObjectNode header = JsonNodeFactory.instance.objectNode();
    List<T> items = null;
    List<RejectedItem> rejects = null;
    try (JsonParser p = Json.MAPPER.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken value = p.nextToken();
        switch (field) {
          case "data" -> {
            if (items != null || value != JsonToken.START_OBJECT) {
              return null;
            }
            items = new ArrayList<>();
            rejects = new ArrayList<>();
            if (!readData(p, body, fast, tree, items, rejects)) {
              return null;
            }
          }
          // The few top-level scalars are kept as nodes: the tree rules then read them as ever.
          case "last_updated", "lastUpdatedOther", "ttl", "version" ->
            header.set(field, Json.MAPPER.readTree(p));
          default -> EntryStreamReader.skip(value, p);
        }
      }
      // A second document or any text after the object: the tree reading rejects the body.
      if (items == null || p.nextToken() != null) {
        return null;
      }
    } catch (IOException e) {
      // Not JSON: the tree reading fails at the same place and says so in its words.
      return null;
    }
    return new FeedSnapshot<>(
        GbfsTreeReader.lastUpdated(feed, header, body),
        GbfsTreeReader.ttl(feed, header, body),
        GbfsTreeReader.version(header),
        items,
        rejects);
  }

  /** Reads the {@code data} object; false when it holds no single {@code stations} list. */
  private static <T> boolean readData(
      JsonParser p,
      byte[] body,
      EntryStreamReader<T> fast,
      Function<JsonNode, T> tree,
      List<T> items,
      List<RejectedItem> rejects)
      throws IOException {
    boolean listRead = false;
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken value = p.nextToken();
      if (!field.equals("stations")) {
        EntryStreamReader.skip(value, p);
        continue;
      }
      if (listRead || value != JsonToken.START_ARRAY) {
        return false;
      }
      listRead = true;
      if (!readStations(p, body, fast, tree, items, rejects)) {
        return false;
      }
    }
    return listRead;
  }

  /** Reads the stations list; false if an odd entry could not be found again in the body. */
  private static <T> boolean readStations(
      JsonParser p,
      byte[] body,
      EntryStreamReader<T> fast,
      Function<JsonNode, T> tree,
      List<T> items,
      List<RejectedItem> rejects)
      throws IOException {
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      if (token != JsonToken.START_OBJECT) {
        // A string, number, list... in the list: the tree rules reject it with its kind.
        GbfsTreeReader.entry(Json.MAPPER.readTree(p), tree, items, rejects);
        continue;
      }
      // Where the entry starts (its '{' was the last byte read): an odd entry is read again from
      // its own bytes. (ParserBase's token offset, used here before without making a location, is
      // stale on braces: the checks below failed and any odd entry sent its whole body the tree
      // way.)
      long start = p.currentLocation().getByteOffset() - 1;
      T item = fast.read(p);
      if (item != null) {
        items.add(item);
        continue;
      }
      // Just past the entry's closing brace.
      long end = p.currentLocation().getByteOffset();
      if (start < 0
          || end > body.length
          || body[(int) start] != '{'
          || body[(int) end - 1] != '}') {
        return false;
      }
      JsonNode entry = Json.MAPPER.readTree(body, (int) start, (int) (end - start));
      GbfsTreeReader.entry(entry, tree, items, rejects);
    }
    return true;
  }
}
