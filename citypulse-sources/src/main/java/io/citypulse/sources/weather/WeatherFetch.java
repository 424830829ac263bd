package io.citypulse.sources.weather;

import io.citypulse.model.WeatherObservation;
import java.net.URI;
import java.time.Duration;

/**
 * The outcome of asking a source for one location's weather. Every message is already free of the
 * API key. The poller decides what each means: publish, dead-letter, skip, stop, wait.
 */
public sealed interface WeatherFetch {

  /**
   * An observation read from {@code body}; not validated yet.
   *
   * @param source the URL it came from, key redacted
   */
  record Observed(WeatherObservation observation, URI source, byte[] body)
      implements WeatherFetch {}

  /**
   * 304: the page or body is the one read last time (the scraper's ETag or Last-Modified still
   * holds). Counted as unchanged: nothing to publish, nothing wrong.
   *
   * @param source the URL asked, key redacted
   */
  record NotModified(URI source) implements WeatherFetch {}

  /** A body that could not be read: goes to the dead letters. */
  record Unreadable(String reason, URI source, byte[] body) implements WeatherFetch {}

  /** The key was refused (401/403): the source cannot work until the key is fixed. */
  record Unauthorized(String message) implements WeatherFetch {}

  /** The source does not know this location (404, unknown city, bad coordinates): skip it. */
  record UnknownLocation(String message) implements WeatherFetch {}

  /** 429; {@code retryAfter} from the Retry-After header, null when none. */
  record RateLimited(Duration retryAfter, String message) implements WeatherFetch {}

  /**
   * A failure worth retrying: 5xx, timeout, connection refused.
   *
   * @param kind for counters: {@code timeout}, {@code io_error}, {@code http_error}
   */
  record Failed(String kind, String message) implements WeatherFetch {}
}
