package io.citypulse.sources.gbfs;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Vehicle types of a system by id: maps GBFS {@code vehicle_types_available} counts to bike kinds. */
public final class VehicleTypes {

  /** No vehicle types known: a {@code vehicle_types_available} breakdown then stays unknown. */
  public static final VehicleTypes NONE = new VehicleTypes(Map.of());

  /** Up to this many types are looked up by comparing characters, beyond it through the map. */
  private static final int SCAN_LIMIT = 16;

  private final Map<String, Propulsion> propulsionById;
  // The same entries as arrays: the station_status reader looks ids up in the body's bytes, two
  // per station in GBFS 2.1+/3.0, without making a String of each.
  private final String[] ids;
  private final Propulsion[] propulsions;

  private VehicleTypes(Map<String, Propulsion> propulsionById) {
    this.propulsionById = Map.copyOf(propulsionById);
    this.ids = propulsionById.keySet().toArray(new String[0]);
    this.propulsions = propulsionById.values().toArray(new Propulsion[0]);
  }

  public static VehicleTypes of(List<VehicleType> types) {
    Map<String, Propulsion> byId = new LinkedHashMap<>();
    types.forEach(type -> byId.put(type.vehicleTypeId(), type.propulsion()));
    return new VehicleTypes(byId);
  }

  /** The propulsion of a type id, or null when the id is not listed. */
  public Propulsion propulsion(String vehicleTypeId) {
    return propulsionById.get(vehicleTypeId);
  }

  /** {@link #propulsion(String)} of the ASCII id held in {@code bytes[offset, offset + length)}. */
  Propulsion propulsion(byte[] bytes, int offset, int length) {
    if (ids.length > SCAN_LIMIT) {
      return propulsionById.get(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
    }
    for (int i = 0; i < ids.length; i++) {
      if (sameChars(ids[i], bytes, offset, length)) {
        return propulsions[i];
      }
    }
    return null;
  }

  private static boolean sameChars(String id, byte[] bytes, int offset, int length) {
    if (id.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (id.charAt(i) != bytes[offset + i]) {
        return false;
      }
    }
    return true;
  }

  public boolean isEmpty() {
    return propulsionById.isEmpty();
  }

  public int size() {
    return propulsionById.size();
  }

  @Override
  public String toString() {
    return "VehicleTypes" + propulsionById;
  }
}
