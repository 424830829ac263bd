package io.citypulse.jobs.area;

import java.util.Locale;
import java.util.Objects;

/**
 * The setting {@value #SETTING}: what a station's area is. {@code postcode} (the default) keys
 * stations by postcode (from the feed, the table or the geocoder); {@code cell:<resolution>} keys
 * them by the {@link GeoCell} holding them, which works anywhere, offline, postcode or not.
 *
 * <p>Resolutions, with H3's average cell area: 6 ≈ 36 km² (a town), 7 ≈ 5.2 km² (a district), 8
 * ≈ 0.74 km² (a neighbourhood), 9 ≈ 0.11 km² (a few blocks).
 *
 * @param kind postcode or cell
 * @param resolution the H3 resolution, 0 to 15, for {@link Kind#CELL}; {@value #NO_RESOLUTION} for
 *     {@link Kind#POSTCODE}
 */
public record AreaKeySpec(Kind kind, int resolution) implements java.io.Serializable {

  /** The configuration key. */
  public static final String SETTING = "aggregate.area";

  /** The resolution of the postcode spec, which has none. */
  public static final int NO_RESOLUTION = -1;

  /** Areas are postcodes: today's behaviour and the default. */
  public static final AreaKeySpec POSTCODE = new AreaKeySpec(Kind.POSTCODE, NO_RESOLUTION);

  private static final String FORMS = "expected postcode or cell:<resolution> with a resolution"
      + " from 0 to 15, e.g. cell:8 (cells of about 0.74 km²)";

  /** What keys an area. */
  public enum Kind {
    POSTCODE,
    CELL
  }

  public AreaKeySpec {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.POSTCODE && resolution != NO_RESOLUTION) {
      throw new IllegalArgumentException("a postcode area has no resolution, got " + resolution);
    }
    if (kind == Kind.CELL) {
      GeoCell.checkResolution(resolution);
    }
  }

  /** Areas are the H3 cells of this resolution (0 to 15). */
  public static AreaKeySpec cell(int resolution) {
    return new AreaKeySpec(Kind.CELL, resolution);
  }

  /**
   * The spec a setting value names: {@code postcode} or {@code cell:<resolution>}, ignoring case
   * and blanks around the parts.
   *
   * @throws IllegalArgumentException naming the setting, the value and the accepted forms
   */
  public static AreaKeySpec parse(String value) {
    String text = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    if (text.equals("postcode")) {
      return POSTCODE;
    }
    int colon = text.indexOf(':');
    String head = colon < 0 ? text : text.substring(0, colon).strip();
    if (!head.equals("cell")) {
      throw invalid(value, FORMS);
    }
    String digits = colon < 0 ? "" : text.substring(colon + 1).strip();
    if (digits.isEmpty()) {
      throw invalid(value, "a cell needs its resolution: " + FORMS);
    }
    if (!digits.matches("\\d+")) {
      throw invalid(value, "the resolution '" + digits + "' is not a whole number: " + FORMS);
    }
    if (digits.length() > 2 || Integer.parseInt(digits) > GeoCell.MAX_RESOLUTION) {
      throw invalid(value, "the resolution " + digits + " is above 15: " + FORMS);
    }
    return cell(Integer.parseInt(digits));
  }

  /**
   * The cell of a point under this spec.
   *
   * @throws IllegalStateException for the postcode spec, whose areas do not come from coordinates
   * @throws IllegalArgumentException for coordinates that are out of range or not finite
   */
  public String cellOf(double latitude, double longitude) {
    if (kind != Kind.CELL) {
      throw new IllegalStateException(SETTING + " = postcode: areas are postcodes, not cells");
    }
    return GeoCell.of(latitude, longitude, resolution);
  }

  /** The setting's value: {@code postcode} or {@code cell:8}. */
  @Override
  public String toString() {
    return kind == Kind.POSTCODE ? "postcode" : "cell:" + resolution;
  }

  private static IllegalArgumentException invalid(String value, String why) {
    return new IllegalArgumentException(SETTING + " = '" + value + "': " + why);
  }
}
