package io.citypulse.sources.gbfs;

import io.citypulse.model.StationStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * A {@code station_status} entry of any dialect (GBFS 1.x/2.x/3.0, Vélib'), read over the bytes;
 * the rules are {@link GbfsTreeReader#status}'s. Fields come in any order: values wait in fields
 * until the entry's end.
 */
final class StatusEntryScanner extends EntryScanner<StationStatus> {
  // Entry fields, by code; 0 is a field not read.
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
  private static final byte[][] FIELD_NAMES = {
    null,
    ascii("station_id"),
    ascii("stationCode"),
    ascii("num_bikes_available"),
    ascii("num_vehicles_available"),
    ascii("num_docks_available"),
    ascii("is_installed"),
    ascii("is_renting"),
    ascii("is_returning"),
    ascii("last_reported"),
    ascii("vehicle_types_available"),
    ascii("num_bikes_available_types"),
    ascii("num_ebikes_available")
  };
  private static final byte[] VEHICLE_TYPE_ID = ascii("vehicle_type_id");
  private static final byte[] COUNT = ascii("count");
  private static final byte[] MECHANICAL = ascii("mechanical");
  private static final byte[] EBIKE = ascii("ebike");
  private static final byte[] ELECTRIC = ascii("electric");
  private static final byte[] CLASSIC = ascii("classic");
  private static final byte[] SMART = ascii("smart");
  private static final int MECHANICAL_KEY = 1;
  private static final int EBIKE_KEY = 1 << 1;
  private static final int ELECTRIC_KEY = 1 << 2;
  private static final int CLASSIC_KEY = 1 << 3;
  private static final int SMART_KEY = 1 << 4;

  private final VehicleTypes types;

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
  private boolean typeIdPresent;

  StatusEntryScanner(byte[] body, VehicleTypes types) {
    super(body, FIELD_NAMES);
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
  void value(int code) {
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
      case EBIKES -> ebikes = count();
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
    return new StationStatus(
        stationId,
        stationCode,
        available,
        mechanical,
        ebike,
        docks == ABSENT ? null : docks,
        installed,
        renting,
        returning,
        lastReported);
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
      // Without vehicle types only well-known ids say the kind: the tree rules read those.
      odd = true;
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

  /** The propulsion of a {@code vehicle_type_id}, looked up without making a String of it. */
  private Propulsion propulsion() {
    ByteScanner s = scan;
    int c = body[s.at];
    if (c == '"') {
      int open = s.at;
      int close = s.string();
      int from = open + 1;
      int to = close;
      from = trimmedFrom(from, to);
      to = trimmedTo(from, to);
      if (s.escaped || from == to) {
        odd = true;
        return null;
      }
      typeIdPresent = true;
      return s.ascii
          ? types.propulsion(body, from, to - from)
          : types.propulsion(new String(body, from, to - from, StandardCharsets.UTF_8));
    }
    String id = text();
    typeIdPresent = id != null;
    return id == null ? null : types.propulsion(id);
  }

  /**
   * Vélib': {@code [{"mechanical":n},{"ebike":m}]}, PBSC's and BCycle's single object, read by
   * key, never by position ({@link GbfsTreeReader#bikeKindKey}). A kind not listed stays unknown.
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
      int key = s.name(MECHANICAL)
          ? MECHANICAL_KEY
          : s.name(EBIKE)
              ? EBIKE_KEY
              : s.name(ELECTRIC)
                  ? ELECTRIC_KEY
                  : s.name(CLASSIC) ? CLASSIC_KEY : s.name(SMART) ? SMART_KEY : otherKind();
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
      if (key == MECHANICAL_KEY || key == CLASSIC_KEY || key == SMART_KEY) {
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
        .trim()
        .toLowerCase(Locale.ROOT);
    if (GbfsTreeReader.bikeKindKey(kind) != Propulsion.OTHER) {
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
