package io.citypulse.sources.weather;

import static io.citypulse.sources.weather.ScriptedWeatherSource.observed;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.WeatherObservation;
import io.citypulse.model.time.Sleeper;
import io.citypulse.sources.http.Backoff;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.DeadLetter;
import io.citypulse.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WeatherPollerTest {
  private static final Instant T0 = Instant.parse("2025-10-18T10:00:00Z");
  private static final Duration INTERVAL = Duration.ofMinutes(10);
  private static final WeatherLocation PARIS =
      new WeatherLocation("paris", "Paris", "FR", 48.8566, 2.3522);
  private static final WeatherLocation DAKAR =
      new WeatherLocation("dakar", "Dakar", "SN", 14.6928, -17.4467);

  private final MutableClock clock = new MutableClock(T0);
  private final ScriptedWeatherSource source = new ScriptedWeatherSource();
  private final Counters counters = new Counters();
  private final List<WeatherObservation> published = new CopyOnWriteArrayList<>();
  private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

  private WeatherPoller poller(WeatherSource from, WeatherLocation... locations) {
    return new WeatherPoller(
        from,
        List.of(locations),
        INTERVAL,
        clock,
        Sleeper.SYSTEM,
        published::add,
        deadLetters::add,
        counters,
        () -> Backoff.withoutJitter(Duration.ofSeconds(5), Duration.ofMinutes(5)));
  }

  @Test
  void anObservationIsPublishedOnlyWhenItIsNewerThanTheLastOne() {
    Instant dt = Instant.parse("2025-10-18T09:58:00Z");
    source.answer(
        "paris",
        observed("paris", dt, 14.0),
        observed("paris", dt, 14.0),
        observed("paris", dt.plusSeconds(600), 14.5),
        observed("paris", dt.minusSeconds(600), 13.0));
    WeatherPoller poller = poller(source, PARIS);

    for (int i = 0; i < 4; i++) {
      poller.pollOnce();
      clock.advance(INTERVAL);
    }

    assertThat(source.calls).hasSize(4);
    assertThat(published).extracting(WeatherObservation::temperatureC).containsExactly(14.0, 14.5);
    assertThat(counters.get(WeatherPoller.PUBLISHED)).isEqualTo(2);
    assertThat(counters.get(WeatherPoller.UNCHANGED))
        .as("a repeat and an older one")
        .isEqualTo(2);
    assertThat(poller.status().locations().get(0).lastPublishedAt()).isEqualTo(dt.plusSeconds(600));
  }

  @Test
  void aNotModifiedAnswerCountsAsUnchangedWithoutDeadLetterOrBackoff() {
    source.answer(
        "paris",
        observed("paris", T0, 14.0),
        new WeatherFetch.NotModified(java.net.URI.create("https://example.test/paris")));
    WeatherPoller poller = poller(source, PARIS);

    poller.pollOnce();
    clock.advance(INTERVAL);
    Duration wait = poller.pollOnce();

    assertThat(published).hasSize(1);
    assertThat(deadLetters).isEmpty();
    assertThat(counters.get(WeatherPoller.UNCHANGED)).isEqualTo(1);
    assertThat(counters.get(WeatherPoller.FETCH_FAILED)).isZero();
    assertThat(wait).as("the next poll at the interval, no backoff").isEqualTo(INTERVAL);
    assertThat(poller.status().locations().get(0).consecutiveFailures()).isZero();
    assertThat(poller.status().locations().get(0).lastError()).isNull();
  }

  @Test
  void eachLocationIsPolledEveryIntervalAndTheWaitIsUntilTheNextDue() {
    source
        .answer("paris", observed("paris", T0, 14.0))
        .answer("dakar", observed("dakar", T0, 29.0));
    WeatherPoller poller = poller(source, PARIS, DAKAR);

    Duration wait = poller.pollOnce();
    Duration early = poller.pollOnce();

    assertThat(wait).isEqualTo(INTERVAL);
    assertThat(early).isEqualTo(INTERVAL);
    assertThat(source.calls).containsExactly("paris", "dakar");
    assertThat(poller.status().locations())
        .extracting(WeatherLocationStatus::nextPollAt)
        .containsOnly(T0.plus(INTERVAL));
  }

  @Test
  void anInvalidObservationIsDeadLetteredWithTheReasonAndTheRawBody() {
    WeatherFetch.Observed hot = observed("paris", T0, 291.15);
    source.answer("paris", hot, observed("paris", T0.plusSeconds(600), 14.0));
    WeatherPoller poller = poller(source, PARIS);

    poller.pollOnce();

    assertThat(published).isEmpty();
    assertThat(deadLetters).hasSize(1);
    DeadLetter letter = deadLetters.get(0);
    assertThat(letter.reason())
        .isEqualTo(
            "scripted observation of 'paris' rejected: temperature_c 291.15 is outside [-90, 60]");
    assertThat(letter.payload()).isEqualTo(hot.body());
    assertThat(letter.source()).hasToString("scripted:paris");
    assertThat(counters.get(WeatherPoller.INVALID)).isEqualTo(1);
    assertThat(counters.get(WeatherPoller.DEAD_LETTERS)).isEqualTo(1);
    assertThat(poller.status().locations().get(0).lastError()).contains("temperature_c 291.15");

    clock.advance(INTERVAL);
    poller.pollOnce();
    assertThat(published).extracting(WeatherObservation::temperatureC).containsExactly(14.0);
  }

  @Test
  void anUnreadableBodyIsDeadLetteredAndTheLocationRetriedWithBackoff() {
    byte[] body = "<html>maintenance</html>".getBytes(StandardCharsets.UTF_8);
    source.answer(
        "paris",
        new WeatherFetch.Unreadable(
            "not JSON: Unexpected character ('<')",
            java.net.URI.create("https://api.example/weather?appid=***"),
            body),
        observed("paris", T0, 14.0));
    WeatherPoller poller = poller(source, PARIS);

    Duration wait = poller.pollOnce();

    assertThat(wait).isEqualTo(Duration.ofSeconds(5));
    assertThat(deadLetters).singleElement().satisfies(letter -> {
      assertThat(letter.reason())
          .isEqualTo("scripted body for 'paris' unreadable: not JSON: Unexpected character ('<')");
      assertThat(letter.payload()).isEqualTo(body);
    });
    assertThat(counters.get(WeatherPoller.PARSE_ERRORS)).isEqualTo(1);
    assertThat(poller.status().locations().get(0).consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void aFailingLocationBacksOffAloneWhileTheOthersKeepTheirInterval() {
    source
        .answer(
            "paris",
            new WeatherFetch.Failed("http_error", "HTTP 503"),
            new WeatherFetch.Failed("timeout", "slow"),
            observed("paris", T0, 14.0))
        .answer("dakar", observed("dakar", T0, 29.0));
    WeatherPoller poller = poller(source, PARIS, DAKAR);

    assertThat(poller.pollOnce()).isEqualTo(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5));
    assertThat(poller.pollOnce()).isEqualTo(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    poller.pollOnce();

    assertThat(source.calls).containsExactly("paris", "dakar", "paris", "paris");
    assertThat(published)
        .extracting(WeatherObservation::location)
        .containsExactly("dakar", "paris");
    assertThat(counters.get(WeatherPoller.FETCH_FAILED)).isEqualTo(2);
    assertThat(counters.get(WeatherPoller.FETCH_FAILED_PREFIX + "http_error")).isEqualTo(1);
    assertThat(counters.get(WeatherPoller.FETCH_FAILED_PREFIX + "timeout")).isEqualTo(1);
    assertThat(poller.status().locations().get(0).consecutiveFailures()).isZero();
  }

  @Test
  void aListenerThatThrowsGetsTheSameObservationAgainNextTime() {
    source.answer("paris", observed("paris", T0, 14.0));
    AtomicBoolean fail = new AtomicBoolean(true);
    WeatherPoller poller = new WeatherPoller(
        source,
        List.of(PARIS),
        INTERVAL,
        clock,
        Sleeper.SYSTEM,
        o -> {
          if (fail.getAndSet(false)) {
            throw new IllegalStateException("broker down");
          }
          published.add(o);
        },
        deadLetters::add,
        counters,
        () -> Backoff.withoutJitter(Duration.ofSeconds(5), Duration.ofMinutes(5)));

    poller.pollOnce();
    clock.advance(INTERVAL);
    poller.pollOnce();

    assertThat(counters.get(WeatherPoller.LISTENER_ERRORS)).isEqualTo(1);
    assertThat(published).hasSize(1);
  }

  @Test
  void aRateLimitPausesTheWholeSource() {
    source
        .answer(
            "paris",
            new WeatherFetch.RateLimited(Duration.ofSeconds(90), "429"),
            observed("paris", T0, 14.0))
        .answer("dakar", observed("dakar", T0, 29.0));
    WeatherPoller poller = poller(source, PARIS, DAKAR);

    Duration wait = poller.pollOnce();

    assertThat(wait).isEqualTo(Duration.ofSeconds(90));
    assertThat(source.calls).as("dakar waits for the pause too").containsExactly("paris");
    assertThat(poller.status().pausedUntil()).isEqualTo(T0.plusSeconds(90));
    assertThat(poller.status().summary()).contains("rate-limited until 2025-10-18T10:01:30Z");
    clock.advance(Duration.ofSeconds(60));
    assertThat(poller.pollOnce()).isEqualTo(Duration.ofSeconds(30));
    assertThat(source.calls).hasSize(1);
    clock.advance(Duration.ofSeconds(30));
    poller.pollOnce();
    assertThat(source.calls).containsExactly("paris", "paris", "dakar");
    assertThat(poller.status().pausedUntil()).isNull();
  }

  @Test
  void whenEveryLocationIsUnknownTheSourceStops() {
    source.answer("paris", new WeatherFetch.UnknownLocation("no such place"));
    WeatherPoller poller = poller(source, PARIS);

    assertThat(poller.pollOnce()).isZero();

    assertThat(poller.stopped()).isTrue();
    assertThat(poller.status().stoppedBecause())
        .contains("no location left to poll")
        .contains("no such place");
    assertThat(poller.status().summary()).startsWith("scripted: STOPPED (");
  }

  @Test
  void withTheGeneratorEachSlotIsPublishedOnce() {
    WeatherGenerator generator = new WeatherGenerator(7, INTERVAL, clock);
    WeatherPoller poller =
        poller(generator, WeatherLocations.preset("brief").toArray(WeatherLocation[]::new));

    poller.pollOnce();
    clock.advance(Duration.ofMinutes(3));
    poller.pollOnce();
    clock.advance(Duration.ofMinutes(7));
    poller.pollOnce();

    assertThat(published).hasSize(10);
    assertThat(published.subList(0, 5))
        .extracting(WeatherObservation::observedAt)
        .containsOnly(T0);
    assertThat(published.subList(5, 10))
        .extracting(WeatherObservation::observedAt)
        .containsOnly(T0.plus(INTERVAL));
    assertThat(poller.status().summary()).isEqualTo("generator: 5/5 ok");
  }
}
