package io.citypulse.sources.weather.scrape;

import io.citypulse.model.time.Sleeper;
import io.citypulse.sources.http.FeedFetcher;
import io.citypulse.sources.http.FeedResponse;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.weather.WeatherFetch;
import io.citypulse.sources.weather.WeatherLocation;
import io.citypulse.sources.weather.WeatherParse;
import io.citypulse.sources.weather.WeatherSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Weather read from web pages with a {@link ScrapeRecipe}, politely ({@link PoliteFetcher}:
 * robots.txt, per-host spacing, a User-Agent saying who we are) and cheaply (ETag and
 * Last-Modified: an unchanged page answers 304, which is {@link WeatherFetch.NotModified}).
 *
 * <p>Observations carry the source id {@code scraper:<recipe>} ({@code scraper:fzj-juelich}),
 * so two recipes stay apart downstream. Outcomes: a page the recipe cannot read is {@link
 * WeatherFetch.Unreadable} (dead-lettered with the page); a page robots.txt disallows, a 404 or a
 * location the URL template cannot name is {@link WeatherFetch.UnknownLocation}; a robots.txt
 * that cannot be fetched, 5xx and timeouts are {@link WeatherFetch.Failed} (retried with
 * backoff); 429 is {@link WeatherFetch.RateLimited}; 401/403 is {@link WeatherFetch.Unauthorized}
 * (the site refuses us: stop). Never throws for page or network problems.
 */
public final class ScraperSource implements WeatherSource {

  /** Observations' {@code source} and this source's id start with it. */
  public static final String SOURCE_PREFIX = "scraper:";

  /** Pages read into an observation. */
  public static final String PAGES_READ = "weather.scraper.pages.read";
  /** 304 answers to a conditional request. */
  public static final String PAGES_NOT_MODIFIED = "weather.scraper.pages.not_modified";
  /** Pages the recipe could not read (each dead-lettered by the poller). */
  public static final String PAGES_UNREADABLE = "weather.scraper.pages.unreadable";

  /** The validators of the last page read from a URL, sent back to ask "changed since?". */
  private record Validators(String etag, String lastModified) {}

  private final ScrapeRecipe recipe;
  private final PoliteFetcher fetcher;
  private final Clock clock;
  private final Counters counters;
  private final String id;
  private final Map<URI, Validators> validators = new ConcurrentHashMap<>();

  /**
   * With a polite fetcher shared with other scraper sources (several recipes on one site).
   *
   * @throws IllegalArgumentException when the recipe is disabled (see {@link #create}) or its URL
   *     template names an unknown placeholder
   */
  public ScraperSource(ScrapeRecipe recipe, PoliteFetcher fetcher, Clock clock, Counters counters) {
    this.recipe = requireEnabled(recipe);
    UrlTemplate.check(recipe);
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.id = sourceId(recipe.name());
  }

  /**
   * The source for one recipe, with its own {@link PoliteFetcher} (use the constructor to share
   * one among several recipes).
   *
   * @param fetcher the HTTP client ({@link io.citypulse.sources.http.FeedClient})
   * @param sleeper waits for a host's turn ({@link Sleeper#SYSTEM}; tests move a fake clock)
   * @param nanoTime the throttle's monotonic clock ({@code System::nanoTime})
   * @throws IllegalArgumentException when the recipe is disabled: its site's terms forbid
   *     automated downloads without permission
   */
  public static ScraperSource create(
      ScrapeRecipe recipe,
      ScraperPoliteness politeness,
      FeedFetcher fetcher,
      Clock clock,
      Sleeper sleeper,
      LongSupplier nanoTime,
      Counters counters) {
    requireEnabled(recipe);
    PoliteFetcher polite = new PoliteFetcher(
        politeness, fetcher, new HostThrottle(nanoTime, sleeper), clock, counters);
    return new ScraperSource(recipe, polite, clock, counters);
  }

  /** {@code scraper:<recipe>}. */
  public static String sourceId(String recipeName) {
    return SOURCE_PREFIX + recipeName;
  }

  public ScrapeRecipe recipe() {
    return recipe;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String describe() {
    ScraperPoliteness politeness = fetcher.politeness();
    String where = recipe.url() != null ? recipe.url() : recipe.urls().size() + " page URLs";
    Duration interval = politeness.perHostInterval();
    String every =
        interval.toMillis() % 1000 == 0 ? interval.toSeconds() + " s" : interval.toMillis() + " ms";
    return id + " at " + where + " (robots.txt honoured, at most 1 request every " + every
        + " per host, as '" + politeness.userAgent() + "')";
  }

  @Override
  public WeatherFetch fetch(WeatherLocation location) throws InterruptedException {
    URI page;
    try {
      page = UrlTemplate.expand(recipe, location);
    } catch (IllegalArgumentException e) {
      return new WeatherFetch.UnknownLocation(id + ": " + e.getMessage());
    }
    Validators last = validators.get(page);
    PoliteFetcher.Outcome outcome = fetcher.fetch(
        page, last == null ? null : last.etag(), last == null ? null : last.lastModified());
    if (outcome instanceof PoliteFetcher.Outcome.Disallowed disallowed) {
      return new WeatherFetch.UnknownLocation(
          id + " may not fetch '" + location.label() + "': " + disallowed.reason());
    }
    if (outcome instanceof PoliteFetcher.Outcome.RobotsUnavailable unavailable) {
      return new WeatherFetch.Failed("robots_unavailable", id + ": " + unavailable.reason());
    }
    FeedResponse response = ((PoliteFetcher.Outcome.Fetched) outcome).response();
    Instant fetchedAt = clock.instant();
    if (response instanceof FeedResponse.Ok ok) {
      return read(ok, page, location, fetchedAt);
    }
    if (response instanceof FeedResponse.NotModified) {
      counters.increment(PAGES_NOT_MODIFIED);
      return new WeatherFetch.NotModified(page);
    }
    if (response instanceof FeedResponse.RateLimited limited) {
      return new WeatherFetch.RateLimited(
          limited.retryAfter(),
          id + " rate limited by " + page.getHost() + " (" + response.describe() + ")");
    }
    if (response instanceof FeedResponse.HttpError error) {
      return classify(error, page, location);
    }
    return new WeatherFetch.Failed(
        response.kind().name().toLowerCase(Locale.ROOT), id + " " + response.describe());
  }

  private WeatherFetch read(
      FeedResponse.Ok ok, URI page, WeatherLocation location, Instant fetchedAt) {
    WeatherParse parse;
    try {
      Document document = parse(ok.body(), page);
      parse = PageExtractor.extract(document, recipe, location, id, fetchedAt);
    } catch (IOException | RuntimeException e) {
      parse = new WeatherParse.Malformed("not an HTML page: " + e);
    }
    if (parse instanceof WeatherParse.Parsed parsed) {
      counters.increment(PAGES_READ);
      // Kept only for a page that was read: a 304 must never hide a page the recipe cannot read.
      if (ok.etag() != null || ok.lastModified() != null) {
        validators.put(page, new Validators(ok.etag(), ok.lastModified()));
      }
      return new WeatherFetch.Observed(parsed.observation(), page, ok.body());
    }
    validators.remove(page);
    counters.increment(PAGES_UNREADABLE);
    String reason = parse instanceof WeatherParse.Malformed malformed
        ? malformed.reason()
        : String.valueOf(parse);
    return new WeatherFetch.Unreadable(
        "recipe '" + recipe.name() + "': " + reason, page, ok.body());
  }

  /**
   * The page as HTML in its charset: a BOM or meta charset when it has one, else UTF-8; bytes that
   * are not UTF-8 in an undeclared page are read as windows-1252, as browsers do (older German
   * station pages declare Latin-1 only in the HTTP header, which {@link FeedResponse.Ok} does not
   * carry, and {@code °C} must not turn into a replacement character).
   */
  static Document parse(byte[] body, URI page) throws IOException {
    Document document = Jsoup.parse(new ByteArrayInputStream(body), null, page.toString());
    if (document.charset().equals(StandardCharsets.UTF_8) && !isUtf8(body)) {
      return Jsoup.parse(new ByteArrayInputStream(body), "windows-1252", page.toString());
    }
    return document;
  }

  private static boolean isUtf8(byte[] body) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private WeatherFetch classify(FeedResponse.HttpError error, URI page, WeatherLocation location) {
    int status = error.status();
    String text = id + " " + page + ": " + error.describe();
    if (status == 401 || status == 403) {
      return new WeatherFetch.Unauthorized(text + " (the site refuses us; check its terms and "
          + "whether it blocks automated access)");
    }
    if (status >= 400 && status < 500) {
      return new WeatherFetch.UnknownLocation(
          id + " has no page for '" + location.label() + "' (" + text + ")");
    }
    return new WeatherFetch.Failed("http_error", text);
  }

  /** The recipe; refused with its terms and how to enable it when it is disabled. */
  public static ScrapeRecipe requireEnabled(ScrapeRecipe recipe) {
    Objects.requireNonNull(recipe, "recipe");
    if (!recipe.enabled()) {
      throw new IllegalArgumentException("weather scraper recipe '" + recipe.name()
          + "' is disabled" + (recipe.terms() == null ? "" : ": " + recipe.terms())
          + ". Ask the site for permission to download its pages automatically; with it, set "
          + ScrapeRecipe.CONFIG_PREFIX + recipe.name() + ".enabled = true knowingly.");
    }
    return recipe;
  }
}
