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
 * Streaming fast path for {@code station_status} entries of every dialect; the rules are
 * {@link GbfsTreeReader#status}'s. Fields come in any order, so values wait in fields until the
 * entry's end.
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

  // Keys of one Vélib' num_bikes_available_types object.
  private static final int MECHANICAL_KEY = 1;
  private static final int EBIKE_KEY = 1 << 1;
  private static final int ELECTRIC_KEY = 1 << 2;

  // GBFS writes {"vehicle_type_id": ..., "count": ...} in this order.
  private static final SerializableString VEHICLE_TYPE_ID = new SerializedString("vehicle_type_id");
  private static final SerializableString COUNT = new SerializedString("count");

  private final VehicleTypes types;

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
    }
    return new StationStatus(stationId, stationCode, available, mechanical, ebike,
        docks == ABSENT ? null : docks, installed, renting, returning, lastReported);
  }

  /** GBFS 2.1+: {@code [{vehicle_type_id, count}]}, counted by the type's propulsion. */
  private void byVehicleType(JsonToken t, JsonParser p) throws IOException {
    byVehicleTypePresent = t != JsonToken.VALUE_NULL;
    if (!byVehicleTypePresent || types.isEmpty()) {
      // Without vehicle types the breakdown stays unknown: the list is not even looked at.
      p.skipChildren();
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
      boolean hasTypeId = false;
      Propulsion propulsion = null;
      int count = ABSENT;
      int keys = 0;
      String field = nextFieldName(p, VEHICLE_TYPE_ID);
      for (; field != null; field = nextFieldName(p, COUNT)) {
        JsonToken value = p.nextToken();
        if (field.equals("vehicle_type_id")) {
          keys = repeat(keys, 1);
          hasTypeId = value != JsonToken.VALUE_NULL;
          propulsion = propulsion(value, p);
        } else if (field.equals("count")) {
          keys = repeat(keys, 2);
          count = count(value, p);
        } else {
          p.skipChildren();
        }
      }
      if (!hasTypeId || count == ABSENT) {
        odd = true;
      } else if (propulsion == Propulsion.MECHANICAL) {
        mechanical += count;
      } else if (propulsion == Propulsion.EBIKE) {
        ebike += count;
      }
    }
    byVehicleTypeMechanical = mechanical;
    byVehicleTypeEbike = ebike;
  }

  /** The propulsion of a {@code vehicle_type_id}, looked up without making a String of it. */
  private Propulsion propulsion(JsonToken t, JsonParser p) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      char[] chars = p.getTextCharacters();
      int start = p.getTextOffset();
      int end = start + p.getTextLength();
      while (start < end && chars[start] <= ' ') {
        start++;
      }
      while (end > start && chars[end - 1] <= ' ') {
        end--;
      }
      if (start == end) {
        odd = true;
        return null;
      }
      return types.propulsion(chars, start, end - start);
    }
    String id = id(t, p);
    return id == null ? null : types.propulsion(id);
  }

  /**
   * Vélib': {@code [{"mechanical":n},{"ebike":m}]} (or one object), read by key, never by
   * position. A kind that is not listed stays unknown.
   */
  private void byTypeName(JsonToken t, JsonParser p) throws IOException {
    byTypeNamePresent = t != JsonToken.VALUE_NULL;
    byTypeNameMechanical = ABSENT;
    byTypeNameEbike = ABSENT;
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
    } else if (byTypeNamePresent) {
      oddValue(p);
    }
  }

  private void typeCounts(JsonParser p) throws IOException {
    int keys = 0;
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken value = p.nextToken();
      int key = kindKey(field);
      if (key == 0) {
        if (isBikeKind(field)) {
          // " Mechanical" and the like: the tree rules normalise the key.
          odd = true;
        }
        p.skipChildren();
        continue;
      }
      keys = repeat(keys, key);
      int count = requiredCount(value, p);
      if (count == ABSENT) {
        continue;
      }
      if (key == MECHANICAL_KEY) {
        byTypeNameMechanical = plus(byTypeNameMechanical, count);
      } else {
        byTypeNameEbike = plus(byTypeNameEbike, count);
      }
    }
  }

  /** Field names are interned by Jackson, so these equals() are identity checks when they match. */
  private static int kindKey(String field) {
    if (field.equals("mechanical")) {
      return MECHANICAL_KEY;
    }
    if (field.equals("ebike")) {
      return EBIKE_KEY;
    }
    return field.equals("electric") ? ELECTRIC_KEY : 0;
  }

  private static boolean isBikeKind(String key) {
    String kind = key.trim().toLowerCase(Locale.ROOT);
    return kind.equals("mechanical") || kind.equals("ebike") || kind.equals("electric");
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
