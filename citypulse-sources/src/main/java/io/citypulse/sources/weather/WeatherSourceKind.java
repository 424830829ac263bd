package io.citypulse.sources.weather;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The weather sources, with what each needs and its free-tier limits.
 *
 * <ul>
 *   <li>OpenWeatherMap free: 60 calls/min, 1,000,000/month (openweathermap.org/price); current
 *       weather changes about every 10 min. The default bucket, 1/s with a burst of 1, spaces calls
 *       a second apart (so any sliding minute holds at most 61).
 *   <li>Open-Meteo (no key, non-commercial): 600 calls/min, 5,000/hour, 10,000/day; we keep to at
 *       most 10/s. Current values are 15-minutely.
 *   <li>Tomorrow.io free: 3 calls/s, 25/hour, 500/day (docs.tomorrow.io/reference/rate-limiting,
 *       support article "Free API Plan Rate Limits"). The default bucket, 490/day with a burst of
 *       3, keeps any second to 3 calls, any hour to 23 and any day to 493.
 * </ul>
 */
public enum WeatherSourceKind {
  OPENWEATHERMAP(
      "openweathermap",
      "OPENWEATHERMAP_API_KEY",
      "https://api.openweathermap.org/",
      Duration.ofMinutes(10),
      WeatherRateLimit.perSecond(1, 1),
      3_600,
      33_000),
  OPEN_METEO(
      "open-meteo",
      null,
      "https://api.open-meteo.com/",
      Duration.ofMinutes(15),
      WeatherRateLimit.perSecond(5, 5),
      5_000,
      10_000),
  TOMORROW_IO(
      "tomorrow.io",
      "TOMORROW_API_KEY",
      "https://api.tomorrow.io/",
      Duration.ofMinutes(15),
      WeatherRateLimit.perDay(490, 3),
      25,
      500),
  GENERATOR(
      "generator", null, null, Duration.ofMinutes(1), null, Integer.MAX_VALUE, Integer.MAX_VALUE),
  /**
   * Web pages read with a recipe ({@code io.citypulse.sources.weather.scrape}): no key, no base URL
   * (the recipe holds a URL template). Pages are hourly or 10-minutely; the default limit is per
   * host, one request every 10 s, so a site is never hammered whatever the locations.
   */
  SCRAPER(
      "scraper",
      null,
      null,
      Duration.ofMinutes(30),
      WeatherRateLimit.perSecond(0.1, 1),
      Integer.MAX_VALUE,
      Integer.MAX_VALUE);

  /** Open-Meteo's geocoding API is on its own host. */
  public static final URI OPEN_METEO_GEOCODING =
      URI.create("https://geocoding-api.open-meteo.com/");

  private final String id;
  private final String apiKeyEnv;
  private final URI defaultBaseUrl;
  private final Duration defaultInterval;
  private final WeatherRateLimit defaultRateLimit;
  private final int freeCallsPerHour;
  private final int freeCallsPerDay;

  WeatherSourceKind(
      String id,
      String apiKeyEnv,
      String defaultBaseUrl,
      Duration defaultInterval,
      WeatherRateLimit defaultRateLimit,
      int freeCallsPerHour,
      int freeCallsPerDay) {
    this.id = id;
    this.apiKeyEnv = apiKeyEnv;
    this.defaultBaseUrl = defaultBaseUrl == null ? null : URI.create(defaultBaseUrl);
    this.defaultInterval = defaultInterval;
    this.defaultRateLimit = defaultRateLimit;
    this.freeCallsPerHour = freeCallsPerHour;
    this.freeCallsPerDay = freeCallsPerDay;
  }

  /** The name in config, logs and {@code WeatherObservation.source}. */
  public String id() {
    return id;
  }

  /** The id as a config path segment: {@code tomorrow-io} for {@code tomorrow.io}. */
  public String configName() {
    return id.replace('.', '-');
  }

  /** Whether the source calls one API at a base URL (not the generator nor the scraper). */
  public boolean hasBaseUrl() {
    return defaultBaseUrl != null;
  }

  /** The environment variable users put the key in; null for keyless sources. */
  public String apiKeyEnv() {
    return apiKeyEnv;
  }

  public boolean requiresKey() {
    return apiKeyEnv != null;
  }

  /** The public API's base URL; null for the generator and the scraper (its recipe has URLs). */
  public URI defaultBaseUrl() {
    return defaultBaseUrl;
  }

  public Duration defaultInterval() {
    return defaultInterval;
  }

  /** The client-side limit matching the free tier; null for the generator (no calls). */
  public WeatherRateLimit defaultRateLimit() {
    return defaultRateLimit;
  }

  /** OpenWeatherMap when its key is there, else Open-Meteo, which needs none. */
  public static WeatherSourceKind defaultFor(boolean openWeatherMapKeyPresent) {
    return openWeatherMapKeyPresent ? OPENWEATHERMAP : OPEN_METEO;
  }

  /** Reads a kind: its id or enum name, case-insensitive ({@code open-meteo}, {@code OPEN_METEO}). */
  public static WeatherSourceKind parse(String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (WeatherSourceKind kind : values()) {
      if (kind.id.equals(wanted)
          || kind.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(wanted)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown weather source '" + text + "' (one of "
        + Arrays.stream(values()).map(WeatherSourceKind::id).toList() + ")");
  }

  /**
   * A warning when polling {@code locations} every {@code interval} needs more calls than the free
   * tier allows (the client-side limit then spaces the calls: observations come less often).
   */
  public Optional<String> budgetWarning(int locations, Duration interval) {
    double perHour = locations * 3_600.0 / Math.max(1, interval.toSeconds());
    double perDay = perHour * 24;
    if (perHour > freeCallsPerHour) {
      return Optional.of(String.format(
          Locale.ROOT,
          "%d locations every %s need %.0f calls/hour, above %s's free "
              + "%d/hour: each location will be observed less often",
          locations,
          interval,
          perHour,
          id,
          freeCallsPerHour));
    }
    if (perDay > freeCallsPerDay) {
      return Optional.of(String.format(
          Locale.ROOT,
          "%d locations every %s need %.0f calls/day, above %s's free "
              + "%d/day: each location will be observed less often",
          locations,
          interval,
          perDay,
          id,
          freeCallsPerDay));
    }
    return Optional.empty();
  }
}
