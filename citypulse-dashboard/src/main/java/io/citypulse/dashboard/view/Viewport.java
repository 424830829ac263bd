package io.citypulse.dashboard.view;

import java.util.Locale;

/**
 * What a page shows: a bounding box in degrees, the map's zoom and, optionally, one system. Also
 * the box in {@link WebMercator} units, which the index compares positions with.
 *
 * @param system a system id, or null for every system
 */
public record Viewport(
    double west, double south, double east, double north, int zoom, String system) {
  /** Leaflet's and OpenStreetMap's deepest zoom is 19; a few more cost nothing to allow. */
  public static final int MAX_ZOOM = 22;

  private static final int MAX_SYSTEM_LENGTH = 200;

  public Viewport {
    check(
        Double.isFinite(west)
            && Double.isFinite(south)
            && Double.isFinite(east)
            && Double.isFinite(north),
        "bbox must be four finite numbers");
    check(west >= -180 && east <= 180, "bbox longitudes must be within -180..180");
    check(south >= -90 && north <= 90, "bbox latitudes must be within -90..90");
    check(
        west < east, "bbox west must be less than east (a box across longitude 180 is two boxes)");
    check(south < north, "bbox south must be less than north");
    check(zoom >= 0 && zoom <= MAX_ZOOM, "zoom must be an integer from 0 to " + MAX_ZOOM);
    if (system != null && system.isBlank()) {
      system = null;
    }
    check(system == null || system.length() <= MAX_SYSTEM_LENGTH, "system id too long");
  }

  /** The whole map at {@code zoom}. */
  public static Viewport world(int zoom) {
    return new Viewport(-180, -90, 180, 90, zoom, null);
  }

  /** The same box and zoom for one system (null: every system). */
  public Viewport withSystem(String id) {
    return new Viewport(west, south, east, north, zoom, id);
  }

  /**
   * Reads the query parameters {@code bbox=west,south,east,north}, {@code zoom} and {@code
   * system}.
   *
   * @throws IllegalArgumentException with a message meant for the caller when a value is missing
   *     or wrong
   */
  public static Viewport parse(String bbox, String zoom, String system) {
    check(
        bbox != null && !bbox.isBlank(),
        "bbox is required for a map view: bbox=west,south,east,north (degrees)");
    check(zoom != null && !zoom.isBlank(), "zoom is required for a map view: zoom=0.." + MAX_ZOOM);
    String[] parts = bbox.split(",", -1);
    check(
        parts.length == 4, "bbox must be west,south,east,north (four numbers), got " + quote(bbox));
    double[] values = new double[4];
    for (int i = 0; i < 4; i++) {
      try {
        values[i] = Double.parseDouble(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "bbox must be west,south,east,north (four numbers), got " + quote(bbox));
      }
    }
    int level;
    try {
      level = Integer.parseInt(zoom.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "zoom must be an integer from 0 to " + MAX_ZOOM + ", got " + quote(zoom));
    }
    return new Viewport(values[0], values[1], values[2], values[3], level, system);
  }

  public double minX() {
    return WebMercator.x(west);
  }

  public double maxX() {
    return WebMercator.x(east);
  }

  /** North is up: the smaller y. */
  public double minY() {
    return WebMercator.y(north);
  }

  public double maxY() {
    return WebMercator.y(south);
  }

  /** Whether a position (in mercator units) is in the box (edges included). */
  public boolean contains(double x, double y) {
    return x >= minX() && x <= maxX() && y >= minY() && y <= maxY();
  }

  /** Whether a station of {@code stationSystem} is one this view shows. */
  public boolean shows(String stationSystem) {
    return system == null || system.equals(stationSystem);
  }

  private static String quote(String value) {
    String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
    return "\"" + shown.replace("\"", "'") + "\"";
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "bbox=%s,%s,%s,%s zoom=%d system=%s", west, south, east, north, zoom, system);
  }
}
