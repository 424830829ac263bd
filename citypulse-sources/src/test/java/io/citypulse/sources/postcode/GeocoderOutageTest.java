package io.citypulse.sources.postcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.PostcodeLocation.Source;
import io.citypulse.model.StationInformation;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.postcode.PostcodeResolution.GeocoderState;
import io.citypulse.testkit.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The geocoder unreachable, slow, failing or rate limited: no station waits longer than the
 * pending timeout, the circuit stops asking a service that is down, and every station moves to
 * its postcode once the service answers again. Clock injected; the stub serves the service's
 * GeoJSON on 127.0.0.1.
 */
class GeocoderOutageTest {

  private static final Duration PENDING_TIMEOUT = Duration.ofSeconds(60);
  private static final GeocodingWaits WAITS =
      new GeocodingWaits(PENDING_TIMEOUT, Duration.ofSeconds(30), Duration.ofMinutes(30));
  private static final StationInformation VICTOR_HUGO = new StationInformation(
      "213688169", "16107", "Benjamin Godard - Victor Hugo", 48.865983, 2.275725, 35, null);

  private final MutableClock clock = new MutableClock(Instant.parse("2025-10-18T09:00:00Z"));
  private final Counters counters = new Counters();
  private final Queue<Runnable> background = new ArrayDeque<>();
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

  /** Requests run only when the test runs {@link #background}: "still queued" until then. */
  private ChainedPostcodeResolver queued() {
    return new ChainedPostcodeResolver(
        PostcodeTable.empty(),
        geocoder(stub.baseUrl(), Duration.ofSeconds(5)),
        GeocodeCache.inMemory(),
        background::add,
        clock,
        counters,
        WAITS);
  }

  private ChainedPostcodeResolver synchronous(ReverseGeocoder geocoder, GeocodingWaits waits) {
    return new ChainedPostcodeResolver(
        PostcodeTable.empty(),
        geocoder,
        GeocodeCache.inMemory(),
        Runnable::run,
        clock,
        counters,
        waits);
  }

  private void runBackground() {
    while (!background.isEmpty()) {
      background.poll().run();
    }
  }

  /** Stations in Paris 16e north of Passy (75116), at distinct points. */
  private static List<StationInformation> stations(int count) {
    List<StationInformation> stations = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      stations.add(new StationInformation(
          "id" + i, "161" + i, "Station " + i, 48.86 + i / 1000.0, 2.28, 20, null));
    }
    return stations;
  }

  @Test
  void aQueuedStationIsPendingUntilItsTimeoutThenUnknownThenMovesWhenTheGeocoderAnswers() {
    stub.answerParisEverywhere();
    ChainedPostcodeResolver resolver = queued();

    assertThat(resolver.resolve("velib", VICTOR_HUGO)).isEqualTo(PostcodeLocation.PENDING);
    assertThat(resolver.status().pending()).isEqualTo(1);
    clock.advance(PENDING_TIMEOUT.minusMillis(1));
    assertThat(resolver.resolve("velib", VICTOR_HUGO)).isEqualTo(PostcodeLocation.PENDING);

    clock.advance(Duration.ofMillis(1));
    assertThat(resolver.status().unknown(UnknownReason.GEOCODER_UNREACHABLE))
        .as("the snapshot applies the deadline before anyone asks again")
        .isEqualTo(1);
    assertThat(resolver.resolve("velib", VICTOR_HUGO)).isEqualTo(PostcodeLocation.UNKNOWN);
    assertThat(resolver.status()).satisfies(status -> {
      assertThat(status.pending()).isZero();
      assertThat(status.unknownByReason())
          .containsExactly(Map.entry(UnknownReason.GEOCODER_UNREACHABLE, 1));
    });
    assertThat(counters.get("postcode.pending_timeout")).isEqualTo(1);
    assertThat(counters.get("postcode.unknown")).as("definitive unknowns only").isZero();

    runBackground(); // the request queued at the first call finally goes out
    assertThat(resolver.resolve("velib", VICTOR_HUGO))
        .isEqualTo(new PostcodeLocation("75116", "Paris", Source.GEOCODER));
    assertThat(resolver.status().unknown()).isZero();
    assertThat(resolver.status().resolved(Source.GEOCODER)).isEqualTo(1);
    assertThat(stub.requestCount()).isEqualTo(1);
  }

  /** How the service fails before it answers again. */
  enum Failure {
    CONNECTION_REFUSED,
    TIMEOUT,
    SERVER_ERROR,
    RATE_LIMITED_BEYOND_TIMEOUT,
    MALFORMED_BODY
  }

  @ParameterizedTest
  @EnumSource(Failure.class)
  void everyKindOfFailureWaitsAtMostThePendingTimeoutAndRecovers(Failure failure) throws Exception {
    int port = stub.baseUrl().getPort();
    Duration requestTimeout = Duration.ofSeconds(5);
    switch (failure) {
      case CONNECTION_REFUSED -> stub.close();
      case TIMEOUT -> {
        requestTimeout = Duration.ofMillis(200);
        stub.respond((lat, lon) -> new GeocoderStub.Reply(
            200, GeocoderStub.emptyCollection(), Map.of(), Duration.ofSeconds(3)));
      }
      case SERVER_ERROR -> stub.respond((lat, lon) -> GeocoderStub.Reply.status(503, Map.of()));
      case RATE_LIMITED_BEYOND_TIMEOUT ->
        stub.respond((lat, lon) -> GeocoderStub.Reply.status(429, Map.of("Retry-After", "120")));
      case MALFORMED_BODY ->
        stub.respond((lat, lon) -> GeocoderStub.Reply.json("<html>502 Bad Gateway</html>"));
      default -> throw new IllegalStateException();
    }
    ChainedPostcodeResolver resolver =
        synchronous(geocoder(URI.create("http://127.0.0.1:" + port), requestTimeout), WAITS);

    assertThat(resolver.resolve("velib", VICTOR_HUGO)).isEqualTo(PostcodeLocation.PENDING);
    assertThat(resolver.status().geocoder())
        .isEqualTo(
            failure == Failure.RATE_LIMITED_BEYOND_TIMEOUT
                ? GeocoderState.RATE_LIMITED
                : GeocoderState.OK);
    clock.advance(PENDING_TIMEOUT.minusSeconds(1));
    assertThat(resolver.resolve("velib", VICTOR_HUGO))
        .as("retried once at 30 s, still waiting")
        .isEqualTo(PostcodeLocation.PENDING);

    clock.advance(Duration.ofSeconds(1));
    assertThat(resolver.resolve("velib", VICTOR_HUGO)).isEqualTo(PostcodeLocation.UNKNOWN);
    assertThat(resolver.status().unknownByReason())
        .containsExactly(Map.entry(UnknownReason.GEOCODER_UNREACHABLE, 1));

    if (failure == Failure.CONNECTION_REFUSED) {
      stub = GeocoderStub.start(port); // the service comes back where it was
    }
    stub.answerParisEverywhere();
    // 429: asked again at its Retry-After (t = 120 s); the others 60 s after their second
    // failure (t = 119 s).
    clock.advance(Duration.ofSeconds(58));
    assertThat(resolver.resolve("velib", VICTOR_HUGO)).isEqualTo(PostcodeLocation.UNKNOWN);
    clock.advance(Duration.ofSeconds(2));
    assertThat(resolver.resolve("velib", VICTOR_HUGO))
        .isEqualTo(new PostcodeLocation("75116", "Paris", Source.GEOCODER));
    assertThat(resolver.status().unknown()).isZero();
    assertThat(resolver.status().geocoder()).isEqualTo(GeocoderState.OK);
  }

  @Test
  void theCircuitOpensAfterThreeFailuresAndQueuedRequestsAreNotSent() {
    stub.respond((lat, lon) -> GeocoderStub.Reply.status(503, Map.of()));
    ChainedPostcodeResolver resolver = queued();
    List<StationInformation> stations = stations(10);

    stations.forEach(
        s -> assertThat(resolver.resolve("velib", s)).isEqualTo(PostcodeLocation.PENDING));
    assertThat(background).hasSize(10);
    runBackground();

    assertThat(stub.requestCount()).as("7 of the 10 queued requests dropped").isEqualTo(3);
    assertThat(resolver.status()).satisfies(status -> {
      assertThat(status.geocoder()).isEqualTo(GeocoderState.OPEN);
      assertThat(status.geocoderRetryAt()).isEqualTo(clock.instant().plusSeconds(30));
      assertThat(status.pending())
          .as("no waiting for the timeout: nothing can answer")
          .isZero();
      assertThat(status.unknown(UnknownReason.GEOCODER_UNREACHABLE)).isEqualTo(10);
    });
    stations.forEach(
        s -> assertThat(resolver.resolve("velib", s)).isEqualTo(PostcodeLocation.UNKNOWN));
    assertThat(background).as("nothing queued while open").isEmpty();

    // After the backoff, one probe: it fails, so the next waits twice as long.
    clock.advance(Duration.ofSeconds(30));
    stations.forEach(s -> resolver.resolve("velib", s));
    assertThat(background).hasSize(1);
    assertThat(resolver.status().geocoder()).isEqualTo(GeocoderState.PROBING);
    runBackground();
    assertThat(stub.requestCount()).isEqualTo(4);
    assertThat(resolver.status().geocoderRetryAt()).isEqualTo(clock.instant().plusSeconds(60));
    clock.advance(Duration.ofSeconds(59));
    stations.forEach(s -> resolver.resolve("velib", s));
    assertThat(background).isEmpty();

    // The service is back: the probe's answer closes the circuit and every station is asked.
    stub.answerParisEverywhere();
    clock.advance(Duration.ofSeconds(1));
    stations.forEach(s -> resolver.resolve("velib", s));
    assertThat(background).hasSize(1);
    runBackground();
    assertThat(resolver.status().geocoder()).isEqualTo(GeocoderState.OK);
    stations.forEach(s -> resolver.resolve("velib", s));
    assertThat(background).as("the other nine, at once").hasSize(9);
    runBackground();

    stations.forEach(s -> assertThat(resolver.resolve("velib", s).postcode()).isEqualTo("75116"));
    assertThat(resolver.status().resolved(Source.GEOCODER)).isEqualTo(10);
    assertThat(resolver.status().unknown()).isZero();
    assertThat(stub.requestCount()).isEqualTo(5 + 9);
  }

  @Test
  void aSuccessfulProbeClearsThePerPointRetryDelays() {
    stub.respond((lat, lon) -> GeocoderStub.Reply.status(503, Map.of()));
    ChainedPostcodeResolver resolver = synchronous(
        geocoder(stub.baseUrl(), Duration.ofSeconds(5)),
        new GeocodingWaits(PENDING_TIMEOUT, Duration.ofSeconds(10), Duration.ofHours(1)));
    List<StationInformation> stations = stations(3);
    StationInformation a = stations.get(0);
    StationInformation b = stations.get(1);
    StationInformation c = stations.get(2);

    resolver.resolve("velib", a); // fails: a waits 10 s
    clock.advance(Duration.ofSeconds(10));
    resolver.resolve("velib", a); // fails again: a waits 20 s, until t = 30 s
    resolver.resolve("velib", b); // third failure in a row: the circuit opens until t = 20 s
    resolver.resolve("velib", c); // not asked
    assertThat(stub.requestCount()).isEqualTo(3);
    assertThat(resolver.status().geocoder()).isEqualTo(GeocoderState.OPEN);

    stub.answerParisEverywhere();
    clock.advance(Duration.ofSeconds(10)); // t = 20 s
    assertThat(resolver.resolve("velib", c).postcode()).as("the probe").isEqualTo("75116");
    assertThat(resolver.resolve("velib", a).postcode())
        .as("asked at once, although its own delay runs until t = 30 s")
        .isEqualTo("75116");
    assertThat(resolver.resolve("velib", b).postcode()).isEqualTo("75116");
    assertThat(stub.requestCount()).isEqualTo(6);
  }

  @Test
  void aStationFirstSeenWhileTheGeocoderIsDownIsUnknownAtOnceAndStaysSoUntilAnswered() {
    stub.respond((lat, lon) -> GeocoderStub.Reply.status(503, Map.of()));
    ChainedPostcodeResolver resolver = queued();
    List<StationInformation> others = stations(3);
    others.forEach(s -> resolver.resolve("velib", s));
    runBackground();
    assertThat(resolver.status().geocoder()).isEqualTo(GeocoderState.OPEN);

    assertThat(resolver.resolve("velib", VICTOR_HUGO)).isEqualTo(PostcodeLocation.UNKNOWN);
    assertThat(background).isEmpty();

    // The service is back; a probe on another station's point closes the circuit.
    stub.answerParisEverywhere();
    clock.advance(Duration.ofSeconds(30));
    resolver.resolve("velib", others.get(0));
    runBackground();
    assertThat(resolver.status().geocoder()).isEqualTo(GeocoderState.OK);

    // Its own request is queued now, and its pending timeout has not passed; published under
    // UNKNOWN already, it stays there (no flapping back to PENDING) until its answer comes.
    assertThat(resolver.resolve("velib", VICTOR_HUGO)).isEqualTo(PostcodeLocation.UNKNOWN);
    assertThat(background).hasSize(1);
    runBackground();
    assertThat(resolver.resolve("velib", VICTOR_HUGO))
        .isEqualTo(new PostcodeLocation("75116", "Paris", Source.GEOCODER));
  }
}
