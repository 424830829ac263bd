package io.citypulse.jobs.area;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The area key of a place without a postcode: the <a href="https://h3geo.org/">H3</a> cell
 * (Uber's hexagonal grid) holding a latitude/longitude at a resolution, as its 15-digit hex
 * address ({@code 881fb46625fffff}). Pure and offline: the same point and resolution give the
 * same cell on every machine, with no service to ask.
 *
 * <p>H3 is a native library inside the {@code com.uber:h3} jar; the first call extracts it to
 * {@code java.io.tmpdir} and loads it (about 10 ms), and a machine where that fails gets an
 * {@link IllegalStateException} naming the platform. One {@link H3Core} is shared: it holds no
 * state of its own, each call is a native call on its arguments.
 *
 * <p>H3 wraps a longitude of 200 to -160 and a latitude of 95 over the pole; this class refuses
 * coordinates outside [-90, 90] x [-180, 180] and non-finite ones with a message saying which: a
 * station at such a place is a feed error, and keying it to some cell would hide it.
 */
public final class GeoCell {
  /** The coarsest resolution: 122 cells over the Earth. */
  public static final int MIN_RESOLUTION = 0;

  /** The finest resolution: cells of about 1 m². */
  public static final int MAX_RESOLUTION = 15;

  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,16}");

  private GeoCell() {}

  /**
   * The address of the cell at {@code resolution} that holds the point.
   *
   * @throws IllegalArgumentException for a latitude outside [-90, 90], a longitude outside [-180,
   *     180], a non-finite coordinate or a resolution outside [0, 15]
   */
  public static String of(double latitude, double longitude, int resolution) {
    checkResolution(resolution);
    if (!Double.isFinite(latitude) || latitude < -90 || latitude > 90) {
      throw new IllegalArgumentException(
          "latitude " + latitude + " is not a latitude: expected degrees in [-90, 90]");
    }
    if (!Double.isFinite(longitude) || longitude < -180 || longitude > 180) {
      throw new IllegalArgumentException(
          "longitude " + longitude + " is not a longitude: expected degrees in [-180, 180]");
    }
    return h3().latLngToCellAddress(latitude, longitude, resolution);
  }

  /** Whether {@code address} is an H3 cell address ({@code 881fb46625fffff}). */
  public static boolean isCell(String address) {
    // H3 parses the text as hex first and throws NumberFormatException for anything else.
    return address != null && HEX.matcher(address).matches() && h3().isValidCell(address);
  }

  /**
   * The resolution of a cell address.
   *
   * @throws IllegalArgumentException if it is not a cell address
   */
  public static int resolution(String address) {
    checkCell(address);
    return h3().getResolution(address);
  }

  /**
   * The centre of a cell, {latitude, longitude} in degrees: where a map draws the cell's marker.
   *
   * @throws IllegalArgumentException if it is not a cell address
   */
  public static double[] centre(String address) {
    checkCell(address);
    LatLng centre = h3().cellToLatLng(address);
    return new double[] {centre.lat, centre.lng};
  }

  static void checkResolution(int resolution) {
    if (resolution < MIN_RESOLUTION || resolution > MAX_RESOLUTION) {
      throw new IllegalArgumentException("cell resolution " + resolution + " is out of range:"
          + " H3 resolutions go from " + MIN_RESOLUTION + " (continents) to " + MAX_RESOLUTION
          + " (about 1 m²)");
    }
  }

  private static void checkCell(String address) {
    if (!isCell(address)) {
      throw new IllegalArgumentException("'" + address + "' is not an H3 cell address");
    }
  }

  private static H3Core h3() {
    return Native.H3;
  }

  /** Loads the native library on first use only (a holder class: no lock on later calls). */
  private static final class Native {
    static final H3Core H3 = load();

    private static H3Core load() {
      try {
        return H3Core.newInstance();
      } catch (IOException | UnsatisfiedLinkError | IllegalArgumentException e) {
        throw new IllegalStateException(
            "cannot load the H3 native library for " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + " (extracted to java.io.tmpdir = "
                + System.getProperty("java.io.tmpdir") + ", which must be writable and"
                + " executable): " + e,
            e);
      }
    }
  }
}
