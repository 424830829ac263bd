package io.citypulse.sources.postcode;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeLocation;
import io.citypulse.sources.metrics.Counters;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the IGN Géoplateforme reverse geocoder ({@code GET /geocodage/reverse}, the BAN
 * address index, same GeoJSON answer as api-adresse.data.gouv.fr): point in, postcode out.
 *
 * <p>Rate limited by a {@link RateLimiter}. After a 429 it stops calling until the
 * {@code Retry-After} instant and answers {@link GeocodeResult.Status#RATE_LIMITED} meanwhile:
 * the service refuses every request of a client over its limit, so insisting only prolongs it.
 * Counts {@code geocoder.requests}, {@code geocoder.errors}, {@code geocoder.rate_limited}.
 */
public final class ReverseGeocoder {
  private static final Logger LOG = LoggerFactory.getLogger(ReverseGeocoder.class);

  /** Used when a 429 carries no usable {@code Retry-After}. */
  static final Duration DEFAULT_RATE_LIMIT_PAUSE = Duration.ofSeconds(5);

  private static final Duration MAX_RATE_LIMIT_PAUSE = Duration.ofHours(1);
  private static final Duration ERROR_LOG_INTERVAL = Duration.ofMinutes(1);

  /**
   * The address index answers with the nearest address however far it is (a point outside France
   * gets a French address hundreds of km away). Beyond this distance the answer is "not found".
   * 2 km still covers stations inside the Bois de Boulogne and de Vincennes.
   */
  static final double MAX_ADDRESS_DISTANCE_METERS = 2_000;

  private final HttpClient http;
  private final String reverseUrl;
  private final Duration timeout;
  private final RateLimiter limiter;
  private final Clock clock;
  private final Counters counters;
  private volatile Instant pausedUntil = Instant.MIN;
  private Instant lastErrorLog = Instant.MIN;
  private long errorsSinceLastLog;

  public ReverseGeocoder(
      HttpClient http,
      URI baseUrl,
      Duration timeout,
      RateLimiter limiter,
      Clock clock,
      Counters counters) {
    this.http = http;
    String base = baseUrl.toString();
    this.reverseUrl =
        (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/geocodage/reverse";
    this.timeout = timeout;
    this.limiter = limiter;
    this.clock = clock;
    this.counters = counters;
  }

  /** The postcode at this point; never throws. Blocks for the rate limit and the request. */
  public GeocodeResult reverse(double lat, double lon) {
    if (isPaused()) {
      return GeocodeResult.rateLimited(pausedUntil, "paused after HTTP 429");
    }
    URI uri = requestUri(lat, lon);
    try {
      limiter.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return GeocodeResult.failed("interrupted");
    }
    if (isPaused()) { // another thread got a 429 while this one waited for its permit
      return GeocodeResult.rateLimited(pausedUntil, "paused after HTTP 429");
    }
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Accept", "application/json")
        .header("User-Agent", "citypulse")
        .GET()
        .build();
    counters.increment("geocoder.requests");
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      return error(uri, "timeout after " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return error(uri, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return GeocodeResult.failed("interrupted");
    }
    int status = response.statusCode();
    if (status == 429) {
      Duration pause = retryAfter(response.headers().firstValue("Retry-After"), clock.instant());
      pausedUntil = clock.instant().plus(pause);
      counters.increment("geocoder.errors");
      counters.increment("geocoder.rate_limited");
      LOG.warn(
          "geocoder answered 429 Too Many Requests; pausing geocoding for {} s", pause.toSeconds());
      return GeocodeResult.rateLimited(pausedUntil, "HTTP 429");
    }
    if (status != 200) {
      // 5xx is the service's trouble; other 4xx are ours (wrong base URL, bad parameters). Neither
      // says anything about the place, so neither may be cached as "no postcode".
      return error(uri, "HTTP " + status);
    }
    GeocodeResult result = parse(response.body(), lat, lon);
    if (result.status() == GeocodeResult.Status.FAILED) {
      return error(uri, result.detail());
    }
    return result;
  }

  /** When geocoding may resume after a 429; {@link Instant#MIN} when not paused. */
  public Instant pausedUntil() {
    return pausedUntil;
  }

  private boolean isPaused() {
    return clock.instant().isBefore(pausedUntil);
  }

  URI requestUri(double lat, double lon) {
    return URI.create(String.format(
        Locale.ROOT, "%s?lon=%.6f&lat=%.6f&index=address&limit=1", reverseUrl, lon, lat));
  }

  /**
   * Reads a GeoJSON FeatureCollection answer. The first feature's {@code properties.postcode} and
   * {@code properties.city} make the location; no feature, or one too far away, is NOT_FOUND; a
   * body that is not such a collection is FAILED (a proxy error page, a truncated body).
   */
  static GeocodeResult parse(byte[] body, double lat, double lon) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      return GeocodeResult.failed("response is not JSON");
    }
    if (root == null || !root.path("features").isArray()) {
      return GeocodeResult.failed("response has no features array");
    }
    JsonNode features = root.get("features");
    if (features.isEmpty()) {
      return GeocodeResult.notFound("no address near this point");
    }
    JsonNode feature = features.get(0);
    JsonNode properties = feature.path("properties");
    String postcode = text(properties.path("postcode"));
    if (postcode == null) {
      return GeocodeResult.notFound("nearest address has no postcode");
    }
    Optional<Double> distance = distanceMeters(feature, lat, lon);
    if (distance.isPresent() && distance.get() > MAX_ADDRESS_DISTANCE_METERS) {
      return GeocodeResult.notFound(
          String.format(Locale.ROOT, "nearest address is %.0f m away", distance.get()));
    }
    return GeocodeResult.found(new PostcodeLocation(
        postcode, text(properties.path("city")), PostcodeLocation.Source.GEOCODER));
  }

  /** From the feature's point if it has one, else from its {@code distance} property (metres). */
  private static Optional<Double> distanceMeters(JsonNode feature, double lat, double lon) {
    JsonNode coordinates = feature.path("geometry").path("coordinates");
    if (coordinates.isArray()
        && coordinates.size() >= 2
        && coordinates.get(0).isNumber()
        && coordinates.get(1).isNumber()) {
      return Optional.of(haversineMeters(
          lat, lon, coordinates.get(1).asDouble(), coordinates.get(0).asDouble()));
    }
    JsonNode distance = feature.path("properties").path("distance");
    return distance.isNumber() ? Optional.of(distance.asDouble()) : Optional.empty();
  }

  static double haversineMeters(double lat1, double lon1, double lat2, double lon2) {
    double earthRadius = 6_371_000;
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a = Math.pow(Math.sin(dLat / 2), 2)
        + Math.cos(Math.toRadians(lat1))
            * Math.cos(Math.toRadians(lat2))
            * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * earthRadius * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  /** Retry-After is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3). */
  static Duration retryAfter(Optional<String> header, Instant now) {
    if (header.isEmpty() || header.get().isBlank()) {
      return DEFAULT_RATE_LIMIT_PAUSE;
    }
    String value = header.get().trim();
    Duration pause;
    try {
      pause = Duration.ofSeconds(Long.parseLong(value));
    } catch (NumberFormatException notSeconds) {
      try {
        pause = Duration.between(
            now,
            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      } catch (DateTimeParseException notADate) {
        return DEFAULT_RATE_LIMIT_PAUSE;
      }
    }
    if (pause.isNegative() || pause.isZero()) {
      return Duration.ofSeconds(1);
    }
    return pause.compareTo(MAX_RATE_LIMIT_PAUSE) > 0 ? MAX_RATE_LIMIT_PAUSE : pause;
  }

  private GeocodeResult error(URI uri, String detail) {
    counters.increment("geocoder.errors");
    logThrottled(uri, detail);
    return GeocodeResult.failed(detail);
  }

  /** An outage fails every station: one line a minute, with the count, instead of 1,500. */
  private synchronized void logThrottled(URI uri, String detail) {
    errorsSinceLastLog++;
    Instant now = clock.instant();
    if (!now.isBefore(lastErrorLog.plus(ERROR_LOG_INTERVAL))) {
      LOG.warn(
          "geocoder request failed ({}): {} [{} failures since last report]",
          detail,
          uri,
          errorsSinceLastLog);
      lastErrorLog = now;
      errorsSinceLastLog = 0;
    }
  }

  private static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    String value = node.asText().trim();
    return value.isEmpty() ? null : value;
  }
}
