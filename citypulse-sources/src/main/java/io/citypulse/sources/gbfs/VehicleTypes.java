package io.citypulse.sources.gbfs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Vehicle types of a system by id: maps GBFS {@code vehicle_types_available} counts to bike kinds. */
public final class VehicleTypes {

  /** No vehicle types known: a {@code vehicle_types_available} breakdown then stays unknown. */
  public static final VehicleTypes NONE = new VehicleTypes(Map.of());

  private final Map<String, Propulsion> propulsionById;

  private VehicleTypes(Map<String, Propulsion> propulsionById) {
    this.propulsionById = Map.copyOf(propulsionById);
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
