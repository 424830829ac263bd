package io.citypulse.sources.weather.scrape;

import static io.citypulse.sources.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.WeatherObservation;
import io.citypulse.model.time.Sleeper;
import io.citypulse.sources.http.Backoff;
import io.citypulse.sources.http.FeedClient;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.DeadLetter;
import io.citypulse.sources.weather.WeatherFetch;
import io.citypulse.sources.weather.WeatherLocation;
import io.citypulse.sources.weather.WeatherLocations;
import io.citypulse.sources.weather.WeatherPoller;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.MutableClock;
import io.citypulse.testkit.RecordedRequest;
import io.citypulse.testkit.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scraper over real HTTP on a local server (127.0.0.1), with the weather poller: the
 * timeanddate recipe (enabled here as if with the site's permission) pointed at the server.
 */
class ScraperSourceHttpTest {
  private static final String DAKAR_PAGE = "/weather/senegal/dakar";
  private static final String THIES_PAGE = "/weather/senegal/thies";
  private static final String LAST_MODIFIED = "Sat, 21 Mar 2026 18:05:00 GMT";

  private final LocalHttpServer server = LocalHttpServer.start();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-21T18:58:01Z"));
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final Sleeper sleeper = duration -> {
    sleeps.add(duration);
    clock.advance(duration);
  };
  private final Counters counters = new Counters();
  private final List<WeatherObservation> published = new CopyOnWriteArrayList<>();
  private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    server.close();
  }

  private ScraperSource source() {
    ScrapeRecipe recipe = ScrapeRecipes.resolve(
        "timeanddate",
        Map.of(
            "enabled",
            true,
            "url",
            "http://127.0.0.1:" + server.port() + "/weather/{country-name-slug}/{city-slug}"));
    FeedClient client = new FeedClient(Duration.ofSeconds(2), Duration.ofSeconds(2), clock);
    return ScraperSource.create(
        recipe,
        ScraperPoliteness.defaults(),
        client,
        clock,
        sleeper,
        () -> clock.instant().toEpochMilli() * 1_000_000L,
        counters);
  }

  private WeatherPoller poller(ScraperSource source, List<WeatherLocation> locations) {
    return new WeatherPoller(
        source,
        locations,
        Duration.ofMinutes(30),
        clock,
        sleeper,
        published::add,
        deadLetters::add,
        counters,
        () -> Backoff.withoutJitter(Duration.ofSeconds(30), Duration.ofMinutes(10)));
  }

  private static WeatherLocation dakar() {
    return WeatherLocations.preset("brief").get(3);
  }

  private static Response html(String fixture) {
    return Response.status(200)
        .header("Content-Type", "text/html; charset=utf-8")
        .body(text("weather/scrape/" + fixture));
  }

  private void noRobotsTxt() {
    server.respond("/robots.txt", Response.status(404));
  }

  @Test
  void publishesAValidObservationSendingItsUserAgentToRobotsTxtAndThePage() {
    noRobotsTxt();
    server.respond(DAKAR_PAGE, html("timeanddate-dakar-us.html"));

    poller(source(), List.of(dakar())).pollOnce();

    assertThat(published).singleElement().satisfies(o -> {
      assertThat(o.location()).isEqualTo("dakar");
      assertThat(o.source()).isEqualTo("scraper:timeanddate");
      assertThat(o.pressureHpa()).isBetween(1010.0, 1010.3);
    });
    String userAgent = server.requests("/robots.txt").get(0).header("User-Agent");
    assertThat(userAgent)
        .matches("citypulse/\\S+ \\(\\+https://github.com/citypulse/citypulse\\) weather-scraper");
    RecordedRequest page = server.requests(DAKAR_PAGE).get(0);
    assertThat(page.header("User-Agent")).isEqualTo(userAgent);
    assertThat(page.header("Accept")).startsWith("text/html");
    assertThat(counters.get(ScraperSource.PAGES_READ)).isEqualTo(1);
    assertThat(counters.get(WeatherPoller.PUBLISHED)).isEqualTo(1);
  }

  @Test
  void anUnchangedPageAnswers304AndCountsAsUnchanged() {
    noRobotsTxt();
    server.respondWith(
        DAKAR_PAGE,
        request -> request.header("If-None-Match") != null
            ? Response.status(304).header("ETag", "\"v1\"")
            : html("timeanddate-dakar-us.html")
                .header("ETag", "\"v1\"")
                .header("Last-Modified", LAST_MODIFIED));
    WeatherPoller poller = poller(source(), List.of(dakar()));

    poller.pollOnce();
    clock.advance(Duration.ofMinutes(30));
    poller.pollOnce();

    List<RecordedRequest> requests = server.requests(DAKAR_PAGE);
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).header("If-None-Match")).isNull();
    assertThat(requests.get(1).header("If-None-Match")).isEqualTo("\"v1\"");
    assertThat(requests.get(1).header("If-Modified-Since")).isEqualTo(LAST_MODIFIED);
    assertThat(published).hasSize(1);
    assertThat(deadLetters).isEmpty();
    assertThat(counters.get(ScraperSource.PAGES_NOT_MODIFIED)).isEqualTo(1);
    assertThat(counters.get(WeatherPoller.UNCHANGED)).isEqualTo(1);
    assertThat(poller.status().locations().get(0).consecutiveFailures()).isZero();
    assertThat(server.requestCount("/robots.txt")).as("kept for a day").isEqualTo(1);
  }

  @Test
  void lastModifiedAloneIsSentBack() throws InterruptedException {
    noRobotsTxt();
    server.respondWith(
        DAKAR_PAGE,
        request -> LAST_MODIFIED.equals(request.header("If-Modified-Since"))
            ? Response.status(304)
            : html("timeanddate-dakar-us.html").header("Last-Modified", LAST_MODIFIED));
    ScraperSource source = source();

    WeatherFetch first = source.fetch(dakar());
    WeatherFetch second = source.fetch(dakar());

    assertThat(first).isInstanceOf(WeatherFetch.Observed.class);
    assertThat(second).isEqualTo(new WeatherFetch.NotModified(server.uri(DAKAR_PAGE)));
  }

  @Test
  void aChangedPageIsDeadLetteredWithTheSelectorAndItsValidatorsAreDropped() {
    noRobotsTxt();
    server.respond(
        DAKAR_PAGE,
        html("timeanddate-changed.html").header("ETag", "\"v2\""),
        html("timeanddate-changed.html").header("ETag", "\"v2\""));
    WeatherPoller poller = poller(source(), List.of(dakar()));

    poller.pollOnce();
    clock.advance(Duration.ofMinutes(30));
    poller.pollOnce();

    assertThat(published).isEmpty();
    assertThat(deadLetters).hasSize(2);
    assertThat(deadLetters.get(0).reason())
        .isEqualTo("scraper:timeanddate body for 'dakar'"
            + " unreadable: recipe 'timeanddate': selector '#qlook > div.h2' matched nothing (field"
            + " temperature)");
    assertThat(server.requests(DAKAR_PAGE).get(1).header("If-None-Match"))
        .as("a page we could not read is asked for in full again")
        .isNull();
    assertThat(counters.get(WeatherPoller.PARSE_ERRORS)).isEqualTo(2);
    assertThat(counters.get(ScraperSource.PAGES_UNREADABLE)).isEqualTo(2);
  }

  @Test
  void anImpossibleValueIsRejectedByTheValidator() {
    noRobotsTxt();
    server.respond(
        DAKAR_PAGE,
        Response.status(200)
            .body(text("weather/scrape/timeanddate-dakar-us.html")
                .replace("<td>83%</td>", "<td>183%</td>")));

    poller(source(), List.of(dakar())).pollOnce();

    assertThat(published).isEmpty();
    assertThat(deadLetters)
        .singleElement()
        .satisfies(letter ->
            assertThat(letter.reason()).contains("humidity_pct 183.0 is outside [0, 100]"));
    assertThat(counters.get(WeatherPoller.INVALID)).isEqualTo(1);
  }

  @Test
  void robotsTxtDisallowingThePageSkipsTheLocationWithoutRequestingIt() {
    server.respond(
        "/robots.txt", Response.status(200).body("User-agent: *\nDisallow: /weather/\n"));
    WeatherPoller poller = poller(source(), List.of(dakar()));

    poller.pollOnce();

    assertThat(server.requestCount(DAKAR_PAGE)).isZero();
    assertThat(poller.status().locations().get(0).skippedBecause())
        .startsWith("scraper:timeanddate may not fetch 'Dakar': http://127.0.0.1:")
        .endsWith(
            "/robots.txt disallows /weather/senegal/dakar for citypulse (Disallow: /weather/)");
    assertThat(counters.get(PoliteFetcher.ROBOTS_DISALLOWED)).isEqualTo(1);
  }

  @Test
  void anUnreachableRobotsTxtIsRetriedLaterAndNoPageIsFetchedMeanwhile() {
    server.respond("/robots.txt", Response.status(503), Response.status(404));
    server.respond(DAKAR_PAGE, html("timeanddate-dakar-us.html"));
    WeatherPoller poller = poller(source(), List.of(dakar()));

    poller.pollOnce();
    assertThat(server.requestCount(DAKAR_PAGE)).isZero();
    assertThat(counters.get(WeatherPoller.FETCH_FAILED_PREFIX + "robots_unavailable"))
        .isEqualTo(1);

    clock.advance(ScraperPoliteness.DEFAULT_ROBOTS_RETRY);
    poller.pollOnce();
    assertThat(server.requestCount(DAKAR_PAGE)).isEqualTo(1);
    assertThat(published).hasSize(1);
  }

  @Test
  void twoLocationsOnOneHostAreTenSecondsApart() {
    noRobotsTxt();
    server.respond(DAKAR_PAGE, html("timeanddate-dakar-us.html"));
    server.respond(THIES_PAGE, html("timeanddate-thies-calm.html"));

    poller(source(), List.of(dakar(), WeatherLocations.preset("senegal").get(1)))
        .pollOnce();

    assertThat(server.requestCount(DAKAR_PAGE)).isEqualTo(1);
    assertThat(server.requestCount(THIES_PAGE)).isEqualTo(1);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  @Test
  void anUndeclaredLatin1PageIsReadAsWindows1252() throws Exception {
    noRobotsTxt();
    server.respond(
        "/index.php",
        Response.status(200)
            .header("Content-Type", "text/html; charset=iso-8859-1")
            .body(text("weather/scrape/stadtklima-style.html")
                .getBytes(StandardCharsets.ISO_8859_1)));
    ScrapeRecipe recipe = ScrapeRecipes.resolve(
        "stadtklima-stuttgart",
        Map.of(
            "url", "http://127.0.0.1:" + server.port() + "/index.php?luft_messdaten_station_smz"));
    ScraperSource source = ScraperSource.create(
        recipe,
        ScraperPoliteness.defaults(),
        new FeedClient(Duration.ofSeconds(2), Duration.ofSeconds(2), clock),
        clock,
        sleeper,
        () -> clock.instant().toEpochMilli() * 1_000_000L,
        counters);

    WeatherFetch outcome =
        source.fetch(new WeatherLocation("stuttgart", "Stuttgart", "DE", 48.7758, 9.1829));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            WeatherFetch.Observed.class,
            observed -> assertThat(observed.observation().temperatureC()).isEqualTo(28.4));
  }

  @Test
  void httpErrorsMapLikeTheApiSources() throws InterruptedException {
    noRobotsTxt();
    server.respond(
        DAKAR_PAGE,
        Response.status(404).body("no such city"),
        Response.status(500),
        Response.status(429).header("Retry-After", "120"),
        Response.status(403).body("bots go away"));
    ScraperSource source = source();

    assertThat(source.fetch(dakar())).isInstanceOf(WeatherFetch.UnknownLocation.class);
    assertThat(source.fetch(dakar()))
        .isInstanceOfSatisfying(
            WeatherFetch.Failed.class, failed -> assertThat(failed.kind()).isEqualTo("http_error"));
    assertThat(source.fetch(dakar()))
        .isInstanceOfSatisfying(
            WeatherFetch.RateLimited.class,
            limited -> assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(120)));
    assertThat(source.fetch(dakar()))
        .isInstanceOfSatisfying(
            WeatherFetch.Unauthorized.class,
            refused -> assertThat(refused.message()).contains("HTTP 403: bots go away"));
  }

  @Test
  void aLocationTheTemplateCannotNameIsSkipped() throws InterruptedException {
    WeatherFetch outcome = source().fetch(WeatherLocations.parse("14.69,-17.44"));

    assertThat(outcome).isInstanceOf(WeatherFetch.UnknownLocation.class);
    assertThat(server.requestCount("/robots.txt")).isZero();
  }

  @Test
  void describeSaysWhatItIsAndHowPoliteItIs() {
    assertThat(source().describe())
        .startsWith("scraper:timeanddate at http://127.0.0.1:")
        .contains("robots.txt honoured, at most 1 request every 10 s per host");
  }
}
