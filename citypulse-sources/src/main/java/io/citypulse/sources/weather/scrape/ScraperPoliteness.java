package io.citypulse.sources.weather.scrape;

import io.citypulse.sources.http.FeedClient;
import java.time.Duration;
import java.util.Objects;

/**
 * How gently the scraper treats the sites it reads.
 *
 * @param userAgent sent with robots.txt and page requests; its first word (before {@code /}) is
 *     the product token robots.txt groups are matched against
 * @param perHostInterval the least time between two requests to one host (host and port); a
 *     robots.txt Crawl-delay raises it for that host, never lowers it
 * @param robotsTtl how long a fetched robots.txt is used before asking again (RFC 9309: at most
 *     24 h, unless the site is unreachable)
 * @param robotsRetry how long to wait before asking again for a robots.txt that could not be
 *     fetched (5xx, timeout); meanwhile that host's pages are not fetched
 */
public record ScraperPoliteness(
    String userAgent, Duration perHostInterval, Duration robotsTtl, Duration robotsRetry) {

  /** One request every 10 s per host. */
  public static final Duration DEFAULT_PER_HOST_INTERVAL = Duration.ofSeconds(10);

  public static final Duration DEFAULT_ROBOTS_TTL = Duration.ofHours(24);
  public static final Duration DEFAULT_ROBOTS_RETRY = Duration.ofMinutes(15);

  /** Where people who see our requests in their logs can read what we are. */
  public static final String PROJECT_URL = "https://github.com/citypulse/citypulse";

  public ScraperPoliteness {
    if (userAgent == null || userAgent.isBlank() || userAgent.matches("(?s).*[\\r\\n].*")) {
      throw new IllegalArgumentException("the scraper's User-Agent must be one non-blank line");
    }
    userAgent = userAgent.trim();
    nonNegative(perHostInterval, "per-host interval");
    positive(robotsTtl, "robots.txt time to live");
    positive(robotsRetry, "robots.txt retry");
  }

  /** {@code citypulse/<version> (+https://github.com/citypulse/citypulse) weather-scraper}. */
  public static String defaultUserAgent() {
    return FeedClient.defaultUserAgent() + " (+" + PROJECT_URL + ") weather-scraper";
  }

  /** The default User-Agent, 1 request / 10 s per host, robots.txt kept 24 h, retried after 15 min. */
  public static ScraperPoliteness defaults() {
    return new ScraperPoliteness(
        defaultUserAgent(), DEFAULT_PER_HOST_INTERVAL, DEFAULT_ROBOTS_TTL, DEFAULT_ROBOTS_RETRY);
  }

  public ScraperPoliteness withUserAgent(String value) {
    return new ScraperPoliteness(value, perHostInterval, robotsTtl, robotsRetry);
  }

  public ScraperPoliteness withPerHostInterval(Duration value) {
    return new ScraperPoliteness(userAgent, value, robotsTtl, robotsRetry);
  }

  public ScraperPoliteness withRobots(Duration ttl, Duration retry) {
    return new ScraperPoliteness(userAgent, perHostInterval, ttl, retry);
  }

  /** The User-Agent's first word without its version: {@code citypulse}. */
  public String productToken() {
    String first = userAgent.split("[\\s/]", 2)[0];
    return first.isEmpty() ? userAgent : first;
  }

  private static void nonNegative(Duration duration, String what) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, got " + duration);
    }
  }

  private static void positive(Duration duration, String what) {
    nonNegative(duration, what);
    if (duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + duration);
    }
  }
}
