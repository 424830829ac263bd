package io.citypulse.sources.gbfs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;
import io.citypulse.model.StationStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads {@code station_status} bodies of every dialect (GBFS 1.x/2.x/3.0, Vélib') in one pass
 * over their bytes, straight into records.
 *
 * <p>Jackson's tokenizer alone took about as long as the whole budget for a 100,000-station feed
 * (~50 ms for 28 MB on two cores): this reader matches field names against the names the
 * previous entry had, at the same position, byte for byte, and reads values in place.
 *
 * <p>The rules stay those of {@link GbfsTreeReader}: an entry whose values are not of a shape read
 * here (a bad count, a flag spelled oddly, an escaped id, a repeated key...) is read again from
 * its own bytes as a tree, which decides the record or the rejection reason and raw JSON. A body
 * that is not a well-formed feed in the grammar {@link ByteScanner} takes (not JSON, truncated,
 * no {@code data.stations} list...) is left whole to the tree rules, which throw the
 * {@link FeedParseException} they always threw. One instance per body; not thread-safe.
 */
final class StatusScanner {
  private static final int ABSENT = -1;

  private static final byte[] DATA = ascii("data");
  private static final byte[] STATIONS = ascii("stations");
  private static final List<String> HEADER_FIELDS =
      List.of("last_updated", "lastUpdatedOther", "ttl", "version");

  // Entry fields, by code; 0 is a field not read.
  private static final int SKIPPED = 0;
  private static final int STATION_ID = 1;
  private static final int STATION_CODE = 2;
  private static final int BIKES = 3;
  private static final int VEHICLES = 4;
  private static final int DOCKS = 5;
  private static final int INSTALLED = 6;
  private static final int RENTING = 7;
  private static final int RETURNING = 8;
  private static final int LAST_REPORTED = 9;
  private static final int BY_VEHICLE_TYPE = 10;
  private static final int BY_TYPE_NAME = 11;
  private static final byte[][] FIELD_NAMES = {
    null, ascii("station_id"), ascii("stationCode"), ascii("num_bikes_available"),
    ascii("num_vehicles_available"), ascii("num_docks_available"), ascii("is_installed"),
    ascii("is_renting"), ascii("is_returning"), ascii("last_reported"),
    ascii("vehicle_types_available"), ascii("num_bikes_available_types")
  };
  /** Fields are learned up to this position in an entry. */
  private static final int MAX_LEARNED_FIELDS = 64;

  private static final byte[] VEHICLE_TYPE_ID = ascii("vehicle_type_id");
  private static final byte[] COUNT = ascii("count");
  private static final byte[] MECHANICAL = ascii("mechanical");
  private static final byte[] EBIKE = ascii("ebike");
  private static final byte[] ELECTRIC = ascii("electric");
  private static final int MECHANICAL_KEY = 1;
  private static final int EBIKE_KEY = 1 << 1;
  private static final int ELECTRIC_KEY = 1 << 2;

  /** RFC 3339 date-times are at most ~35 characters; longer text goes to the tree rules. */
  private static final int MAX_TIMESTAMP_LENGTH = 64;

  private final byte[] body;
  private final ByteScanner scan;
  private final VehicleTypes types;
  private final Function<JsonNode, StationStatus> tree;
  private final List<StationStatus> items = new ArrayList<>();
  private final List<RejectedItem> rejects = new ArrayList<>();

  // The names of the previous entry's fields, by position, and their codes: one serializer wrote
  // the feed, so the next entry almost always has the same names in the same order.
  private byte[][] learnedNames = new byte[16][];
  private int[] learnedCodes = new int[16];
  private final char[] timestampChars = new char[MAX_TIMESTAMP_LENGTH];
  private final Instant[] recentInstants = new Instant[256];

  // The entry being read. Fields come in any order: values wait here until the entry's end.
  private boolean odd;
  private int seen;
  private String stationId;
  private String stationCode;
  private int bikes;
  private int vehicles;
  private int docks;
  private boolean installed;
  private boolean renting;
  private boolean returning;
  private Instant lastReported;
  private boolean byVehicleTypePresent;
  private int byVehicleTypeMechanical;
  private int byVehicleTypeEbike;
  private boolean byTypeNamePresent;
  private int byTypeNameMechanical;
  private int byTypeNameEbike;
  private boolean typeIdPresent;

  private StatusScanner(byte[] body, VehicleTypes types, Function<JsonNode, StationStatus> tree) {
    this.body = body;
    this.scan = new ByteScanner(body);
    this.types = types;
    this.tree = tree;
  }

  /** Reads a station_status body, as {@link GbfsTreeReader#stationStatus} would. */
  static FeedSnapshot<StationStatus> read(byte[] body, VehicleTypes types) throws FeedParseException {
    FeedSnapshot<StationStatus> snapshot = scan(body, types);
    return snapshot != null ? snapshot
        : GbfsTreeReader.stations(GbfsParser.STATION_STATUS, body, entry -> GbfsTreeReader.status(entry, types));
  }

  /** The snapshot read over the bytes, or null when the body is left to the tree rules. */
  static FeedSnapshot<StationStatus> scan(byte[] body, VehicleTypes types) throws FeedParseException {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      return new StatusScanner(body, types, entry -> GbfsTreeReader.status(entry, types)).feed();
    } catch (ByteScanner.GiveUp e) {
      return null;
    }
  }

  private FeedSnapshot<StationStatus> feed() throws FeedParseException {
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
        GbfsTreeReader.lastUpdated(GbfsParser.STATION_STATUS, header, body),
        GbfsTreeReader.ttl(GbfsParser.STATION_STATUS, header, body),
        GbfsTreeReader.version(header),
        items, rejects);
  }

  /** Jackson skips a UTF-8 byte order mark, and so does this reader. */
  private boolean startsWithByteOrderMark() {
    return body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF;
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
      StationStatus item = null;
      if (object) {
        item = entry();
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

  // ---- One entry

  /** Reads the entry at the cursor (on its opening brace); null when it is odd. */
  private StationStatus entry() {
    ByteScanner s = scan;
    s.at++;
    reset();
    if (s.next() == '}') {
      s.at++;
      return null;
    }
    int position = 0;
    do {
      if (s.next() != '"') {
        throw ByteScanner.GIVE_UP;
      }
      int code = fieldCode(position++);
      s.expect(':');
      s.next();
      if (code == SKIPPED) {
        // Camel-case duplicates, num_*_disabled, station_opening_hours...: validated, not read.
        s.skipValue(3);
        continue;
      }
      if ((seen & (1 << code)) != 0) {
        // A repeated key: a tree keeps the last value, let it decide.
        odd = true;
      }
      seen |= 1 << code;
      value(code);
    } while (s.more('}'));
    return odd ? null : build();
  }

  private void reset() {
    odd = false;
    seen = 0;
    stationId = null;
    stationCode = null;
    bikes = ABSENT;
    vehicles = ABSENT;
    docks = ABSENT;
    installed = true;
    renting = true;
    returning = true;
    lastReported = null;
    byVehicleTypePresent = false;
    byTypeNamePresent = false;
  }

  /** The code of the field name at the cursor, which it moves past. */
  private int fieldCode(int position) {
    ByteScanner s = scan;
    if (position < learnedNames.length) {
      byte[] guess = learnedNames[position];
      if (guess != null && s.name(guess)) {
        return learnedCodes[position];
      }
    }
    int open = s.at;
    int close = s.string();
    if (s.escaped) {
      // "station\u005fid" is station_id to a tree: let it read the entry.
      odd = true;
      return SKIPPED;
    }
    int code = knownField(open + 1, close);
    if (position < MAX_LEARNED_FIELDS) {
      if (position >= learnedNames.length) {
        learnedNames = Arrays.copyOf(learnedNames, MAX_LEARNED_FIELDS);
        learnedCodes = Arrays.copyOf(learnedCodes, MAX_LEARNED_FIELDS);
      }
      learnedNames[position] = Arrays.copyOfRange(body, open + 1, close);
      learnedCodes[position] = code;
    }
    return code;
  }

  private int knownField(int from, int to) {
    for (int code = 1; code < FIELD_NAMES.length; code++) {
      if (Arrays.equals(body, from, to, FIELD_NAMES[code], 0, FIELD_NAMES[code].length)) {
        return code;
      }
    }
    return SKIPPED;
  }

  private void value(int code) {
    switch (code) {
      case STATION_ID -> stationId = id();
      case STATION_CODE -> stationCode = optionalText();
      case BIKES -> bikes = count();
      case VEHICLES -> vehicles = count();
      case DOCKS -> docks = count();
      case INSTALLED -> installed = flag();
      case RENTING -> renting = flag();
      case RETURNING -> returning = flag();
      case LAST_REPORTED -> lastReported = timestamp();
      case BY_VEHICLE_TYPE -> byVehicleType();
      case BY_TYPE_NAME -> byTypeName();
      default -> throw new IllegalStateException("no field with code " + code);
    }
  }

  private StationStatus build() {
    // GBFS 3.0 renamed num_bikes_available to num_vehicles_available.
    int available = vehicles != ABSENT ? vehicles : bikes;
    if (stationId == null || available == ABSENT) {
      return null;
    }
    Integer mechanical = null;
    Integer ebike = null;
    if (byVehicleTypePresent && !types.isEmpty()) {
      mechanical = byVehicleTypeMechanical;
      ebike = byVehicleTypeEbike;
    } else if (byTypeNamePresent) {
      mechanical = byTypeNameMechanical == ABSENT ? null : byTypeNameMechanical;
      ebike = byTypeNameEbike == ABSENT ? null : byTypeNameEbike;
    }
    return new StationStatus(stationId, stationCode, available, mechanical, ebike,
        docks == ABSENT ? null : docks, installed, renting, returning, lastReported);
  }

  // ---- Values. Each reads one value at the cursor; a shape it does not take makes the entry odd.

  /** The value at the cursor is not read here: validated, skipped, and the entry is odd. */
  private void oddValue() {
    odd = true;
    scan.skipValue(4);
  }

  /** An identifier (string or integer) as text; null when JSON null. */
  private String id() {
    String text = text();
    if (text != null && text.isEmpty()) {
      // "station_id is empty" to the tree rules.
      odd = true;
    }
    return text;
  }

  /** Optional text: a string (trimmed, empty is null) or an integer's digits; null when absent. */
  private String optionalText() {
    String text = text();
    return text == null || text.isEmpty() ? null : text;
  }

  /** A string, trimmed (maybe empty), or an integer's digits; null for JSON null or an odd value. */
  private String text() {
    ByteScanner s = scan;
    int c = body[s.at];
    if (c == '"') {
      int open = s.at;
      int close = s.string();
      if (s.escaped) {
        odd = true;
        return null;
      }
      int from = open + 1;
      int to = close;
      // Only spaces can be trimmed: control characters are not allowed unescaped in JSON.
      while (from < to && body[from] == ' ') {
        from++;
      }
      while (to > from && body[to - 1] == ' ') {
        to--;
      }
      if (from == to) {
        return "";
      }
      return new String(body, from, to - from,
          s.ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }
    if (ByteScanner.startsNumber(c)) {
      s.number();
      // A JSON integer's text is its decimal form, but for -0 and very long ones.
      if (!s.integral || s.integerDigits > 18 || (s.negative && s.integerValue == 0)) {
        odd = true;
        return null;
      }
      return new String(body, s.numberStart, s.at - s.numberStart, StandardCharsets.ISO_8859_1);
    }
    if (c == 'n') {
      s.literal();
      return null;
    }
    oddValue();
    return null;
  }

  /** A non-negative int count, a number or a string of digits; {@link #ABSENT} when JSON null. */
  private int count() {
    ByteScanner s = scan;
    int c = body[s.at];
    if (ByteScanner.startsNumber(c)) {
      s.number();
      if (s.integral && !s.negative && s.integerDigits <= 9) {
        return (int) s.integerValue;
      }
      odd = true;
      return ABSENT;
    }
    if (c == '"') {
      int open = s.at;
      int close = s.string();
      int value = s.escaped ? -1 : digits(open + 1, close);
      if (value < 0) {
        odd = true;
        return ABSENT;
      }
      return value;
    }
    if (c == 'n') {
      s.literal();
      return ABSENT;
    }
    oddValue();
    return ABSENT;
  }

  /** Up to nine ASCII digits, spaces around allowed; -1 for anything else. */
  private int digits(int from, int to) {
    while (from < to && body[from] == ' ') {
      from++;
    }
    while (to > from && body[to - 1] == ' ') {
      to--;
    }
    if (from == to || to - from > 9) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      int digit = body[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /** A count inside {@code num_bikes_available_types}, where JSON null is not allowed either. */
  private int requiredCount() {
    int value = count();
    if (value == ABSENT) {
      odd = true;
    }
    return value;
  }

  /** A station flag: true/false, 0/1 or their text; true when JSON null (absent). */
  private boolean flag() {
    ByteScanner s = scan;
    int c = body[s.at];
    if (c == 't' || c == 'f' || c == 'n') {
      return s.literal() != 0;
    }
    if (ByteScanner.startsNumber(c)) {
      s.number();
      if (s.integral && !s.negative && s.integerDigits == 1 && s.integerValue <= 1) {
        return s.integerValue == 1;
      }
      odd = true;
      return true;
    }
    if (c == '"') {
      int open = s.at;
      int close = s.string();
      if (!s.escaped && s.ascii) {
        int from = open + 1;
        int to = close;
        while (from < to && body[from] == ' ') {
          from++;
        }
        while (to > from && body[to - 1] == ' ') {
          to--;
        }
        if (equalsIgnoreAsciiCase(from, to, "true") || equalsIgnoreAsciiCase(from, to, "1")) {
          return true;
        }
        if (equalsIgnoreAsciiCase(from, to, "false") || equalsIgnoreAsciiCase(from, to, "0")) {
          return false;
        }
      }
      odd = true;
      return true;
    }
    oddValue();
    return true;
  }

  private boolean equalsIgnoreAsciiCase(int from, int to, String word) {
    if (to - from != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      int c = body[from + i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** POSIX seconds (or ms) as a number or digits, or RFC 3339 text; null when JSON null. */
  private Instant timestamp() {
    ByteScanner s = scan;
    int c = body[s.at];
    if (ByteScanner.startsNumber(c)) {
      s.number();
      if (!s.integral || s.negative || s.integerDigits > 18) {
        odd = true;
        return null;
      }
      long value = s.integerValue;
      return value > Timestamps.MAX_EPOCH_SECONDS ? Timestamps.epoch(value) : instant(value);
    }
    if (c == '"') {
      int open = s.at;
      int close = s.string();
      int length = close - open - 1;
      if (s.escaped || !s.ascii || length > MAX_TIMESTAMP_LENGTH) {
        odd = true;
        return null;
      }
      char[] chars = timestampChars;
      for (int i = 0; i < length; i++) {
        chars[i] = (char) body[open + 1 + i];
      }
      long seconds = Timestamps.wholeSeconds(chars, 0, length);
      Instant value = seconds != Timestamps.NOT_WHOLE_SECONDS
          ? instant(seconds) : Timestamps.parse(chars, 0, length);
      if (value == null) {
        odd = true;
      }
      return value;
    }
    if (c == 'n') {
      s.literal();
      return null;
    }
    oddValue();
    return null;
  }

  /**
   * One {@link Instant} per second seen lately: stations of a feed share few distinct report
   * times, and 100,000 stations made 100,000 equal instants.
   */
  private Instant instant(long epochSecond) {
    int slot = (int) epochSecond & (recentInstants.length - 1);
    Instant cached = recentInstants[slot];
    if (cached == null || cached.getEpochSecond() != epochSecond) {
      cached = Instant.ofEpochSecond(epochSecond);
      recentInstants[slot] = cached;
    }
    return cached;
  }

  /** GBFS 2.1+: {@code [{vehicle_type_id, count}]}, counted by the type's propulsion. */
  private void byVehicleType() {
    ByteScanner s = scan;
    int c = body[s.at];
    if (c == 'n') {
      s.literal();
      byVehicleTypePresent = false;
      return;
    }
    byVehicleTypePresent = true;
    if (types.isEmpty()) {
      // Without vehicle types the breakdown stays unknown: the list is only validated.
      s.skipValue(3);
      return;
    }
    if (c != '[') {
      oddValue();
      return;
    }
    s.at++;
    int mechanical = 0;
    int ebike = 0;
    if (s.next() == ']') {
      s.at++;
    } else {
      do {
        if (s.next() != '{') {
          oddValue();
          continue;
        }
        s.at++;
        Propulsion propulsion = null;
        typeIdPresent = false;
        int count = ABSENT;
        int keys = 0;
        if (s.next() != '}') {
          do {
            if (s.next() != '"') {
              throw ByteScanner.GIVE_UP;
            }
            // GBFS writes {"vehicle_type_id": ..., "count": ...} in this order.
            int key = s.name(VEHICLE_TYPE_ID) ? 1 : s.name(COUNT) ? 2 : otherKey();
            s.expect(':');
            s.next();
            if (key == 1) {
              keys = repeat(keys, 1);
              propulsion = propulsion();
            } else if (key == 2) {
              keys = repeat(keys, 2);
              count = count();
            } else {
              s.skipValue(5);
            }
          } while (s.more('}'));
        } else {
          s.at++;
        }
        if (!typeIdPresent || count == ABSENT) {
          odd = true;
        } else if (propulsion == Propulsion.MECHANICAL) {
          mechanical += count;
        } else if (propulsion == Propulsion.EBIKE) {
          ebike += count;
        }
      } while (s.more(']'));
    }
    byVehicleTypeMechanical = mechanical;
    byVehicleTypeEbike = ebike;
  }

  /** A key of a small nested object that is not one of those read: skipped, unless escaped. */
  private int otherKey() {
    scan.string();
    if (scan.escaped) {
      odd = true;
    }
    return 0;
  }

  /** The propulsion of a {@code vehicle_type_id}, looked up without making a String of it. */
  private Propulsion propulsion() {
    ByteScanner s = scan;
    int c = body[s.at];
    if (c == '"') {
      int open = s.at;
      int close = s.string();
      int from = open + 1;
      int to = close;
      while (from < to && body[from] == ' ') {
        from++;
      }
      while (to > from && body[to - 1] == ' ') {
        to--;
      }
      if (s.escaped || from == to) {
        odd = true;
        return null;
      }
      typeIdPresent = true;
      return s.ascii ? types.propulsion(body, from, to - from)
          : types.propulsion(new String(body, from, to - from, StandardCharsets.UTF_8));
    }
    String id = text();
    typeIdPresent = id != null;
    return id == null ? null : types.propulsion(id);
  }

  /**
   * Vélib': {@code [{"mechanical":n},{"ebike":m}]} (or one object), read by key, never by
   * position. A kind that is not listed stays unknown.
   */
  private void byTypeName() {
    ByteScanner s = scan;
    int c = body[s.at];
    byTypeNameMechanical = ABSENT;
    byTypeNameEbike = ABSENT;
    if (c == 'n') {
      s.literal();
      byTypeNamePresent = false;
      return;
    }
    byTypeNamePresent = true;
    if (c == '{') {
      typeCounts();
    } else if (c == '[') {
      s.at++;
      if (s.next() == ']') {
        s.at++;
        return;
      }
      do {
        if (s.next() == '{') {
          typeCounts();
        } else {
          oddValue();
        }
      } while (s.more(']'));
    } else {
      oddValue();
    }
  }

  private void typeCounts() {
    ByteScanner s = scan;
    s.at++;
    if (s.next() == '}') {
      s.at++;
      return;
    }
    int keys = 0;
    do {
      if (s.next() != '"') {
        throw ByteScanner.GIVE_UP;
      }
      int key = s.name(MECHANICAL) ? MECHANICAL_KEY
          : s.name(EBIKE) ? EBIKE_KEY
          : s.name(ELECTRIC) ? ELECTRIC_KEY
          : otherKind();
      s.expect(':');
      s.next();
      if (key == 0) {
        s.skipValue(5);
        continue;
      }
      keys = repeat(keys, key);
      int count = requiredCount();
      if (count == ABSENT) {
        continue;
      }
      if (key == MECHANICAL_KEY) {
        byTypeNameMechanical = plus(byTypeNameMechanical, count);
      } else {
        byTypeNameEbike = plus(byTypeNameEbike, count);
      }
    } while (s.more('}'));
  }

  /**
   * A key of a bike-type object that is not spelled exactly as a kind. The tree rules trim and
   * lower-case keys, so " Mechanical" (or a Unicode look-alike) counts: such an entry is odd.
   */
  private int otherKind() {
    int open = scan.at;
    int close = scan.string();
    if (scan.escaped || !scan.ascii) {
      odd = true;
      return 0;
    }
    String kind = new String(body, open + 1, close - open - 1, StandardCharsets.ISO_8859_1)
        .trim().toLowerCase(Locale.ROOT);
    if (kind.equals("mechanical") || kind.equals("ebike") || kind.equals("electric")) {
      odd = true;
    }
    return 0;
  }

  private int plus(int sum, int value) {
    if (sum == ABSENT) {
      return value;
    }
    if ((long) sum + value > Integer.MAX_VALUE) {
      // The tree rules overflow the same way; ABSENT must not be mistaken for a sum.
      odd = true;
    }
    return sum + value;
  }

  /** Adds a key to the keys seen in one small nested object; a repeat is odd. */
  private int repeat(int keys, int key) {
    if ((keys & key) != 0) {
      odd = true;
    }
    return keys | key;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
