package io.citypulse.sources.weather.scrape;

import io.citypulse.sources.http.FeedFetcher;
import io.citypulse.sources.http.FeedRequest;
import io.citypulse.sources.http.FeedResponse;
import io.citypulse.sources.metrics.Counters;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches pages the polite way: asks each site's robots.txt first (once per origin, kept for
 * {@link ScraperPoliteness#robotsTtl()}), fetches nothing robots.txt disallows, spaces requests
 * to each host (robots.txt requests included) by the per-host interval or the site's
 * Crawl-delay, whichever is longer, and sends the scraper's User-Agent on every request. Several
 * scraper sources can share one, so two recipes on one site still keep its pace. Thread-safe.
 *
 * <p>robots.txt answers, as RFC 9309 2.3.1 says: 2xx is parsed; 4xx (404, 410, also 401/403)
 * means no restrictions; 5xx, 429, timeouts and unreachable hosts mean "disallow everything for
 * now", asked again after {@link ScraperPoliteness#robotsRetry()}, except that a robots.txt read
 * earlier keeps applying while the site is unreachable (RFC 9309 2.4).
 */
public final class PoliteFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(PoliteFetcher.class);

  /** robots.txt requests made. */
  public static final String ROBOTS_FETCHES = "weather.scraper.robots.fetches";
  /** Page requests not made because robots.txt disallows them. */
  public static final String ROBOTS_DISALLOWED = "weather.scraper.robots.disallowed";
  /** Page requests not made because robots.txt could not be fetched (5xx, unreachable). */
  public static final String ROBOTS_UNAVAILABLE = "weather.scraper.robots.unavailable";
  /** Page requests made. */
  public static final String PAGE_REQUESTS = "weather.scraper.pages.requested";
  /** Requests that waited for their host's turn. */
  public static final String THROTTLED = "weather.scraper.throttled";

  static final String HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5";

  /** What asking for a page came to. */
  public sealed interface Outcome {
    /** The page was requested; this is the answer. */
    record Fetched(FeedResponse response) implements Outcome {}

    /** robots.txt disallows the page: it was not requested. */
    record Disallowed(String reason) implements Outcome {}

    /** robots.txt could not be read, so the page was not requested; try again later. */
    record RobotsUnavailable(String reason) implements Outcome {}
  }

  /** What we know of one origin's robots.txt. */
  private record Robots(RobotsTxt rules, String unavailableBecause, Instant askAgainAt) {}

  private final ScraperPoliteness politeness;
  private final FeedFetcher fetcher;
  private final HostThrottle throttle;
  private final Clock clock;
  private final Counters counters;
  private final Map<String, Robots> robots = new ConcurrentHashMap<>();
  private final Map<String, Object> originLocks = new ConcurrentHashMap<>();

  public PoliteFetcher(
      ScraperPoliteness politeness,
      FeedFetcher fetcher,
      HostThrottle throttle,
      Clock clock,
      Counters counters) {
    this.politeness = Objects.requireNonNull(politeness, "politeness");
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.counters = Objects.requireNonNull(counters, "counters");
  }

  public ScraperPoliteness politeness() {
    return politeness;
  }

  /**
   * Fetches the page if robots.txt allows it, after the host's turn.
   *
   * @param etag sent as If-None-Match; null for none
   * @param lastModified sent as If-Modified-Since; null for none
   */
  public Outcome fetch(URI page, String etag, String lastModified) throws InterruptedException {
    boolean web = isWeb(page);
    Duration interval = politeness.perHostInterval();
    if (web) {
      Robots known = robotsOf(page);
      if (known.rules() == null) {
        counters.increment(ROBOTS_UNAVAILABLE);
        return new Outcome.RobotsUnavailable("robots.txt of " + origin(page) + " unavailable ("
            + known.unavailableBecause() + "): not fetching pages there before "
            + known.askAgainAt());
      }
      String target = target(page);
      if (!known.rules().allows(target)) {
        counters.increment(ROBOTS_DISALLOWED);
        return new Outcome.Disallowed(origin(page) + "/robots.txt disallows " + target + " for "
            + politeness.productToken() + " (" + known.rules().decidingRule(target) + ")");
      }
      Duration delay = known.rules().crawlDelay();
      if (delay != null && delay.compareTo(interval) > 0) {
        interval = delay;
      }
      take(page, interval);
    }
    counters.increment(PAGE_REQUESTS);
    return new Outcome.Fetched(fetcher.fetch(
        new FeedRequest(page, etag, lastModified, politeness.userAgent(), HTML_ACCEPT)));
  }

  /** The origin's robots.txt, fetched when not known or too old. */
  private Robots robotsOf(URI page) throws InterruptedException {
    String origin = origin(page);
    Object lock = originLocks.computeIfAbsent(origin, o -> new Object());
    synchronized (lock) {
      Robots known = robots.get(origin);
      Instant now = clock.instant();
      if (known != null && now.isBefore(known.askAgainAt())) {
        return known;
      }
      Robots fresh = fetchRobots(page, origin, known);
      robots.put(origin, fresh);
      return fresh;
    }
  }

  private Robots fetchRobots(URI page, String origin, Robots previous) throws InterruptedException {
    URI robotsUri = page.resolve("/robots.txt");
    take(page, politeness.perHostInterval());
    counters.increment(ROBOTS_FETCHES);
    FeedResponse response =
        fetcher.fetch(new FeedRequest(robotsUri, null, null, politeness.userAgent(), "text/plain"));
    Instant now = clock.instant();
    Instant fresh = now.plus(politeness.robotsTtl());
    if (response instanceof FeedResponse.Ok ok) {
      RobotsTxt rules = RobotsTxt.parse(ok.body(), politeness.productToken());
      LOG.info(
          "Read {} for {}{}",
          robotsUri,
          politeness.productToken(),
          rules.crawlDelay() == null
              ? ""
              : " (Crawl-delay " + rules.crawlDelay().toSeconds() + " s)");
      return new Robots(rules, null, fresh);
    }
    if (response instanceof FeedResponse.HttpError error
        && error.status() >= 400
        && error.status() < 500) {
      // RFC 9309 2.3.1.3: "unavailable" (404, 410, any 4xx): no restrictions.
      LOG.info("No robots.txt at {} (HTTP {}): no restrictions", origin, error.status());
      return new Robots(RobotsTxt.ALLOW_ALL, null, fresh);
    }
    String why = response.describe();
    Instant retry = now.plus(politeness.robotsRetry());
    if (previous != null && previous.rules() != null) {
      // RFC 9309 2.4: a cached copy may be used longer while the file is unreachable.
      LOG.warn("robots.txt of {} unreachable ({}): keeping the copy read before", origin, why);
      return new Robots(previous.rules(), null, retry);
    }
    // RFC 9309 2.3.1.4: unreachable (5xx, network): assume complete disallow.
    LOG.warn(
        "robots.txt of {} unreachable ({}): not fetching its pages before {}", origin, why, retry);
    return new Robots(null, why, retry);
  }

  private void take(URI page, Duration interval) throws InterruptedException {
    Duration waited = throttle.acquire(hostKey(page), interval);
    if (!waited.isZero()) {
      counters.increment(THROTTLED);
    }
  }

  private static boolean isWeb(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("http") || scheme.equals("https");
  }

  /** {@code scheme://host:port}: robots.txt applies per origin (RFC 9309 2.3). */
  static String origin(URI uri) {
    return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + hostKey(uri);
  }

  /** {@code host:port}, the port defaulted: what the throttle spaces. */
  static String hostKey(URI uri) {
    int port = uri.getPort();
    if (port < 0) {
      port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
    return (uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
  }

  /** The path and query robots.txt rules are matched against. */
  private static String target(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }
}
