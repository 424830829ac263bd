package io.citypulse.sources.gbfs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.citypulse.model.StationStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

/**
 * Streaming fast path for {@code station_status} entries of any dialect (GBFS 1.x/2.x/3.0,
 * Vélib'); the rules are {@link GbfsTreeReader#status}'s. Fields come in any order: values wait
 * in fields until the entry's end.
 */
final class StatusStreamReader extends EntryStreamReader<StationStatus> {
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
  private static final int EBIKES = 12;

  // GBFS writes {"vehicle_type_id": ..., "count": ...} in this order.
  private static final SerializableString VEHICLE_TYPE_ID = new SerializedString("vehicle_type_id");
  private static final SerializableString COUNT = new SerializedString("count");
  private static final int MECHANICAL_KEY = 1;
  private static final int EBIKE_KEY = 1 << 1;
  private static final int ELECTRIC_KEY = 1 << 2;
  private static final int CLASSIC_KEY = 1 << 3;
  private static final int SMART_KEY = 1 << 4;

  private final VehicleTypes types;
  // One Instant per second seen lately: stations of a feed share few distinct report times.
  private final Instant[] recentInstants = new Instant[256];

  private String stationId;
  private String stationCode;
  private int bikes;
  private int vehicles;
  private int docks;
  private int ebikes;
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

  StatusStreamReader(VehicleTypes types) {
    this.types = types;
  }

  @Override
  void reset() {
    stationId = null;
    stationCode = null;
    bikes = ABSENT;
    vehicles = ABSENT;
    docks = ABSENT;
    ebikes = ABSENT;
    installed = true;
    renting = true;
    returning = true;
    lastReported = null;
    byVehicleTypePresent = false;
    byTypeNamePresent = false;
  }

  @Override
  int fieldCode(String name) {
    return switch (name) {
      case "station_id" -> STATION_ID;
      case "stationCode" -> STATION_CODE;
      case "num_bikes_available" -> BIKES;
      case "num_vehicles_available" -> VEHICLES;
      case "num_docks_available" -> DOCKS;
      case "is_installed" -> INSTALLED;
      case "is_renting" -> RENTING;
      case "is_returning" -> RETURNING;
      case "last_reported" -> LAST_REPORTED;
      case "vehicle_types_available" -> BY_VEHICLE_TYPE;
      case "num_bikes_available_types" -> BY_TYPE_NAME;
      case "num_ebikes_available" -> EBIKES;
      default -> SKIPPED;
    };
  }

  @Override
  void field(int code, JsonToken t, JsonParser p) throws IOException {
    switch (code) {
      case STATION_ID -> stationId = id(t, p);
      case STATION_CODE -> stationCode = optionalText(t, p);
      case BIKES -> bikes = count(t, p);
      case VEHICLES -> vehicles = count(t, p);
      case DOCKS -> docks = count(t, p);
      case INSTALLED -> installed = flag(t, p);
      case RENTING -> renting = flag(t, p);
      case RETURNING -> returning = flag(t, p);
      case LAST_REPORTED -> lastReported = timestamp(t, p);
      case BY_VEHICLE_TYPE -> byVehicleType(t, p);
      case BY_TYPE_NAME -> byTypeName(t, p);
      case EBIKES -> ebikes = count(t, p);
      default -> throw new IllegalStateException("no field with code " + code);
    }
  }

  @Override
  StationStatus build() {
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
    } else if (ebikes != ABSENT) {
      // Lyft/Motivate: num_bikes_available counts every bike, num_ebikes_available the e-bikes.
      mechanical = ebikes <= available ? available - ebikes : null;
      ebike = ebikes;
    }
    return new StationStatus(stationId, stationCode, available, mechanical, ebike,
        docks == ABSENT ? null : docks, installed, renting, returning, lastReported);
  }

  /** A station flag: true/false, 0/1 or their text; true when JSON null (absent). */
  private boolean flag(JsonToken t, JsonParser p) throws IOException {
    switch (t) {
      case VALUE_TRUE, VALUE_NULL -> {
        return true;
      }
      case VALUE_FALSE -> {
        return false;
      }
      case VALUE_NUMBER_INT -> {
        if (p.getNumberType() == JsonParser.NumberType.INT) {
          int value = p.getIntValue();
          if (value == 0 || value == 1) {
            return value == 1;
          }
        }
        odd = true;
        return true;
      }
      case VALUE_STRING -> {
        int word = flagWord(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (word < 0) {
          odd = true;
        }
        return word != 0;
      }
      default -> {
        oddValue(p);
        return true;
      }
    }
  }

  /**
   * 1 for "true"/"1", 0 for "false"/"0" (ASCII, any case, white space around), -1 for anything
   * else: the tree rules' lower-casing of other characters is theirs to apply.
   */
  private static int flagWord(char[] chars, int offset, int length) {
    int start = offset;
    int end = offset + length;
    while (start < end && chars[start] <= ' ') {
      start++;
    }
    while (end > start && chars[end - 1] <= ' ') {
      end--;
    }
    if (isWord(chars, start, end, "true") || isWord(chars, start, end, "1")) {
      return 1;
    }
    if (isWord(chars, start, end, "false") || isWord(chars, start, end, "0")) {
      return 0;
    }
    return -1;
  }

  private static boolean isWord(char[] chars, int start, int end, String word) {
    if (end - start != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      char c = chars[start + i];
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
  private Instant timestamp(JsonToken t, JsonParser p) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType type = p.getNumberType();
      if (type == JsonParser.NumberType.BIG_INTEGER) {
        odd = true;
        return null;
      }
      long value = p.getLongValue();
      if (value < 0) {
        odd = true;
        return null;
      }
      return value > Timestamps.MAX_EPOCH_SECONDS ? Timestamps.epoch(value) : instant(value);
    }
    if (t == JsonToken.VALUE_STRING) {
      char[] chars = p.getTextCharacters();
      int offset = p.getTextOffset();
      int length = p.getTextLength();
      long seconds = Timestamps.wholeSeconds(chars, offset, length);
      Instant value = seconds != Timestamps.NOT_WHOLE_SECONDS
          ? instant(seconds) : Timestamps.parse(chars, offset, length);
      if (value == null) {
        odd = true;
      }
      return value;
    }
    if (t != JsonToken.VALUE_NULL) {
      oddValue(p);
    }
    return null;
  }

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
  private void byVehicleType(JsonToken t, JsonParser p) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      byVehicleTypePresent = false;
      return;
    }
    byVehicleTypePresent = true;
    if (types.isEmpty()) {
      // Without vehicle types only well-known ids say the kind: the tree rules read those.
      oddValue(p);
      return;
    }
    if (t != JsonToken.START_ARRAY) {
      oddValue(p);
      return;
    }
    int mechanical = 0;
    int ebike = 0;
    JsonToken item;
    while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
      if (item != JsonToken.START_OBJECT) {
        oddValue(p);
        continue;
      }
      String typeId = null;
      int count = ABSENT;
      int keys = 0;
      for (String key = nextFieldName(p, VEHICLE_TYPE_ID); key != null;
          key = nextFieldName(p, COUNT)) {
        JsonToken value = p.nextToken();
        if (key.equals("vehicle_type_id")) {
          keys = repeat(keys, 1);
          typeId = id(value, p);
        } else if (key.equals("count")) {
          keys = repeat(keys, 2);
          count = count(value, p);
        } else {
          skip(value, p);
        }
      }
      if (typeId == null || count == ABSENT) {
        // "vehicle_types_available entry without count", a missing id...: the tree rules say.
        odd = true;
        continue;
      }
      Propulsion propulsion = types.propulsion(typeId);
      if (propulsion == Propulsion.MECHANICAL) {
        mechanical += count;
      } else if (propulsion == Propulsion.EBIKE) {
        ebike += count;
      }
    }
    byVehicleTypeMechanical = mechanical;
    byVehicleTypeEbike = ebike;
  }

  /**
   * Vélib': {@code [{"mechanical":n},{"ebike":m}]}, PBSC's and BCycle's single object, read by
   * key, never by position ({@link GbfsTreeReader#bikeKindKey}). A kind not listed stays unknown.
   */
  private void byTypeName(JsonToken t, JsonParser p) throws IOException {
    byTypeNameMechanical = ABSENT;
    byTypeNameEbike = ABSENT;
    if (t == JsonToken.VALUE_NULL) {
      byTypeNamePresent = false;
      return;
    }
    byTypeNamePresent = true;
    if (t == JsonToken.START_OBJECT) {
      typeCounts(p);
    } else if (t == JsonToken.START_ARRAY) {
      JsonToken item;
      while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
        if (item == JsonToken.START_OBJECT) {
          typeCounts(p);
        } else {
          oddValue(p);
        }
      }
    } else {
      oddValue(p);
    }
  }

  /** One object of kind counts; the current token is its {@code START_OBJECT}. */
  private void typeCounts(JsonParser p) throws IOException {
    int keys = 0;
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken value = p.nextToken();
      int key = switch (name) {
        case "mechanical" -> MECHANICAL_KEY;
        case "ebike" -> EBIKE_KEY;
        case "electric" -> ELECTRIC_KEY;
        case "classic" -> CLASSIC_KEY;
        case "smart" -> SMART_KEY;
        default -> otherKind(name);
      };
      if (key == 0) {
        skip(value, p);
        continue;
      }
      keys = repeat(keys, key);
      int count = count(value, p);
      if (count == ABSENT) {
        // JSON null is not a count here either: the tree rules reject the entry.
        odd = true;
        continue;
      }
      if (key == MECHANICAL_KEY || key == CLASSIC_KEY || key == SMART_KEY) {
        byTypeNameMechanical = plus(byTypeNameMechanical, count);
      } else {
        byTypeNameEbike = plus(byTypeNameEbike, count);
      }
    }
  }

  /**
   * A key of a bike-type object that is not spelled exactly as a kind. The tree rules trim and
   * lower-case keys, so " Mechanical" counts: such an entry is odd.
   */
  private int otherKind(String name) {
    if (GbfsTreeReader.bikeKindKey(name.trim().toLowerCase(Locale.ROOT)) != Propulsion.OTHER) {
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
}
