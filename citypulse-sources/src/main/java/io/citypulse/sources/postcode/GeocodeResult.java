package io.citypulse.sources.postcode;

import io.citypulse.model.PostcodeLocation;
import java.time.Instant;
import java.util.Objects;

/**
 * What one reverse-geocoding attempt gave. Only {@link Status#FOUND} and {@link Status#NOT_FOUND}
 * are answers about the place (cacheable); the other two say nothing about it and must be retried.
 *
 * @param location the postcode when {@code FOUND}, else {@link PostcodeLocation#UNKNOWN}
 * @param retryAfter when {@code RATE_LIMITED}: the earliest instant to ask again, else null
 * @param detail a short human reason for logs
 */
public record GeocodeResult(
    Status status, PostcodeLocation location, Instant retryAfter, String detail) {

  /** Outcome kinds. */
  public enum Status {
    FOUND,
    NOT_FOUND,
    FAILED,
    RATE_LIMITED
  }

  public GeocodeResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(location, "location");
  }

  public static GeocodeResult found(PostcodeLocation location) {
    return new GeocodeResult(Status.FOUND, location, null, "found");
  }

  public static GeocodeResult notFound(String detail) {
    return new GeocodeResult(Status.NOT_FOUND, PostcodeLocation.UNKNOWN, null, detail);
  }

  public static GeocodeResult failed(String detail) {
    return new GeocodeResult(Status.FAILED, PostcodeLocation.UNKNOWN, null, detail);
  }

  public static GeocodeResult rateLimited(Instant retryAfter, String detail) {
    return new GeocodeResult(Status.RATE_LIMITED, PostcodeLocation.UNKNOWN, retryAfter, detail);
  }

  /** True for answers about the place itself, which may be cached forever. */
  public boolean isDefinitive() {
    return status == Status.FOUND || status == Status.NOT_FOUND;
  }
}
