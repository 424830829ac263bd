package io.citypulse.sources.postcode;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the resolver waits for the geocoder: a station at most {@code pendingTimeout} before
 * it is published under UNKNOWN; a point, or the whole geocoder after failures in a row,
 * {@code backoffInitial} doubling up to {@code backoffMax} before it is asked again.
 */
public record GeocodingWaits(
    Duration pendingTimeout, Duration backoffInitial, Duration backoffMax) {

  public static final GeocodingWaits DEFAULTS = new GeocodingWaits(
      PostcodeSettings.DEFAULT_PENDING_TIMEOUT,
      PostcodeSettings.DEFAULT_BACKOFF_INITIAL,
      PostcodeSettings.DEFAULT_BACKOFF_MAX);

  public GeocodingWaits {
    Objects.requireNonNull(pendingTimeout, "pendingTimeout");
    Objects.requireNonNull(backoffInitial, "backoffInitial");
    Objects.requireNonNull(backoffMax, "backoffMax");
  }
}
