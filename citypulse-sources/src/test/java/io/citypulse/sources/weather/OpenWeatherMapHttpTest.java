package io.citypulse.sources.weather;

import static io.citypulse.sources.Fixtures.text;
import static io.citypulse.sources.weather.WeatherHttpFixture.KEY;
import static io.citypulse.sources.weather.WeatherHttpFixture.T0;
import static io.citypulse.sources.weather.WeatherHttpFixture.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.model.WeatherObservation;
import io.citypulse.testkit.Ports;
import io.citypulse.testkit.RecordedRequest;
import io.citypulse.testkit.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OpenWeatherMap over real HTTP (a local server): what each kind of answer does to the poller. */
class OpenWeatherMapHttpTest {
  private static final String PATH = "/data/2.5/weather";
  private static final WeatherLocation PARIS = WeatherLocations.preset("brief").get(0);
  private static final WeatherLocation DAKAR = WeatherLocations.preset("brief").get(3);
  private static final WeatherLocation ATLANTIS = WeatherLocations.parse("Atlantis");

  private final WeatherHttpFixture fixture = new WeatherHttpFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  private WeatherPoller poller(WeatherLocation... locations) {
    return fixture.poller(fixture.settings(WeatherSourceKind.OPENWEATHERMAP, List.of(locations)));
  }

  /** Paris and Dakar by coordinates, anything by name is unknown. */
  private static Response world(RecordedRequest request) {
    if (param(request.query(), "q") != null) {
      return Response.json(404, text("weather/owm/error_404_city.json"));
    }
    return Response.json(
        200,
        text(
            param(request.query(), "lat").startsWith("48.")
                ? "weather/owm/paris_metric.json"
                : "weather/owm/dakar_string_cod.json"));
  }

  @Test
  void requestsCarryCoordinatesMetricUnitsAndTheKey() {
    fixture.server.respondWith(PATH, OpenWeatherMapHttpTest::world);

    poller(PARIS).pollOnce();

    RecordedRequest request = fixture.server.requests(PATH).get(0);
    assertThat(request.query()).isEqualTo("lat=48.8566&lon=2.3522&units=metric&appid=" + KEY);
    assertThat(fixture.published).singleElement().satisfies(o -> {
      assertThat(o.location()).isEqualTo("paris");
      assertThat(o.temperatureC()).isEqualTo(14.2);
      assertThat(o.fetchedAt()).isEqualTo(T0);
    });
  }

  @Test
  void unauthorizedStopsTheSourceNamingTheVariableAndMakesNoMoreCalls() {
    fixture.server.respond(PATH, Response.json(401, text("weather/owm/error_401.json")));
    WeatherPoller poller = poller(PARIS, DAKAR);

    Duration wait = poller.pollOnce();
    fixture.clock.advance(Duration.ofHours(1));
    poller.pollOnce();

    assertThat(wait).isZero();
    assertThat(poller.stopped()).isTrue();
    assertThat(fixture.server.requestCount(PATH)).as("no call after the 401").isEqualTo(1);
    WeatherPollerStatus status = poller.status();
    assertThat(status.stoppedBecause())
        .isEqualTo(
            "openweathermap refused the request (HTTP 401: Invalid API key. "
                + "Please see https://openweathermap.org/faq#error401 for more info.): check OPENWEATHERMAP_API_KEY");
    assertThat(status.summary()).startsWith("openweathermap: STOPPED");
    assertThat(fixture.counters.get(WeatherPoller.AUTH_FAILURES)).isEqualTo(1);
    assertThat(fixture.published).isEmpty();
  }

  @Test
  void theStoppedPollerThreadEndsByItself() throws Exception {
    fixture.server.respond(PATH, Response.json(403, "{\"cod\":403,\"message\":\"forbidden\"}"));
    WeatherPoller poller = poller(PARIS);

    poller.start();
    await("the poller stopping by itself")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> !poller.status().running());

    assertThat(poller.status().running()).isFalse();
    assertThat(poller.status().stoppedBecause())
        .contains("HTTP 403")
        .contains("OPENWEATHERMAP_API_KEY");
    assertThat(fixture.server.requestCount(PATH)).isEqualTo(1);
    poller.close();
  }

  @Test
  void anUnknownCityIsSkippedAndTheOthersStillPublish() {
    fixture.server.respondWith(PATH, OpenWeatherMapHttpTest::world);
    WeatherPoller poller = poller(PARIS, ATLANTIS, DAKAR);

    poller.pollOnce();
    fixture.clock.advance(Duration.ofMinutes(10));
    poller.pollOnce();

    assertThat(fixture.published)
        .extracting(WeatherObservation::location)
        .containsExactly("paris", "dakar");
    assertThat(fixture.server.requests(PATH))
        .filteredOn(r -> r.query().startsWith("q="))
        .as("asked once")
        .hasSize(1);
    assertThat(fixture.server.requests(PATH).get(1).query()).startsWith("q=Atlantis&units=metric");
    WeatherLocationStatus atlantis = poller.status().locations().get(1);
    assertThat(atlantis.skippedBecause())
        .isEqualTo("openweathermap does not know 'Atlantis' (HTTP 404: city not found)");
    assertThat(atlantis.nextPollAt()).isNull();
    assertThat(poller.status().summary()).isEqualTo("openweathermap: 2/3 ok, 1 skipped");
    assertThat(fixture.counters.get(WeatherPoller.LOCATIONS_SKIPPED)).isEqualTo(1);
    assertThat(fixture.counters.get(WeatherPoller.UNCHANGED))
        .as("same dt on the re-poll")
        .isEqualTo(2);
  }

  @Test
  void rateLimitedWaitsTheRetryAfterSeconds() {
    fixture.server.respond(
        PATH,
        Response.json(429, text("weather/owm/error_429.json")).header("Retry-After", "120"),
        Response.json(200, text("weather/owm/paris_metric.json")));
    WeatherPoller poller = poller(PARIS);

    Duration wait = poller.pollOnce();
    poller.pollOnce();

    assertThat(wait).isEqualTo(Duration.ofSeconds(120));
    assertThat(fixture.server.requestCount(PATH))
        .as("paused: no call before Retry-After")
        .isEqualTo(1);
    assertThat(poller.status().pausedUntil()).isEqualTo(T0.plusSeconds(120));
    assertThat(fixture.counters.get(WeatherPoller.RATE_LIMITED)).isEqualTo(1);

    fixture.clock.advance(wait);
    poller.pollOnce();

    assertThat(fixture.server.requestCount(PATH)).isEqualTo(2);
    assertThat(fixture.published).hasSize(1);
  }

  @Test
  void rateLimitedWaitsUntilTheRetryAfterDate() {
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(T0.plusSeconds(90).atOffset(ZoneOffset.UTC));
    fixture.server.respond(PATH, Response.status(429).header("Retry-After", date));

    assertThat(poller(PARIS).pollOnce()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void rateLimitedWithoutRetryAfterBacksOffExponentially() {
    fixture.server.respond(PATH, Response.json(429, text("weather/owm/error_429.json")));
    WeatherPoller poller = poller(PARIS);

    Duration first = poller.pollOnce();
    fixture.clock.advance(first);
    Duration second = poller.pollOnce();

    assertThat(first).isEqualTo(Duration.ofSeconds(5));
    assertThat(second).isEqualTo(Duration.ofSeconds(10));
    assertThat(fixture.counters.get(WeatherPoller.RATE_LIMITED)).isEqualTo(2);
  }

  @Test
  void serverErrorsAreRetriedWithBackoffUntilTheySucceed() {
    fixture.server.respond(
        PATH,
        Response.status(503).body("upstream down"),
        Response.status(502),
        Response.json(200, text("weather/owm/paris_metric.json")));
    WeatherPoller poller = poller(PARIS);

    Duration first = poller.pollOnce();
    fixture.clock.advance(first);
    Duration second = poller.pollOnce();
    assertThat(poller.status().locations().get(0).consecutiveFailures()).isEqualTo(2);
    assertThat(poller.status().locations().get(0).lastError()).isEqualTo("openweathermap HTTP 502");
    fixture.clock.advance(second);
    poller.pollOnce();

    assertThat(first).isEqualTo(Duration.ofSeconds(5));
    assertThat(second).isEqualTo(Duration.ofSeconds(10));
    assertThat(fixture.published).hasSize(1);
    assertThat(fixture.counters.get(WeatherPoller.FETCH_FAILED_PREFIX + "http_error"))
        .isEqualTo(2);
    assertThat(poller.status().locations().get(0).consecutiveFailures()).isZero();
  }

  @Test
  void aTimeoutIsRetried() {
    fixture.server.respond(
        PATH,
        Response.json(200, text("weather/owm/paris_metric.json")).delay(Duration.ofSeconds(2)),
        Response.json(200, text("weather/owm/paris_metric.json")));
    WeatherPoller poller = poller(PARIS);

    Duration wait = poller.pollOnce();
    fixture.clock.advance(wait);
    poller.pollOnce();

    assertThat(fixture.counters.get(WeatherPoller.FETCH_FAILED_PREFIX + "timeout"))
        .isEqualTo(1);
    assertThat(fixture.published).hasSize(1);
  }

  @Test
  void aRefusedConnectionIsRetriedNotFatal() {
    WeatherSettings settings = fixture
        .settings(WeatherSourceKind.OPENWEATHERMAP, List.of(PARIS))
        .withUrls(URI.create("http://127.0.0.1:" + Ports.freePort() + "/"), null);
    WeatherPoller poller = fixture.poller(settings);

    Duration wait = poller.pollOnce();

    assertThat(wait).isEqualTo(Duration.ofSeconds(5));
    assertThat(fixture.counters.get(WeatherPoller.FETCH_FAILED_PREFIX + "io_error"))
        .isEqualTo(1);
    assertThat(poller.stopped()).isFalse();
    assertThat(poller.status().locations().get(0).lastError())
        .contains("cannot connect to 127.0.0.1");
  }

  @Test
  void aMalformedBodyIsDeadLetteredWithItsReasonAndRawBody() {
    fixture.server.respond(
        PATH,
        Response.status(200).header("Content-Type", "text/html").body("<html>maintenance</html>"));
    WeatherPoller poller = poller(PARIS);

    poller.pollOnce();

    assertThat(fixture.deadLetters).singleElement().satisfies(letter -> {
      assertThat(letter.reason())
          .startsWith("openweathermap body for 'paris' unreadable: not JSON: ");
      assertThat(new String(letter.payload(), StandardCharsets.UTF_8))
          .isEqualTo("<html>maintenance</html>");
      assertThat(letter.source().toString())
          .endsWith(PATH + "?lat=48.8566&lon=2.3522&units=metric&appid=***");
      assertThat(letter.at()).isEqualTo(T0);
    });
    assertThat(fixture.counters.get(WeatherPoller.PARSE_ERRORS)).isEqualTo(1);
    assertThat(fixture.published).isEmpty();
  }

  @Test
  void aKelvinBodyIsRejectedToTheDeadLetters() {
    fixture.server.respond(PATH, Response.json(200, text("weather/owm/paris_kelvin.json")));

    poller(PARIS).pollOnce();

    assertThat(fixture.deadLetters)
        .singleElement()
        .satisfies(letter ->
            assertThat(letter.reason()).contains("temperature_c 291.15 is outside [-90, 60]"));
    assertThat(fixture.counters.get(WeatherPoller.INVALID)).isEqualTo(1);
  }

  @Test
  void callsAreSpacedByTheClientSideRateLimit() {
    fixture.server.respondWith(PATH, OpenWeatherMapHttpTest::world);
    WeatherLocation paris2 = WeatherLocations.parse("Paris Nord@48.88,2.35");
    WeatherLocation paris3 = WeatherLocations.parse("Paris Sud@48.82,2.35");

    poller(PARIS, paris2, paris3).pollOnce();

    // Default OpenWeatherMap limit: 1 call/s, burst 1: the 2nd and 3rd calls each wait a second.
    assertThat(fixture.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    assertThat(fixture.published).hasSize(3);
  }
}
