package io.citypulse.sources.weather;

import io.citypulse.sources.http.FeedFetcher;
import io.citypulse.sources.http.FeedResponse;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.postcode.RateLimiter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A weather API over HTTP: takes a permit from the rate limiter before every call (geocoding
 * included), fetches, and turns the response into a {@link WeatherFetch}. Names are geocoded once
 * per name and country when the API needs coordinates. Every URL and message it gives out or logs
 * has the key redacted. Thread-safe if the fetcher is.
 */
public final class HttpWeatherSource implements WeatherSource {
  private static final Logger LOG = LoggerFactory.getLogger(HttpWeatherSource.class);

  /** Geocoding calls made (Open-Meteo, locations given by name). */
  public static final String GEOCODE_LOOKUPS = "weather.geocode.lookups";

  public static final String GEOCODE_NOT_FOUND = "weather.geocode.not_found";

  private final WeatherApi api;
  private final FeedFetcher fetcher;
  private final RateLimiter limiter;
  private final Clock clock;
  private final KeyRedactor redactor;
  private final Counters counters;
  private final Map<String, WeatherLocation> geocoded = new ConcurrentHashMap<>();
  private final Map<String, String> unknownNames = new ConcurrentHashMap<>();

  /**
   * @param apiKey the key the api puts in its URLs, to redact; null when none
   */
  public HttpWeatherSource(
      WeatherApi api,
      String apiKey,
      FeedFetcher fetcher,
      RateLimiter limiter,
      Clock clock,
      Counters counters) {
    this.api = Objects.requireNonNull(api, "api");
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.redactor = new KeyRedactor(apiKey);
    this.counters = Objects.requireNonNull(counters, "counters");
  }

  @Override
  public String id() {
    return api.kind().id();
  }

  @Override
  public String describe() {
    WeatherLocation sample = new WeatherLocation("sample", null, null, 0.0, 0.0);
    URI url = redactor.redact(api.currentWeather(sample));
    String endpoint = url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath();
    String key = api.kind().requiresKey() ? " (key from " + api.kind().apiKeyEnv() + ")" : "";
    return id() + " at " + endpoint + key;
  }

  @Override
  public WeatherFetch fetch(WeatherLocation location) throws InterruptedException {
    WeatherLocation target = location;
    if (api.needsCoordinates() && !location.hasCoordinates()) {
      Object resolved = geocode(location);
      if (resolved instanceof WeatherFetch failure) {
        return failure;
      }
      target = (WeatherLocation) resolved;
    }
    URI url = api.currentWeather(target);
    URI shown = redactor.redact(url);
    limiter.acquire();
    FeedResponse response = fetcher.fetch(url, null);
    Instant fetchedAt = clock.instant();
    if (response instanceof FeedResponse.Ok ok) {
      WeatherParse parse = api.parse(ok.body(), target, fetchedAt);
      if (parse instanceof WeatherParse.Parsed parsed) {
        return new WeatherFetch.Observed(parsed.observation(), shown, ok.body());
      }
      if (parse instanceof WeatherParse.ApiError error) {
        // Some APIs answer 200 with an error body.
        return classify(error.status(), redactor.redact(error.message()), location);
      }
      return new WeatherFetch.Unreadable(
          redactor.redact(((WeatherParse.Malformed) parse).reason()), shown, ok.body());
    }
    if (response instanceof FeedResponse.HttpError error) {
      return classify(error.status(), errorMessage(error, target, fetchedAt), location);
    }
    return failure(response, location);
  }

  /** The location with coordinates, or the {@link WeatherFetch} saying why there are none. */
  private Object geocode(WeatherLocation location) throws InterruptedException {
    String name = location.name() + (location.country() == null ? "" : "," + location.country());
    String cacheKey = name.toLowerCase(Locale.ROOT);
    WeatherLocation cached = geocoded.get(cacheKey);
    if (cached != null) {
      return location.withCoordinates(cached.lat(), cached.lon(), cached.country());
    }
    String unknown = unknownNames.get(cacheKey);
    if (unknown != null) {
      return new WeatherFetch.UnknownLocation(unknown);
    }
    URI url = api.geocoding(location);
    limiter.acquire();
    counters.increment(GEOCODE_LOOKUPS);
    FeedResponse response = fetcher.fetch(url, null);
    if (response instanceof FeedResponse.Ok ok) {
      OpenMeteoGeocoding.Answer answer = OpenMeteoGeocoding.parse(ok.body());
      if (answer instanceof OpenMeteoGeocoding.Found found) {
        WeatherLocation place =
            location.withCoordinates(found.lat(), found.lon(), found.countryCode());
        geocoded.put(cacheKey, place);
        LOG.info(
            "Geocoded '{}' to {},{} ({}, {})",
            name,
            found.lat(),
            found.lon(),
            found.name(),
            found.countryCode());
        return place;
      }
      if (answer instanceof OpenMeteoGeocoding.NotFound) {
        counters.increment(GEOCODE_NOT_FOUND);
        String message = "no place named '" + name + "' in " + id() + " geocoding";
        unknownNames.put(cacheKey, message);
        return new WeatherFetch.UnknownLocation(message);
      }
      if (answer instanceof OpenMeteoGeocoding.Refused refused) {
        return new WeatherFetch.UnknownLocation(
            "geocoding refused '" + name + "': " + redactor.redact(refused.reason()));
      }
      return new WeatherFetch.Unreadable(
          "geocoding answer for '" + name + "': "
              + ((OpenMeteoGeocoding.Unreadable) answer).reason(),
          redactor.redact(url),
          ok.body());
    }
    if (response instanceof FeedResponse.HttpError error) {
      return classify(
          error.status(), "geocoding: " + redactor.redact(error.bodyExcerpt()), location);
    }
    return failure(response, location);
  }

  /** What an HTTP status means for the source: key refused, unknown place, slow down, or retry. */
  private WeatherFetch classify(int status, String message, WeatherLocation location) {
    String text = "HTTP " + status + (message == null || message.isBlank() ? "" : ": " + message);
    if (status == 401 || status == 403) {
      String fix =
          api.kind().requiresKey() ? "check " + api.kind().apiKeyEnv() : "check access to " + id();
      return new WeatherFetch.Unauthorized(id() + " refused the request (" + text + "): " + fix);
    }
    if (status == 400 || status == 404 || status == 410 || status == 422) {
      return new WeatherFetch.UnknownLocation(
          id() + " does not know '" + location.label() + "' (" + text + ")");
    }
    if (status == 429) {
      return new WeatherFetch.RateLimited(null, id() + " rate limit reached (" + text + ")");
    }
    return new WeatherFetch.Failed("http_error", id() + " " + text);
  }

  private WeatherFetch failure(FeedResponse response, WeatherLocation location) {
    if (response instanceof FeedResponse.RateLimited limited) {
      return new WeatherFetch.RateLimited(
          limited.retryAfter(),
          id() + " rate limit reached (" + response.describe() + ") for '" + location.label()
              + "'");
    }
    String kind = response.kind().name().toLowerCase(Locale.ROOT);
    return new WeatherFetch.Failed(kind, redactor.redact(id() + " " + response.describe()));
  }

  /** The API's own message from an error body, else the start of the body. */
  private String errorMessage(
      FeedResponse.HttpError error, WeatherLocation location, Instant fetchedAt) {
    String excerpt = error.bodyExcerpt();
    WeatherParse parse = api.parse(excerpt.getBytes(StandardCharsets.UTF_8), location, fetchedAt);
    String message = parse instanceof WeatherParse.ApiError apiError ? apiError.message() : excerpt;
    return redactor.redact(message);
  }
}
