package io.citypulse.sources.weather;

import io.citypulse.sources.weather.scrape.ScraperSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything a weather source and its poller need. Start from {@link #defaults} and adjust with the
 * {@code with...} methods. {@link #toString()} never shows the API key.
 *
 * @param apiKey the source's key (null for Open-Meteo and the generator); never logged
 * @param baseUrl the API's base URL (tests: a local server); the paths are appended to it. For
 *     the scraper, null (the recipe's URLs) or a site replacing the recipe's scheme and host
 * @param geocodingUrl Open-Meteo geocoding's base URL (Open-Meteo only)
 * @param rateLimit client-side request budget; null for the generator
 * @param seed the generator's seed
 * @param scraper the scraper's recipe and politeness (the scraper only, else null)
 */
public record WeatherSettings(
    WeatherSourceKind kind,
    List<WeatherLocation> locations,
    Duration interval,
    String apiKey,
    URI baseUrl,
    URI geocodingUrl,
    WeatherRateLimit rateLimit,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration backoffInitial,
    Duration backoffMax,
    long seed,
    ScraperSettings scraper) {

  public WeatherSettings {
    Objects.requireNonNull(kind, "kind");
    locations = List.copyOf(Objects.requireNonNull(locations, "locations"));
    if (locations.isEmpty()) {
      throw new IllegalArgumentException("no weather location configured");
    }
    if (locations.stream().map(WeatherLocation::key).distinct().count() != locations.size()) {
      throw new IllegalArgumentException(
          "weather location keys must be unique: " + keys(locations));
    }
    positive(interval, "weather interval");
    positive(connectTimeout, "weather connect timeout");
    positive(requestTimeout, "weather request timeout");
    positive(backoffInitial, "weather backoff initial");
    positive(backoffMax, "weather backoff max");
    if (backoffMax.compareTo(backoffInitial) < 0) {
      throw new IllegalArgumentException(
          "weather backoff max " + backoffMax + " is below initial " + backoffInitial);
    }
    apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    if (kind.requiresKey() && apiKey == null) {
      throw new IllegalArgumentException(kind.id() + " needs an API key: set " + kind.apiKeyEnv()
          + " (or use open-meteo, which needs none)");
    }
    if (kind.hasBaseUrl()) {
      baseUrl = directory(Objects.requireNonNull(baseUrl, "base URL of " + kind.id()));
    } else if (baseUrl != null) {
      // The scraper's override of its recipe's site (a local copy, a mirror).
      baseUrl = directory(baseUrl);
    }
    if (kind != WeatherSourceKind.GENERATOR) {
      Objects.requireNonNull(rateLimit, "rate limit of " + kind.id());
    }
    if (kind == WeatherSourceKind.SCRAPER) {
      Objects.requireNonNull(scraper, "scraper settings");
    }
    if (kind == WeatherSourceKind.OPEN_METEO) {
      geocodingUrl = directory(Objects.requireNonNull(geocodingUrl, "geocoding URL of open-meteo"));
    }
  }

  /**
   * The kind's public URLs, interval and free-tier rate limit; 5 s to connect, 10 s per request,
   * backoff from 5 s to 10 min; seed 42.
   */
  public static WeatherSettings defaults(
      WeatherSourceKind kind, String apiKey, List<WeatherLocation> locations) {
    return new WeatherSettings(
        kind,
        locations,
        kind.defaultInterval(),
        apiKey,
        kind.defaultBaseUrl(),
        kind == WeatherSourceKind.OPEN_METEO ? WeatherSourceKind.OPEN_METEO_GEOCODING : null,
        kind.defaultRateLimit(),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        Duration.ofMinutes(10),
        42L,
        kind == WeatherSourceKind.SCRAPER ? ScraperSettings.NOT_CHOSEN : null);
  }

  public WeatherSettings withInterval(Duration newInterval) {
    return new WeatherSettings(
        kind,
        locations,
        newInterval,
        apiKey,
        baseUrl,
        geocodingUrl,
        rateLimit,
        connectTimeout,
        requestTimeout,
        backoffInitial,
        backoffMax,
        seed,
        scraper);
  }

  public WeatherSettings withLocations(List<WeatherLocation> newLocations) {
    return new WeatherSettings(
        kind,
        newLocations,
        interval,
        apiKey,
        baseUrl,
        geocodingUrl,
        rateLimit,
        connectTimeout,
        requestTimeout,
        backoffInitial,
        backoffMax,
        seed,
        scraper);
  }

  /** @param newGeocodingUrl Open-Meteo only; ignored by the other sources */
  public WeatherSettings withUrls(URI newBaseUrl, URI newGeocodingUrl) {
    return new WeatherSettings(
        kind,
        locations,
        interval,
        apiKey,
        newBaseUrl,
        newGeocodingUrl,
        rateLimit,
        connectTimeout,
        requestTimeout,
        backoffInitial,
        backoffMax,
        seed,
        scraper);
  }

  public WeatherSettings withRateLimit(WeatherRateLimit newRateLimit) {
    return new WeatherSettings(
        kind,
        locations,
        interval,
        apiKey,
        baseUrl,
        geocodingUrl,
        newRateLimit,
        connectTimeout,
        requestTimeout,
        backoffInitial,
        backoffMax,
        seed,
        scraper);
  }

  public WeatherSettings withTimeouts(Duration newConnectTimeout, Duration newRequestTimeout) {
    return new WeatherSettings(
        kind,
        locations,
        interval,
        apiKey,
        baseUrl,
        geocodingUrl,
        rateLimit,
        newConnectTimeout,
        newRequestTimeout,
        backoffInitial,
        backoffMax,
        seed,
        scraper);
  }

  public WeatherSettings withBackoff(Duration newInitial, Duration newMax) {
    return new WeatherSettings(
        kind,
        locations,
        interval,
        apiKey,
        baseUrl,
        geocodingUrl,
        rateLimit,
        connectTimeout,
        requestTimeout,
        newInitial,
        newMax,
        seed,
        scraper);
  }

  /** The scraper's recipe and politeness; the scraper only. */
  public WeatherSettings withScraper(ScraperSettings newScraper) {
    return new WeatherSettings(
        kind,
        locations,
        interval,
        apiKey,
        baseUrl,
        geocodingUrl,
        rateLimit,
        connectTimeout,
        requestTimeout,
        backoffInitial,
        backoffMax,
        seed,
        newScraper);
  }

  public WeatherSettings withSeed(long newSeed) {
    return new WeatherSettings(
        kind,
        locations,
        interval,
        apiKey,
        baseUrl,
        geocodingUrl,
        rateLimit,
        connectTimeout,
        requestTimeout,
        backoffInitial,
        backoffMax,
        newSeed,
        scraper);
  }

  /** The same settings with the key masked: safe to log. */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "WeatherSettings[kind=%s, locations=%s, interval=%s, apiKey=%s, baseUrl=%s, "
            + "geocodingUrl=%s, rateLimit=%s, connectTimeout=%s, requestTimeout=%s, backoff=%s..%s, seed=%d%s]",
        kind.id(),
        keys(locations),
        interval,
        apiKey == null ? "none" : KeyRedactor.MASK,
        baseUrl,
        geocodingUrl,
        rateLimit == null ? "none" : rateLimit.describe(),
        connectTimeout,
        requestTimeout,
        backoffInitial,
        backoffMax,
        seed,
        scraper == null ? "" : ", " + scraper);
  }

  private static List<String> keys(List<WeatherLocation> locations) {
    return locations.stream().map(WeatherLocation::key).toList();
  }

  private static URI directory(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("weather API URL must be http or https: " + url);
    }
    if (url.getRawQuery() != null) {
      throw new IllegalArgumentException(
          "weather API base URL must not have a query (keys go in apiKey): "
              + new KeyRedactor(null).redact(url));
    }
    // Paths are resolved against it: "https://host/prefix" must act as "https://host/prefix/".
    return url.toString().endsWith("/") ? url : URI.create(url + "/");
  }

  private static void positive(Duration duration, String what) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + duration);
    }
  }
}
