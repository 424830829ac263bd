package io.citypulse.sources.weather.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.time.Sleeper;
import io.citypulse.sources.http.FeedFetcher;
import io.citypulse.sources.http.FeedRequest;
import io.citypulse.sources.http.FeedResponse;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.testkit.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** robots.txt and per-host spacing, on a fake clock with scripted answers (no server). */
class PoliteFetcherTest {
  private static final Instant T0 = Instant.parse("2026-03-21T18:00:00Z");
  private static final URI DAKAR = URI.create("https://weather.example/weather/senegal/dakar");
  private static final URI THIES = URI.create("https://weather.example/weather/senegal/thies");
  private static final URI SAINT_LOUIS = URI.create("https://meteo.example/saint-louis");

  private final MutableClock clock = new MutableClock(T0);
  private final List<Duration> sleeps = new ArrayList<>();
  private final Sleeper sleeper = duration -> {
    sleeps.add(duration);
    clock.advance(duration);
  };
  private final Counters counters = new Counters();

  /** A request as the site saw it, with the fake time it arrived. */
  record Seen(URI uri, String userAgent, Duration at) {}

  private final List<Seen> seen = new ArrayList<>();
  private final Map<String, Function<URI, FeedResponse>> answers = new HashMap<>();

  private final FeedFetcher fetcher = new FeedFetcher() {
    @Override
    public FeedResponse fetch(URI uri, String etag) {
      return fetch(FeedRequest.of(uri));
    }

    @Override
    public FeedResponse fetch(FeedRequest request) {
      seen.add(new Seen(request.uri(), request.userAgent(), Duration.between(T0, clock.instant())));
      Function<URI, FeedResponse> answer =
          answers.get(request.uri().getHost() + request.uri().getPath());
      return answer == null ? page() : answer.apply(request.uri());
    }
  };

  private static FeedResponse page() {
    return new FeedResponse.Ok("<html></html>".getBytes(StandardCharsets.UTF_8), null);
  }

  private static FeedResponse robots(String text) {
    return new FeedResponse.Ok(text.getBytes(StandardCharsets.UTF_8), null);
  }

  private PoliteFetcher polite() {
    return new PoliteFetcher(
        ScraperPoliteness.defaults(),
        fetcher,
        new HostThrottle(
            () -> {
              Instant now = clock.instant();
              return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            },
            sleeper),
        clock,
        counters);
  }

  private List<String> requests() {
    return seen.stream()
        .map(s -> s.at().toSeconds() + "s " + s.uri().getHost() + s.uri().getPath())
        .toList();
  }

  @Test
  void twoPagesOnOneHostAreSpacedAndRobotsTxtCountsAsARequest() throws InterruptedException {
    answers.put("weather.example/robots.txt", uri -> new FeedResponse.HttpError(404, ""));
    PoliteFetcher polite = polite();

    polite.fetch(DAKAR, null, null);
    polite.fetch(THIES, null, null);

    assertThat(requests())
        .containsExactly(
            "0s weather.example/robots.txt",
            "10s weather.example/weather/senegal/dakar",
            "20s weather.example/weather/senegal/thies");
    assertThat(seen)
        .allSatisfy(s -> assertThat(s.userAgent()).isEqualTo(ScraperPoliteness.defaultUserAgent()));
    assertThat(counters.get(PoliteFetcher.ROBOTS_FETCHES)).isEqualTo(1);
    assertThat(counters.get(PoliteFetcher.PAGE_REQUESTS)).isEqualTo(2);
  }

  @Test
  void twoHostsDoNotWaitForEachOther() throws InterruptedException {
    PoliteFetcher polite = polite();

    polite.fetch(DAKAR, null, null);
    polite.fetch(SAINT_LOUIS, null, null);
    polite.fetch(THIES, null, null);

    assertThat(requests())
        .containsExactly(
            "0s weather.example/robots.txt",
            "10s weather.example/weather/senegal/dakar",
            "10s meteo.example/robots.txt",
            "20s meteo.example/saint-louis",
            "20s weather.example/weather/senegal/thies");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  @Test
  void crawlDelayIsAFloorOnTheInterval() throws InterruptedException {
    answers.put("weather.example/robots.txt", uri -> robots("User-agent: *\nCrawl-delay: 60\n"));
    PoliteFetcher polite = polite();

    polite.fetch(DAKAR, null, null);
    polite.fetch(THIES, null, null);
    polite.fetch(DAKAR, null, null);

    assertThat(requests())
        .containsExactly(
            "0s weather.example/robots.txt",
            "10s weather.example/weather/senegal/dakar",
            "70s weather.example/weather/senegal/thies",
            "130s weather.example/weather/senegal/dakar");
  }

  @Test
  void aShorterCrawlDelayDoesNotLowerTheInterval() throws InterruptedException {
    answers.put("weather.example/robots.txt", uri -> robots("User-agent: *\nCrawl-delay: 1\n"));
    PoliteFetcher polite = polite();

    polite.fetch(DAKAR, null, null);
    polite.fetch(THIES, null, null);

    assertThat(requests()).last().isEqualTo("20s weather.example/weather/senegal/thies");
  }

  @Test
  void aDisallowedPageIsNotRequestedAndIsCounted() throws InterruptedException {
    answers.put(
        "weather.example/robots.txt",
        uri -> robots("User-agent: citypulse\nDisallow: /weather/\n\nUser-agent: *\nAllow: /\n"));
    PoliteFetcher polite = polite();

    PoliteFetcher.Outcome outcome = polite.fetch(DAKAR, null, null);

    assertThat(outcome)
        .isEqualTo(new PoliteFetcher.Outcome.Disallowed(
            "https://weather.example:443/robots.txt disallows /weather/senegal/dakar for citypulse"
                + " (Disallow: /weather/)"));
    assertThat(requests()).containsExactly("0s weather.example/robots.txt");
    assertThat(counters.get(PoliteFetcher.ROBOTS_DISALLOWED)).isEqualTo(1);
    assertThat(counters.get(PoliteFetcher.PAGE_REQUESTS)).isZero();
  }

  @Test
  void anUnreachableRobotsTxtHoldsThePagesBackUntilTheRetry() throws InterruptedException {
    List<FeedResponse> robotsAnswers = new ArrayList<>(List.of(
        new FeedResponse.HttpError(503, "down"), new FeedResponse.Timeout("slow"), robots("")));
    answers.put("weather.example/robots.txt", uri -> robotsAnswers.remove(0));
    PoliteFetcher polite = polite();

    PoliteFetcher.Outcome first = polite.fetch(DAKAR, null, null);
    clock.advance(Duration.ofMinutes(5));
    PoliteFetcher.Outcome meanwhile = polite.fetch(DAKAR, null, null);
    clock.advance(ScraperPoliteness.DEFAULT_ROBOTS_RETRY);
    PoliteFetcher.Outcome retried = polite.fetch(DAKAR, null, null);
    clock.advance(ScraperPoliteness.DEFAULT_ROBOTS_RETRY);
    PoliteFetcher.Outcome allowed = polite.fetch(DAKAR, null, null);

    assertThat(first).isInstanceOf(PoliteFetcher.Outcome.RobotsUnavailable.class);
    assertThat(((PoliteFetcher.Outcome.RobotsUnavailable) first).reason())
        .startsWith("robots.txt of https://weather.example:443 unavailable (HTTP 503: down)");
    assertThat(meanwhile)
        .as("not asked again before the retry")
        .isInstanceOf(PoliteFetcher.Outcome.RobotsUnavailable.class);
    assertThat(retried).isInstanceOf(PoliteFetcher.Outcome.RobotsUnavailable.class);
    assertThat(allowed).isInstanceOf(PoliteFetcher.Outcome.Fetched.class);
    assertThat(counters.get(PoliteFetcher.ROBOTS_FETCHES)).isEqualTo(3);
    assertThat(counters.get(PoliteFetcher.ROBOTS_UNAVAILABLE)).isEqualTo(3);
    assertThat(counters.get(PoliteFetcher.PAGE_REQUESTS)).isEqualTo(1);
  }

  @Test
  void robotsTxtIsKeptADayAndTheOldCopyOutlivesAnOutage() throws InterruptedException {
    List<FeedResponse> robotsAnswers = new ArrayList<>(List.of(
        robots("User-agent: *\nDisallow: /weather/senegal/thies\n"),
        new FeedResponse.IoError("connection refused")));
    answers.put("weather.example/robots.txt", uri -> robotsAnswers.remove(0));
    PoliteFetcher polite = polite();

    polite.fetch(DAKAR, null, null);
    clock.advance(Duration.ofHours(23));
    polite.fetch(DAKAR, null, null);
    clock.advance(Duration.ofHours(2));
    PoliteFetcher.Outcome afterADay = polite.fetch(THIES, null, null);

    assertThat(counters.get(PoliteFetcher.ROBOTS_FETCHES)).isEqualTo(2);
    assertThat(afterADay)
        .as("the copy read before still applies")
        .isInstanceOf(PoliteFetcher.Outcome.Disallowed.class);
  }

  @Test
  void filesNeedNoRobotsTxt() throws InterruptedException {
    PoliteFetcher.Outcome outcome = polite().fetch(URI.create("file:///tmp/page.html"), null, null);

    assertThat(outcome).isInstanceOf(PoliteFetcher.Outcome.Fetched.class);
    assertThat(requests()).hasSize(1);
  }
}
