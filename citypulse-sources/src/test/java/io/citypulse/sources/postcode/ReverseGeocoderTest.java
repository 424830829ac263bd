package io.citypulse.sources.postcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.PostcodeLocation.Source;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.testkit.MutableClock;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReverseGeocoderTest {

  private static final double LAT = 48.865983;
  private static final double LON = 2.275725;

  private final MutableClock clock = new MutableClock(Instant.parse("2025-10-18T09:00:00Z"));
  private final Counters counters = new Counters();
  private GeocoderStub stub;

  @BeforeEach
  void startStub() throws Exception {
    stub = GeocoderStub.start();
  }

  @AfterEach
  void stopStub() {
    stub.close();
  }

  private ReverseGeocoder geocoder(URI baseUrl, Duration timeout) {
    RateLimiter unlimited = new RateLimiter(1_000, 1_000, System::nanoTime, d -> {});
    return new ReverseGeocoder(
        HttpClient.newHttpClient(), baseUrl, timeout, unlimited, clock, counters);
  }

  private ReverseGeocoder geocoder() {
    return geocoder(stub.baseUrl(), Duration.ofSeconds(5));
  }

  private static byte[] fixture(String name) throws Exception {
    try (InputStream in = ReverseGeocoderTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void readsPostcodeAndCityOfTheFirstFeature() throws Exception {
    GeocodeResult result = ReverseGeocoder.parse(fixture("geopf-reverse-address.json"), LAT, LON);

    assertThat(result.status()).isEqualTo(GeocodeResult.Status.FOUND);
    assertThat(result.location())
        .isEqualTo(new PostcodeLocation("75116", "Paris", Source.GEOCODER));
    assertThat(result.isDefinitive()).isTrue();
  }

  @Test
  void noFeatureMeansNotFoundWhichIsDefinitive() throws Exception {
    GeocodeResult result = ReverseGeocoder.parse(fixture("geopf-reverse-empty.json"), LAT, LON);

    assertThat(result.status()).isEqualTo(GeocodeResult.Status.NOT_FOUND);
    assertThat(result.location()).isEqualTo(PostcodeLocation.UNKNOWN);
    assertThat(result.isDefinitive()).isTrue();
  }

  @Test
  void anAddressKilometresAwayIsNotThisStationsAddress() {
    // A station in Dakar: the French address index still returns its "nearest" French address.
    byte[] body = GeocoderStub.addressAt(48.86, 2.27, "75116", "Paris", "75116").getBytes();

    GeocodeResult result = ReverseGeocoder.parse(body, 14.7167, -17.4677);

    assertThat(result.status()).isEqualTo(GeocodeResult.Status.NOT_FOUND);
    assertThat(result.detail()).contains("m away");
  }

  @Test
  void aBodyThatIsNotAFeatureCollectionIsAFailureNotAnAnswer() {
    assertThat(ReverseGeocoder.parse("<html>proxy error</html>".getBytes(), LAT, LON)
            .status())
        .isEqualTo(GeocodeResult.Status.FAILED);
    assertThat(
            ReverseGeocoder.parse("{\"type\":\"error\"}".getBytes(), LAT, LON).status())
        .isEqualTo(GeocodeResult.Status.FAILED);
  }

  @Test
  void asksTheDocumentedEndpointAndParameters() throws Exception {
    byte[] body = fixture("geopf-reverse-address.json");
    stub.respond((lat, lon) -> GeocoderStub.Reply.json(new String(body)));

    GeocodeResult result =
        geocoder(URI.create(stub.baseUrl() + "/"), Duration.ofSeconds(5)).reverse(LAT, LON);

    assertThat(result.location().postcode()).isEqualTo("75116");
    assertThat(stub.requests()).singleElement().satisfies(uri -> {
      assertThat(uri.getPath()).isEqualTo("/geocodage/reverse");
      assertThat(uri.getQuery()).isEqualTo("lon=2.275725&lat=48.865983&index=address&limit=1");
    });
    assertThat(counters.get("geocoder.requests")).isEqualTo(1);
    assertThat(counters.get("geocoder.errors")).isZero();
  }

  @Test
  void serverErrorsAreFailuresAndCounted() {
    stub.respond((lat, lon) -> GeocoderStub.Reply.status(503, Map.of()));

    GeocodeResult result = geocoder().reverse(LAT, LON);

    assertThat(result.status()).isEqualTo(GeocodeResult.Status.FAILED);
    assertThat(result.detail()).isEqualTo("HTTP 503");
    assertThat(result.isDefinitive()).isFalse();
    assertThat(counters.get("geocoder.errors")).isEqualTo(1);
  }

  @Test
  void aWrongBaseUrlIsAFailureNotAnEmptyAnswer() {
    GeocodeResult result = geocoder(
            URI.create(stub.baseUrl() + "/wrong/prefix/x"), Duration.ofSeconds(5))
        .reverse(LAT, LON);

    assertThat(result.status()).isEqualTo(GeocodeResult.Status.FAILED);
    assertThat(result.detail()).isEqualTo("HTTP 404");
  }

  @Test
  void aSlowServerIsATimeoutFailure() {
    stub.respond((lat, lon) -> new GeocoderStub.Reply(
        200, GeocoderStub.emptyCollection(), Map.of(), Duration.ofSeconds(3)));

    GeocodeResult result = geocoder(stub.baseUrl(), Duration.ofMillis(200)).reverse(LAT, LON);

    assertThat(result.status()).isEqualTo(GeocodeResult.Status.FAILED);
    assertThat(result.detail()).startsWith("timeout");
    assertThat(counters.get("geocoder.errors")).isEqualTo(1);
  }

  @Test
  void anUnreachableServerIsAFailure() {
    URI closed = stub.baseUrl();
    stub.close();

    GeocodeResult result = geocoder(closed, Duration.ofSeconds(2)).reverse(LAT, LON);

    assertThat(result.status()).isEqualTo(GeocodeResult.Status.FAILED);
  }

  @Test
  void a429PausesAllGeocodingUntilRetryAfter() {
    stub.respond((lat, lon) -> GeocoderStub.Reply.status(429, Map.of("Retry-After", "30")));
    ReverseGeocoder geocoder = geocoder();

    GeocodeResult limited = geocoder.reverse(LAT, LON);
    GeocodeResult whilePaused = geocoder.reverse(48.0, 2.0);

    assertThat(limited.status()).isEqualTo(GeocodeResult.Status.RATE_LIMITED);
    assertThat(limited.retryAfter()).isEqualTo(clock.instant().plusSeconds(30));
    assertThat(whilePaused.status()).isEqualTo(GeocodeResult.Status.RATE_LIMITED);
    assertThat(stub.requestCount()).isEqualTo(1);
    assertThat(counters.get("geocoder.rate_limited")).isEqualTo(1);

    stub.respond((lat, lon) ->
        GeocoderStub.Reply.json(GeocoderStub.addressAt(lat, lon, "75016", "Paris", "75116")));
    clock.advance(Duration.ofSeconds(30));

    assertThat(geocoder.reverse(LAT, LON).location().postcode()).isEqualTo("75016");
    assertThat(stub.requestCount()).isEqualTo(2);
  }

  @Test
  void retryAfterAcceptsSecondsOrAnHttpDateAndFallsBackOtherwise() {
    Instant now = Instant.parse("2025-10-18T09:00:00Z");

    assertThat(ReverseGeocoder.retryAfter(Optional.of("12"), now))
        .isEqualTo(Duration.ofSeconds(12));
    assertThat(ReverseGeocoder.retryAfter(Optional.of("Sat, 18 Oct 2025 09:01:00 GMT"), now))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(ReverseGeocoder.retryAfter(Optional.empty(), now))
        .isEqualTo(ReverseGeocoder.DEFAULT_RATE_LIMIT_PAUSE);
    assertThat(ReverseGeocoder.retryAfter(Optional.of("soon"), now))
        .isEqualTo(ReverseGeocoder.DEFAULT_RATE_LIMIT_PAUSE);
    assertThat(ReverseGeocoder.retryAfter(Optional.of("999999"), now))
        .isEqualTo(Duration.ofHours(1));
  }

  @Test
  void requestsGoThroughTheRateLimiter() {
    stub.respond((lat, lon) -> GeocoderStub.Reply.json(GeocoderStub.emptyCollection()));
    long[] nanos = {0};
    RateLimiter limiter = new RateLimiter(40, 1, () -> nanos[0], d -> nanos[0] += d.toNanos());
    ReverseGeocoder geocoder = new ReverseGeocoder(
        HttpClient.newHttpClient(),
        stub.baseUrl(),
        Duration.ofSeconds(5),
        limiter,
        clock,
        counters);

    for (int i = 0; i < 5; i++) {
      geocoder.reverse(48.0 + i / 100.0, 2.0);
    }

    assertThat(stub.requestCount()).isEqualTo(5);
    assertThat(Duration.ofNanos(nanos[0])).isEqualTo(Duration.ofMillis(100));
  }
}
