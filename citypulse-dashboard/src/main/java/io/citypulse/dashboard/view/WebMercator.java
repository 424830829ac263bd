package io.citypulse.dashboard.view;

/**
 * The projection of web maps (Leaflet, OpenStreetMap tiles), normalised to the unit square: x from
 * 0 (longitude -180) to 1 (+180), y from 0 (latitude +85.05) to 1 (-85.05). Grid cells are the map
 * tiles of a level: cell {@code (cx, cy)} of level {@code L} is tile {@code L/cx/cy}, so a cell of
 * level {@code zoom + 2} is a quarter of a tile on screen, 64 px, whatever the latitude.
 */
public final class WebMercator {
  /** The latitude where the projection's square ends (web maps show nothing beyond). */
  public static final double MAX_LATITUDE = 85.0511287798066;

  private WebMercator() {}

  public static double x(double lon) {
    return (lon + 180.0) / 360.0;
  }

  public static double y(double lat) {
    double clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
    double sin = Math.sin(Math.toRadians(clamped));
    return 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
  }

  public static double lon(double x) {
    return x * 360.0 - 180.0;
  }

  public static double lat(double y) {
    return Math.toDegrees(Math.atan(Math.sinh(Math.PI * (1 - 2 * y))));
  }

  /** The column (or row) of the cell of {@code level} holding {@code unit} (x or y), clamped. */
  public static int cell(int level, double unit) {
    int cells = 1 << level;
    int index = (int) Math.floor(unit * cells);
    return Math.max(0, Math.min(cells - 1, index));
  }

  /** One long per cell of any level up to 28: the level, the column and the row. */
  public static long cellId(int level, int cx, int cy) {
    return ((long) level << 56) | ((long) cx << 28) | cy;
  }

  public static int level(long cellId) {
    return (int) (cellId >>> 56);
  }

  public static int column(long cellId) {
    return (int) ((cellId >>> 28) & 0xFFFFFFF);
  }

  public static int row(long cellId) {
    return (int) (cellId & 0xFFFFFFF);
  }

  /** {@code west, south, east, north} in degrees of a cell, {@link #rounded}. */
  public static double[] bounds(int level, int cx, int cy) {
    double cells = 1 << level;
    return new double[] {
      rounded(lon(cx / cells)),
      rounded(lat((cy + 1) / cells)),
      rounded(lon((cx + 1) / cells)),
      rounded(lat(cy / cells))
    };
  }

  /**
   * Degrees to 6 decimals (11 cm): a position projected and back reads as the feed wrote it
   * (2.35, not 2.3499999999999943), and a cluster's JSON is shorter.
   */
  public static double rounded(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }
}
