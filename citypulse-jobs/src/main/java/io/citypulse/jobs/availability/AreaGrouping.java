package io.citypulse.jobs.availability;

import io.citypulse.jobs.area.AreaKeySpec;
import io.citypulse.jobs.area.GeoCell;
import io.citypulse.model.StationKey;
import io.citypulse.model.StationRecord;
import java.io.Serializable;
import java.util.Objects;

/**
 * What the availability job sums stations into: areas (postcodes, or H3 cells where no postcode is
 * known) and, when several systems run at once, one total per system as well.
 *
 * <p>One system (the default): an area's key is its postcode, today's records unchanged. Several:
 * an area's key is {@code system:area} (two systems in one city keep separate totals; system ids
 * of the public catalogue contain no colon) and each system also gets one total, keyed by its id,
 * on {@code systemTotalsTopic}.
 *
 * @param areaKey postcode, or cell:R for postcode-where-known-else-cell
 * @param systemTotalsTopic the topic of the per-system totals, or null for one system
 */
public record AreaGrouping(AreaKeySpec areaKey, String systemTotalsTopic) implements Serializable {

  /** Postcodes, one system: the course brief's job. */
  public static final AreaGrouping POSTCODES = new AreaGrouping(AreaKeySpec.POSTCODE, null);

  public AreaGrouping {
    Objects.requireNonNull(areaKey, "areaKey");
    if (systemTotalsTopic != null && systemTotalsTopic.isBlank()) {
      throw new IllegalArgumentException("systemTotalsTopic must not be blank");
    }
  }

  /** Several systems: areas keyed {@code system:area}, plus one total per system. */
  public static AreaGrouping perSystem(AreaKeySpec areaKey, String systemTotalsTopic) {
    return new AreaGrouping(
        areaKey, Objects.requireNonNull(systemTotalsTopic, "systemTotalsTopic"));
  }

  public boolean isPerSystem() {
    return systemTotalsTopic != null;
  }

  /**
   * A station's area: its postcode when known; else, with {@code cell:R}, the H3 cell of its
   * place; else {@link StationRecord#UNKNOWN_POSTCODE}. A place outside the globe's ranges (a feed
   * error) stays unknown rather than being keyed to some cell.
   */
  String areaOf(String postcode, Double lat, Double lon) {
    if (postcode != null
        && !postcode.isBlank()
        && !postcode.equals(StationRecord.UNKNOWN_POSTCODE)) {
      return postcode;
    }
    if (areaKey.kind() == AreaKeySpec.Kind.CELL && lat != null && lon != null) {
      try {
        return GeoCell.of(lat, lon, areaKey.resolution());
      } catch (IllegalArgumentException e) {
        return StationRecord.UNKNOWN_POSTCODE;
      }
    }
    return StationRecord.UNKNOWN_POSTCODE;
  }

  /** The output key of an area's totals. */
  String areaKey(String system, String area) {
    return isPerSystem() ? StationKey.of(system == null ? "" : system, area) : area;
  }
}
