package io.citypulse.sources.weather;

import static io.citypulse.sources.Fixtures.text;
import static io.citypulse.sources.weather.WeatherHttpFixture.KEY;
import static io.citypulse.sources.weather.WeatherHttpFixture.param;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.WeatherObservation;
import io.citypulse.testkit.RecordedRequest;
import io.citypulse.testkit.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Open-Meteo (with geocoding) and Tomorrow.io over real HTTP on a local server. */
class OpenMeteoAndTomorrowHttpTest {
  private static final String FORECAST = "/v1/forecast";
  private static final String GEOCODING = "/geo/v1/search";
  private static final String REALTIME = "/v4/weather/realtime";

  private final WeatherHttpFixture fixture = new WeatherHttpFixture();

  @BeforeEach
  void afterTheFixturesObservations() {
    // The fixtures were observed up to 2025-10-18T22:30Z; the validator refuses observations from
    // the future.
    fixture.clock.advance(Duration.ofHours(13));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private static Response geocoder(RecordedRequest request) {
    return Response.json(
        200,
        text(
            "Thiès".equals(param(request.query(), "name"))
                ? "weather/openmeteo/geocoding_thies.json"
                : "weather/openmeteo/geocoding_none.json"));
  }

  @Test
  void openMeteoGeocodesANameOnceThenAsksForItsCoordinates() {
    fixture.server.respondWith(GEOCODING, OpenMeteoAndTomorrowHttpTest::geocoder);
    fixture.server.respond(FORECAST, Response.json(200, text("weather/openmeteo/tokyo_ms.json")));
    WeatherPoller poller = fixture.poller(fixture.settings(
        WeatherSourceKind.OPEN_METEO, List.of(WeatherLocations.parse("Thiès,SN"))));

    poller.pollOnce();
    fixture.clock.advance(Duration.ofMinutes(10));
    poller.pollOnce();

    assertThat(fixture.server.requestCount(GEOCODING))
        .as("cached after the first lookup")
        .isEqualTo(1);
    assertThat(fixture.server.requests(GEOCODING).get(0).query())
        .isEqualTo("name=Thi%C3%A8s&count=1&language=en&format=json&countryCode=SN");
    assertThat(fixture.server.requests(FORECAST))
        .hasSize(2)
        .allSatisfy(request -> assertThat(request.query())
            .startsWith("latitude=14.78333&longitude=-16.93333&current=temperature_2m,")
            .endsWith("&wind_speed_unit=ms&timezone=auto"));
    WeatherObservation o = fixture.published.get(0);
    assertThat(o.location()).isEqualTo("thies");
    assertThat(o.city()).isEqualTo("Thiès");
    assertThat(o.country()).isEqualTo("SN");
    assertThat(o.lat()).isEqualTo(14.78333);
    assertThat(fixture.counters.get(HttpWeatherSource.GEOCODE_LOOKUPS)).isEqualTo(1);
  }

  @Test
  void openMeteoSkipsANameTheGeocoderDoesNotKnow() {
    fixture.server.respondWith(GEOCODING, OpenMeteoAndTomorrowHttpTest::geocoder);
    fixture.server.respond(FORECAST, Response.json(200, text("weather/openmeteo/tokyo_ms.json")));
    WeatherPoller poller = fixture.poller(fixture.settings(
        WeatherSourceKind.OPEN_METEO,
        List.of(
            WeatherLocations.parse("Atlantis"), WeatherLocations.preset("brief").get(2))));

    poller.pollOnce();

    assertThat(poller.status().locations().get(0).skippedBecause())
        .isEqualTo("no place named 'Atlantis' in open-meteo geocoding");
    assertThat(fixture.published).extracting(WeatherObservation::location).containsExactly("tokyo");
    assertThat(fixture.published.get(0).observedAt())
        .isEqualTo(Instant.parse("2025-10-18T22:30:00Z"));
    assertThat(fixture.server.requestCount(FORECAST)).isEqualTo(1);
  }

  @Test
  void openMeteoErrorBodyOn400SkipsTheLocationWithTheReason() {
    fixture.server.respond(FORECAST, Response.json(400, text("weather/openmeteo/error.json")));
    WeatherPoller poller = fixture.poller(fixture.settings(
        WeatherSourceKind.OPEN_METEO, List.of(WeatherLocations.preset("brief").get(2))));

    poller.pollOnce();

    assertThat(poller.status().locations().get(0).skippedBecause())
        .isEqualTo(
            "open-meteo does not know 'Tokyo' (HTTP 400: Latitude must be in range of -90 to 90°. Given: 120.0.)");
  }

  @Test
  void openMeteoDefaultLimitLetsFiveCallsGoAtOnceThenFivePerSecond() {
    fixture.server.respond(FORECAST, Response.json(200, text("weather/openmeteo/tokyo_ms.json")));
    List<WeatherLocation> senegal = WeatherLocations.preset("senegal");

    fixture.poller(fixture.settings(WeatherSourceKind.OPEN_METEO, senegal)).pollOnce();

    assertThat(fixture.server.requestCount(FORECAST)).isEqualTo(14);
    // 14 calls, a burst of 5 then 9 more at 5/s: 1.8 s of waiting, never more than 10 calls in a
    // second.
    assertThat(fixture.sleeps.stream().mapToLong(Duration::toMillis).sum()).isEqualTo(1800);
  }

  @Test
  void tomorrowIoPublishesWithTheOffsetOfTheLocation() {
    fixture.server.respond(
        REALTIME, Response.json(200, text("weather/tomorrow/dakar_realtime.json")));
    WeatherPoller poller = fixture.poller(fixture.settings(
        WeatherSourceKind.TOMORROW_IO, List.of(WeatherLocations.preset("brief").get(3))));

    poller.pollOnce();

    assertThat(fixture.server.requests(REALTIME).get(0).query())
        .isEqualTo("location=14.6928,-17.4467&units=metric&apikey=" + KEY);
    assertThat(fixture.published).singleElement().satisfies(o -> {
      assertThat(o.source()).isEqualTo("tomorrow.io");
      assertThat(o.utcOffsetSeconds()).isZero();
      assertThat(o.weatherDescription()).isEqualTo("light rain");
    });
  }

  @Test
  void tomorrowIoUnauthorizedStopsNamingItsVariable() {
    fixture.server.respond(REALTIME, Response.json(401, text("weather/tomorrow/error_401.json")));
    WeatherPoller poller = fixture.poller(
        fixture.settings(WeatherSourceKind.TOMORROW_IO, WeatherLocations.preset("brief")));

    poller.pollOnce();

    assertThat(poller.status().stoppedBecause())
        .isEqualTo(
            "tomorrow.io refused the request (HTTP 401: Invalid Auth: "
                + "The method requires authentication but it was not presented or is invalid.): check TOMORROW_API_KEY");
    assertThat(fixture.server.requestCount(REALTIME)).isEqualTo(1);
  }

  @Test
  void tomorrowIoTooManyCallsWithoutRetryAfterBacksOffAndAnUnknownPlaceIsSkipped() {
    fixture.server.respondWith(
        REALTIME,
        request -> "Atlantis".equals(param(request.query(), "location"))
            ? Response.json(400, text("weather/tomorrow/error_400_location.json"))
            : Response.json(429, text("weather/tomorrow/error_429.json")));
    WeatherPoller poller = fixture.poller(fixture.settings(
        WeatherSourceKind.TOMORROW_IO,
        List.of(
            WeatherLocations.parse("Atlantis"), WeatherLocations.preset("brief").get(0))));

    Duration wait = poller.pollOnce();

    assertThat(poller.status().locations().get(0).skippedBecause())
        .contains("HTTP 400: Invalid Query Parameters");
    assertThat(wait).isEqualTo(Duration.ofSeconds(5));
    assertThat(poller.status().lastError())
        .startsWith("tomorrow.io rate limit reached (429 rate limited)");
    assertThat(fixture.counters.get(WeatherPoller.RATE_LIMITED)).isEqualTo(1);
  }
}
