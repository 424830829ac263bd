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
 */
public record PostcodeSettings(
    Path tableFile,
    boolean geocoderEnabled,
    URI geocoderBaseUrl,
    double geocoderMaxRequestsPerSecond,
    Duration geocoderTimeout,
    Path cacheDir) {

  /** IGN Géoplateforme, which serves {@code /geocodage/reverse} without an API key. */
  public static final URI DEFAULT_GEOCODER_BASE_URL = URI.create("https://data.geopf.fr");

  /**
   * Below the documented 50 requests/s per IP: the service answers 429 to every request of a
   * client above it (geoservices.ign.fr, "Service Géoplateforme de géocodage", Limite d'usage).
   */
  public static final double DEFAULT_MAX_REQUESTS_PER_SECOND = 40;

  public static final Duration DEFAULT_GEOCODER_TIMEOUT = Duration.ofSeconds(10);

  public PostcodeSettings {
    if (geocoderBaseUrl == null) {
      geocoderBaseUrl = DEFAULT_GEOCODER_BASE_URL;
    }
    if (geocoderTimeout == null) {
      geocoderTimeout = DEFAULT_GEOCODER_TIMEOUT;
    }
    if (!(geocoderMaxRequestsPerSecond > 0) || Double.isInfinite(geocoderMaxRequestsPerSecond)) {
      throw new IllegalArgumentException(
          "geocoder max requests per second must be positive, got " + geocoderMaxRequestsPerSecond);
    }
    if (geocoderTimeout.isNegative() || geocoderTimeout.isZero()) {
      throw new IllegalArgumentException("geocoder timeout must be positive, got " + geocoderTimeout);
    }
  }

  /** Geocoder on with the default endpoint, rate and timeout; no table. */
  public static PostcodeSettings defaults(Path cacheDir) {
    return new PostcodeSettings(null, true, DEFAULT_GEOCODER_BASE_URL,
        DEFAULT_MAX_REQUESTS_PER_SECOND, DEFAULT_GEOCODER_TIMEOUT, cacheDir);
  }

  public PostcodeSettings withTableFile(Path file) {
    return new PostcodeSettings(file, geocoderEnabled, geocoderBaseUrl,
        geocoderMaxRequestsPerSecond, geocoderTimeout, cacheDir);
  }

  public PostcodeSettings withGeocoderEnabled(boolean enabled) {
    return new PostcodeSettings(tableFile, enabled, geocoderBaseUrl,
        geocoderMaxRequestsPerSecond, geocoderTimeout, cacheDir);
  }

  public PostcodeSettings withGeocoderBaseUrl(URI baseUrl) {
    return new PostcodeSettings(tableFile, geocoderEnabled, baseUrl,
        geocoderMaxRequestsPerSecond, geocoderTimeout, cacheDir);
  }
}
