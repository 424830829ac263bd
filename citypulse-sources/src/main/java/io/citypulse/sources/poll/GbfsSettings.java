package io.citypulse.sources.poll;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to poll one GBFS system.
 *
 * @param url the auto-discovery URL ({@code gbfs.json}) or a {@code station_status.json} URL;
 *     http, https or file
 * @param system the system id used in record keys ({@code velib}); no ':' (the key separator)
 * @param language preferred feed language (GBFS 1.x/2.x discovery, 3.0 localized names)
 * @param minInterval shortest wait between two station_status polls, whatever the ttl says
 * @param maxInterval longest wait between two station_status polls (Vélib' says ttl 3600 but
 *     changes every minute)
 * @param timeout connect timeout and response timeout of one request
 * @param backoffInitial first wait after a failed poll; doubled on each further failure
 * @param backoffMax longest wait after failures
 * @param informationMinInterval shortest wait between two station_information refreshes
 * @param informationMaxInterval longest wait between two station_information refreshes
 */
public record GbfsSettings(
    URI url,
    String system,
    String language,
    Duration minInterval,
    Duration maxInterval,
    Duration timeout,
    Duration backoffInitial,
    Duration backoffMax,
    Duration informationMinInterval,
    Duration informationMaxInterval) {

  public static final URI VELIB_URL = URI.create(
      "https://velib-metropole-opendata.smovengo.cloud/opendata/Velib_Metropole/gbfs.json");
  public static final String DEFAULT_LANGUAGE = "fr";
  public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofSeconds(60);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofMinutes(5);
  public static final Duration DEFAULT_INFORMATION_MIN_INTERVAL = Duration.ofSeconds(60);
  public static final Duration DEFAULT_INFORMATION_MAX_INTERVAL = Duration.ofHours(1);

  public GbfsSettings {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
      throw new IllegalArgumentException("GBFS URL must be http, https or file, got '" + url + "'");
    }
    if (system == null
        || system.isBlank()
        || system.contains(":")
        || !system.equals(system.strip())) {
      throw new IllegalArgumentException(
          "system id must be non-empty, without ':' or surrounding spaces, got '" + system + "'");
    }
    language = language == null || language.isBlank() ? DEFAULT_LANGUAGE : language.strip();
    positive(minInterval, "min interval");
    positive(maxInterval, "max interval");
    positive(timeout, "timeout");
    positive(backoffInitial, "backoff initial");
    positive(backoffMax, "backoff max");
    positive(informationMinInterval, "information min interval");
    positive(informationMaxInterval, "information max interval");
    ordered(minInterval, maxInterval, "min interval", "max interval");
    ordered(backoffInitial, backoffMax, "backoff initial", "backoff max");
    ordered(
        informationMinInterval,
        informationMaxInterval,
        "information min interval",
        "information max interval");
  }

  /** Every default, for {@code url} and {@code system}. */
  public static GbfsSettings defaults(URI url, String system) {
    return new GbfsSettings(
        url,
        system,
        DEFAULT_LANGUAGE,
        DEFAULT_MIN_INTERVAL,
        DEFAULT_MAX_INTERVAL,
        DEFAULT_TIMEOUT,
        DEFAULT_BACKOFF_INITIAL,
        DEFAULT_BACKOFF_MAX,
        DEFAULT_INFORMATION_MIN_INTERVAL,
        DEFAULT_INFORMATION_MAX_INTERVAL);
  }

  public GbfsSettings withLanguage(String newLanguage) {
    return new GbfsSettings(
        url,
        system,
        newLanguage,
        minInterval,
        maxInterval,
        timeout,
        backoffInitial,
        backoffMax,
        informationMinInterval,
        informationMaxInterval);
  }

  public GbfsSettings withIntervals(Duration min, Duration max) {
    return new GbfsSettings(
        url,
        system,
        language,
        min,
        max,
        timeout,
        backoffInitial,
        backoffMax,
        informationMinInterval,
        informationMaxInterval);
  }

  public GbfsSettings withTimeout(Duration newTimeout) {
    return new GbfsSettings(
        url,
        system,
        language,
        minInterval,
        maxInterval,
        newTimeout,
        backoffInitial,
        backoffMax,
        informationMinInterval,
        informationMaxInterval);
  }

  public GbfsSettings withBackoff(Duration initial, Duration max) {
    return new GbfsSettings(
        url,
        system,
        language,
        minInterval,
        maxInterval,
        timeout,
        initial,
        max,
        informationMinInterval,
        informationMaxInterval);
  }

  public GbfsSettings withInformationIntervals(Duration min, Duration max) {
    return new GbfsSettings(
        url,
        system,
        language,
        minInterval,
        maxInterval,
        timeout,
        backoffInitial,
        backoffMax,
        min,
        max);
  }

  /** The wait before the next status poll for a feed {@code ttl}: ttl 0 (or none) means the minimum. */
  public Duration statusInterval(int ttlSeconds) {
    return PollSchedule.ttlWait(ttlSeconds, minInterval, maxInterval);
  }

  /** The wait before the next station_information (or vehicle_types) refresh for its {@code ttl}. */
  public Duration informationInterval(int ttlSeconds) {
    return PollSchedule.ttlWait(ttlSeconds, informationMinInterval, informationMaxInterval);
  }

  private static void positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static void ordered(Duration low, Duration high, String lowName, String highName) {
    if (low.compareTo(high) > 0) {
      throw new IllegalArgumentException(
          lowName + " (" + low + ") must not exceed " + highName + " (" + high + ")");
    }
  }
}
