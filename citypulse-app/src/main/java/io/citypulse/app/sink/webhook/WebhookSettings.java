package io.citypulse.app.sink.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how alert records are POSTed ({@code alerts.webhook.*}).
 *
 * @param url the endpoint; may carry a token (in its query or user info): never logged whole
 * @param authorization the {@code Authorization} header's value, empty for none (a secret)
 * @param maxAttempts attempts per record before it goes to the dead-letter topic
 * @param firstBackoff the wait after the first failed attempt; it doubles after each one
 * @param maxBackoff the longest wait between two attempts
 * @param timeout of one attempt (connect and response)
 */
public record WebhookSettings(
    URI url,
    String authorization,
    int maxAttempts,
    Duration firstBackoff,
    Duration maxBackoff,
    Duration timeout) {

  public WebhookSettings {
    Objects.requireNonNull(url, "url");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException(
          "the webhook must be an http(s) URL, got " + redact(url) + "");
    }
    authorization = authorization == null ? "" : authorization;
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (firstBackoff.isNegative()
        || maxBackoff.isNegative()
        || timeout.isNegative()
        || timeout.isZero()) {
      throw new IllegalArgumentException("backoffs must not be negative, the timeout positive");
    }
  }

  /** The wait after the {@code failures}-th failed attempt (1-based): doubling, capped. */
  Duration backoff(int failures) {
    Duration wait = firstBackoff;
    for (int i = 1; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  /** The URL as logs may show it: scheme, host, port and path; no user info, query or fragment. */
  public String redacted() {
    return redact(url);
  }

  static String redact(URI url) {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getRawPath() == null ? "" : url.getRawPath())
        + (url.getRawQuery() == null ? "" : "?…");
  }
}
