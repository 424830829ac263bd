package io.citypulse.sources.postcode;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How stations get their postcode: an optional user table, the reverse geocoder and its limits.
 *
 * @param tableFile the {@code --postcodes} CSV ({@code stationCode,station_id,postcode,city}), or
 *     null for none
 * @param geocoderEnabled whether stations without a feed or table postcode are reverse geocoded
 * @param geocoderBaseUrl the Géoplateforme base URL; null means {@link #DEFAULT_GEOCODER_BASE_URL}
 * @param geocoderMaxRequestsPerSecond request rate ceiling; the service allows 50/s per IP
 * @param geocoderTimeout connect and response timeout of one request; null means the default
 * @param cacheDir the state directory holding the geocode cache, or null for a memory-only cache
 * @param pendingTimeout longest a station waits for the geocoder before it is published under
 *     UNKNOWN (it moves when the geocoder answers); null means {@link #DEFAULT_PENDING_TIMEOUT}
 * @param backoffInitial first wait before a point, or the whole geocoder after failures in a row,
 *     is asked again; doubles up to {@code backoffMax}; null means {@link #DEFAULT_BACKOFF_INITIAL}
 * @param backoffMax longest such wait; null means {@link #DEFAULT_BACKOFF_MAX}
 */
public record PostcodeSettings(
    Path tableFile,
    boolean geocoderEnabled,
    URI geocoderBaseUrl,
    double geocoderMaxRequestsPerSecond,
    Duration geocoderTimeout,
    Path cacheDir,
    Duration pendingTimeout,
    Duration backoffInitial,
    Duration backoffMax) {

  /** IGN Géoplateforme, which serves {@code /geocodage/reverse} without an API key. */
  public static final URI DEFAULT_GEOCODER_BASE_URL = URI.create("https://data.geopf.fr");

  /**
   * Below the documented 50 requests/s per IP: the service answers 429 to every request of a
   * client above it (geoservices.ign.fr, "Service Géoplateforme de géocodage", Limite d'usage).
   */
  public static final double DEFAULT_MAX_REQUESTS_PER_SECOND = 40;

  public static final Duration DEFAULT_GEOCODER_TIMEOUT = Duration.ofSeconds(10);

  /**
   * About one poll at {@code gbfs.max-interval}: the ~1,500 Vélib' stations are geocoded in ~40 s
   * at 40 requests/s, so a healthy first start places them all before any times out.
   */
  public static final Duration DEFAULT_PENDING_TIMEOUT = Duration.ofSeconds(60);

  public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofMinutes(30);

  public PostcodeSettings {
    if (geocoderBaseUrl == null) {
      geocoderBaseUrl = DEFAULT_GEOCODER_BASE_URL;
    }
    if (geocoderTimeout == null) {
      geocoderTimeout = DEFAULT_GEOCODER_TIMEOUT;
    }
    if (pendingTimeout == null) {
      pendingTimeout = DEFAULT_PENDING_TIMEOUT;
    }
    if (backoffInitial == null) {
      backoffInitial = DEFAULT_BACKOFF_INITIAL;
    }
    if (backoffMax == null) {
      backoffMax = DEFAULT_BACKOFF_MAX;
    }
    if (!(geocoderMaxRequestsPerSecond > 0) || Double.isInfinite(geocoderMaxRequestsPerSecond)) {
      throw new IllegalArgumentException(
          "geocoder max requests per second must be positive, got " + geocoderMaxRequestsPerSecond);
    }
    requirePositive("geocoder timeout", geocoderTimeout);
    requirePositive("pending timeout", pendingTimeout);
    requirePositive("geocoder backoff initial", backoffInitial);
    requirePositive("geocoder backoff max", backoffMax);
    if (backoffMax.compareTo(backoffInitial) < 0) {
      throw new IllegalArgumentException("geocoder backoff max (" + backoffMax
          + ") must not be shorter than its initial wait (" + backoffInitial + ")");
    }
  }

  /** The settings without the pending timeout and backoff, which take their defaults. */
  public PostcodeSettings(
      Path tableFile,
      boolean geocoderEnabled,
      URI geocoderBaseUrl,
      double geocoderMaxRequestsPerSecond,
      Duration geocoderTimeout,
      Path cacheDir) {
    this(
        tableFile,
        geocoderEnabled,
        geocoderBaseUrl,
        geocoderMaxRequestsPerSecond,
        geocoderTimeout,
        cacheDir,
        null,
        null,
        null);
  }

  /** Geocoder on with the default endpoint, rate and timeout; no table. */
  public static PostcodeSettings defaults(Path cacheDir) {
    return new PostcodeSettings(
        null,
        true,
        DEFAULT_GEOCODER_BASE_URL,
        DEFAULT_MAX_REQUESTS_PER_SECOND,
        DEFAULT_GEOCODER_TIMEOUT,
        cacheDir);
  }

  public PostcodeSettings withTableFile(Path file) {
    return new PostcodeSettings(
        file,
        geocoderEnabled,
        geocoderBaseUrl,
        geocoderMaxRequestsPerSecond,
        geocoderTimeout,
        cacheDir,
        pendingTimeout,
        backoffInitial,
        backoffMax);
  }

  public PostcodeSettings withGeocoderEnabled(boolean enabled) {
    return new PostcodeSettings(
        tableFile,
        enabled,
        geocoderBaseUrl,
        geocoderMaxRequestsPerSecond,
        geocoderTimeout,
        cacheDir,
        pendingTimeout,
        backoffInitial,
        backoffMax);
  }

  public PostcodeSettings withGeocoderBaseUrl(URI baseUrl) {
    return new PostcodeSettings(
        tableFile,
        geocoderEnabled,
        baseUrl,
        geocoderMaxRequestsPerSecond,
        geocoderTimeout,
        cacheDir,
        pendingTimeout,
        backoffInitial,
        backoffMax);
  }

  /** The same settings with another pending timeout and geocoder backoff. */
  public PostcodeSettings withWaits(Duration pending, Duration initial, Duration max) {
    return new PostcodeSettings(
        tableFile,
        geocoderEnabled,
        geocoderBaseUrl,
        geocoderMaxRequestsPerSecond,
        geocoderTimeout,
        cacheDir,
        pending,
        initial,
        max);
  }

  /** The waits the resolver applies. */
  public GeocodingWaits waits() {
    return new GeocodingWaits(pendingTimeout, backoffInitial, backoffMax);
  }

  private static void requirePositive(String what, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
  }
}
