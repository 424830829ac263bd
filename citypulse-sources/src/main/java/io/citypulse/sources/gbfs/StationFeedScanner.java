package io.citypulse.sources.gbfs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a station feed ({@code {"last_updated", "ttl", "version", "data": {"stations": [...]}}})
 * in one pass over its bytes, straight into records.
 *
 * <p>Jackson's tokenizer alone took about as long as the whole budget for a 100,000-station
 * {@code station_status} feed (~50 ms for 28 MB on two cores). Here a {@link ByteScanner}
 * validates the JSON while an {@link EntryScanner} matches each field name against the name the
 * previous entry had at the same position, byte for byte, and reads values in place.
 *
 * <p>The rules stay those of {@link GbfsTreeReader}: an entry the entry scanner finds odd (or
 * that is not an object) is read again from its own bytes as a tree, which decides the record or
 * the rejection reason and raw JSON; a body that is not a well-formed feed in the grammar the
 * byte scanner takes (not JSON, truncated, trailing text, no {@code data.stations} list, a
 * repeated {@code data}...) is left whole to the tree rules: {@link #scan} then returns null.
 */
final class StationFeedScanner<T> {
  private static final byte[] DATA = EntryScanner.ascii("data");
  private static final byte[] STATIONS = EntryScanner.ascii("stations");
  private static final List<String> HEADER_FIELDS =
      List.of("last_updated", "lastUpdatedOther", "ttl", "version");

  private final String feedName;
  private final byte[] body;
  private final ByteScanner scan;
  private final EntryScanner<T> entries;
  private final Function<JsonNode, T> tree;
  private final List<T> items = new ArrayList<>();
  private final List<RejectedItem> rejects = new ArrayList<>();

  private StationFeedScanner(String feedName, EntryScanner<T> entries, Function<JsonNode, T> tree) {
    this.feedName = feedName;
    this.body = entries.body;
    this.scan = entries.scan;
    this.entries = entries;
    this.tree = tree;
  }

  /**
   * The snapshot of the body {@code entries} was made for, or null when the body is left to the
   * tree rules.
   *
   * @param tree the reference rules for one entry (throws {@link BadEntry})
   * @throws FeedParseException when the header fields are unreadable, as the tree rules say
   */
  static <T> FeedSnapshot<T> scan(
      String feedName, EntryScanner<T> entries, Function<JsonNode, T> tree)
      throws FeedParseException {
    if (entries.body == null || entries.body.length == 0) {
      return null;
    }
    try {
      return new StationFeedScanner<>(feedName, entries, tree).feed();
    } catch (ByteScanner.GiveUp e) {
      return null;
    }
  }

  private FeedSnapshot<T> feed() throws FeedParseException {
    ByteScanner s = scan;
    if (startsWithByteOrderMark()) {
      s.at = 3;
    }
    if (s.next() != '{') {
      throw ByteScanner.GIVE_UP;
    }
    s.at++;
    ObjectNode header = JsonNodeFactory.instance.objectNode();
    boolean dataRead = false;
    if (s.next() == '}') {
      throw ByteScanner.GIVE_UP;
    }
    do {
      if (s.next() != '"') {
        throw ByteScanner.GIVE_UP;
      }
      if (s.name(DATA)) {
        s.expect(':');
        // A second data object, or one that is not an object: the tree rules say what is wrong.
        if (dataRead || s.next() != '{') {
          throw ByteScanner.GIVE_UP;
        }
        dataRead = true;
        data();
      } else {
        String field = plainName();
        s.expect(':');
        s.next();
        int start = s.at;
        s.skipValue(1);
        if (HEADER_FIELDS.contains(field)) {
          // The few top-level values are kept as nodes: the tree rules then read them as ever.
          header.set(field, readTree(start, s.at));
        }
      }
    } while (s.more('}'));
    if (s.peek() != -1 || !dataRead) {
      throw ByteScanner.GIVE_UP;
    }
    return new FeedSnapshot<>(
        GbfsTreeReader.lastUpdated(feedName, header, body),
        GbfsTreeReader.ttl(feedName, header, body),
        GbfsTreeReader.version(header),
        items,
        rejects);
  }

  /** Jackson skips a UTF-8 byte order mark, and so does this reader. */
  private boolean startsWithByteOrderMark() {
    return body.length >= 3
        && body[0] == (byte) 0xEF
        && body[1] == (byte) 0xBB
        && body[2] == (byte) 0xBF;
  }

  /** A name outside the entries; one with escapes might spell a known name, so it is given up. */
  private String plainName() {
    int open = scan.at;
    int close = scan.string();
    if (scan.escaped) {
      throw ByteScanner.GIVE_UP;
    }
    return new String(body, open + 1, close - open - 1, StandardCharsets.UTF_8);
  }

  private void data() {
    ByteScanner s = scan;
    s.at++;
    boolean listRead = false;
    if (s.next() == '}') {
      throw ByteScanner.GIVE_UP;
    }
    do {
      if (s.next() != '"') {
        throw ByteScanner.GIVE_UP;
      }
      if (s.name(STATIONS)) {
        s.expect(':');
        if (listRead || s.next() != '[') {
          throw ByteScanner.GIVE_UP;
        }
        listRead = true;
        stations();
      } else {
        plainName();
        s.expect(':');
        s.skipValue(2);
      }
    } while (s.more('}'));
    if (!listRead) {
      throw ByteScanner.GIVE_UP;
    }
  }

  private void stations() {
    ByteScanner s = scan;
    s.at++;
    if (s.next() == ']') {
      s.at++;
      return;
    }
    do {
      boolean object = s.next() == '{';
      int start = s.at;
      T item = null;
      if (object) {
        item = entries.read();
      } else {
        s.skipValue(2);
      }
      if (item != null) {
        items.add(item);
      } else {
        // An odd entry, or not an object: the tree rules read it from its own bytes.
        GbfsTreeReader.entry(readTree(start, s.at), tree, items, rejects);
      }
    } while (s.more(']'));
  }

  private JsonNode readTree(int from, int to) {
    try {
      return Json.MAPPER.readTree(body, from, to - from);
    } catch (IOException e) {
      // Cannot happen for bytes the scanner validated; the whole body then goes the tree way.
      throw ByteScanner.GIVE_UP;
    }
  }
}
