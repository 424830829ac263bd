package io.citypulse.sources.postcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.PostcodeLocation.Source;
import io.citypulse.model.StationInformation;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.testkit.LogCapture;
import io.citypulse.testkit.MutableClock;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainedPostcodeResolverTest {

  // Two Vélib' stations of Paris 16e: north of the arrondissement is 75116, south is 75016.
  private static final StationInformation VICTOR_HUGO = new StationInformation(
      "213688169", "16107", "Benjamin Godard - Victor Hugo", 48.865983, 2.275725, 35, null);
  private static final StationInformation AUTEUIL = new StationInformation(
      "17210608", "16031", "Eglise d'Auteuil", 48.847300, 2.268800, 22, null);
  private static final StationInformation NO_POSITION =
      new StationInformation("1", "99001", "Nowhere", null, null, 10, null);

  @TempDir
  Path state;

  private final MutableClock clock = new MutableClock(Instant.parse("2025-10-18T09:00:00Z"));
  private final Counters counters = new Counters();
  private GeocoderStub stub;

  @BeforeEach
  void startStub() throws Exception {
    stub = GeocoderStub.start();
    // The service's real answer for both: north of the Passy/Auteuil line is 75116.
    stub.respond((lat, lon) -> GeocoderStub.Reply.json(
        GeocoderStub.addressAt(lat, lon, lat > 48.855 ? "75116" : "75016", "Paris", "75116")));
  }

  @AfterEach
  void stopStub() {
    stub.close();
  }

  private ReverseGeocoder geocoder(Counters counters) {
    RateLimiter unlimited = new RateLimiter(1_000, 1_000, System::nanoTime, d -> {});
    return new ReverseGeocoder(
        HttpClient.newHttpClient(),
        stub.baseUrl(),
        Duration.ofSeconds(5),
        unlimited,
        clock,
        counters);
  }

  /** Geocodes inside {@code resolve}: deterministic, no background thread. */
  private ChainedPostcodeResolver synchronous(PostcodeTable table, GeocodeCache cache) {
    return new ChainedPostcodeResolver(
        table, geocoder(counters), cache, Runnable::run, clock, counters);
  }

  private static PostcodeTable table(String csv) {
    return PostcodeTable.parse(csv, Path.of("test.csv"));
  }

  private static StationInformation withFeedPostcode(StationInformation info, String postcode) {
    return new StationInformation(
        info.stationId(),
        info.stationCode(),
        info.name(),
        info.lat(),
        info.lon(),
        info.capacity(),
        postcode);
  }

  private static StationInformation movedTo(StationInformation info, double lat, double lon) {
    return new StationInformation(
        info.stationId(),
        info.stationCode(),
        info.name(),
        lat,
        lon,
        info.capacity(),
        info.postcode());
  }

  @Test
  void feedBeatsTableBeatsGeocoderBeatsUnknown() {
    ChainedPostcodeResolver resolver = synchronous(table("""
        stationCode,station_id,postcode,city
        16107,213688169,75016,Paris
        """), GeocodeCache.inMemory());

    PostcodeLocation feed = resolver.resolve("a", withFeedPostcode(VICTOR_HUGO, "75116"));
    PostcodeLocation table = resolver.resolve("b", VICTOR_HUGO);
    PostcodeLocation geocoded = resolver.resolve("c", AUTEUIL);
    PostcodeLocation unknown = resolver.resolve("d", NO_POSITION);

    assertThat(feed).isEqualTo(new PostcodeLocation("75116", null, Source.FEED));
    assertThat(table).isEqualTo(new PostcodeLocation("75016", "Paris", Source.TABLE));
    assertThat(geocoded).isEqualTo(new PostcodeLocation("75016", "Paris", Source.GEOCODER));
    assertThat(unknown).isEqualTo(PostcodeLocation.UNKNOWN);
    assertThat(stub.requestCount()).isEqualTo(1);
    assertThat(counters.snapshot())
        .containsEntry("postcode.feed", 1L)
        .containsEntry("postcode.table", 1L)
        .containsEntry("postcode.geocoder", 1L)
        .containsEntry("postcode.unknown", 1L)
        .containsEntry("geocoder.requests", 1L);
  }

  @Test
  void paris16eStationsGetTheirOwnPostcodesFromTableAndFromGeocoder() {
    ChainedPostcodeResolver fromTable = synchronous(table("""
        stationCode;station_id;postcode;city
        16107;213688169;75116;Paris
        16031;17210608;75016;Paris
        """), GeocodeCache.inMemory());
    ChainedPostcodeResolver fromGeocoder =
        synchronous(PostcodeTable.empty(), GeocodeCache.inMemory());

    assertThat(fromTable.resolve("velib", VICTOR_HUGO).postcode()).isEqualTo("75116");
    assertThat(fromTable.resolve("velib", AUTEUIL).postcode()).isEqualTo("75016");
    assertThat(fromGeocoder.resolve("velib", VICTOR_HUGO))
        .isEqualTo(new PostcodeLocation("75116", "Paris", Source.GEOCODER));
    assertThat(fromGeocoder.resolve("velib", AUTEUIL))
        .isEqualTo(new PostcodeLocation("75016", "Paris", Source.GEOCODER));
  }

  @Test
  void rePollsReuseTheAnswerWithoutResolvingOrCountingAgain() {
    ChainedPostcodeResolver resolver = synchronous(PostcodeTable.empty(), GeocodeCache.inMemory());

    for (int poll = 0; poll < 5; poll++) {
      resolver.resolve("velib", VICTOR_HUGO);
      resolver.resolve("velib", NO_POSITION);
    }

    assertThat(stub.requestCount()).isEqualTo(1);
    assertThat(counters.get("postcode.geocoder")).isEqualTo(1);
    assertThat(counters.get("postcode.unknown")).isEqualTo(1);
  }

  @Test
  void aStationThatMovesIsResolvedAgain() {
    ChainedPostcodeResolver resolver = synchronous(PostcodeTable.empty(), GeocodeCache.inMemory());

    assertThat(resolver.resolve("velib", VICTOR_HUGO).postcode()).isEqualTo("75116");
    assertThat(resolver.resolve("velib", movedTo(VICTOR_HUGO, 48.8473, 2.2688)).postcode())
        .isEqualTo("75016");
    assertThat(stub.requestCount()).isEqualTo(2);
  }

  @Test
  void theCacheSparesRequestsAfterARestart() {
    try (ChainedPostcodeResolver first =
        synchronous(PostcodeTable.empty(), GeocodeCache.open(state))) {
      assertThat(first.resolve("velib", VICTOR_HUGO).postcode()).isEqualTo("75116");
    }
    Counters afterRestart = new Counters();
    ChainedPostcodeResolver second = new ChainedPostcodeResolver(
        PostcodeTable.empty(),
        geocoder(afterRestart),
        GeocodeCache.open(state),
        Runnable::run,
        clock,
        afterRestart);

    assertThat(second.resolve("velib", VICTOR_HUGO))
        .isEqualTo(new PostcodeLocation("75116", "Paris", Source.GEOCODER));
    assertThat(stub.requestCount()).isEqualTo(1);
    assertThat(afterRestart.get("geocoder.cache_hits")).isEqualTo(1);
    assertThat(afterRestart.get("geocoder.requests")).isZero();
    assertThat(counters.get("geocoder.cache_hits")).isZero();
  }

  @Test
  void aCachedNoAddressAnswerIsUnknownWithoutAsking() {
    GeocodeCache cache = GeocodeCache.inMemory();
    cache.put(AUTEUIL.lat(), AUTEUIL.lon(), PostcodeLocation.UNKNOWN);

    assertThat(synchronous(PostcodeTable.empty(), cache).resolve("velib", AUTEUIL))
        .isEqualTo(PostcodeLocation.UNKNOWN);
    assertThat(stub.requestCount()).isZero();
    assertThat(counters.get("postcode.unknown")).isEqualTo(1);
  }

  @Test
  void byDefaultResolveReturnsAtOnceAndTheNextPollGetsTheGeocodedAnswer() {
    Queue<Runnable> background = new ArrayDeque<>();
    Executor queued = background::add;
    ChainedPostcodeResolver resolver = new ChainedPostcodeResolver(
        PostcodeTable.empty(),
        geocoder(counters),
        GeocodeCache.inMemory(),
        queued,
        clock,
        counters);

    PostcodeLocation firstPoll = resolver.resolve("velib", VICTOR_HUGO);
    resolver.resolve("velib", VICTOR_HUGO);

    assertThat(firstPoll).isEqualTo(PostcodeLocation.PENDING);
    assertThat(stub.requestCount()).isZero();
    assertThat(background).hasSize(1);
    assertThat(resolver.pendingGeocodes()).isEqualTo(1);
    assertThat(counters.get("postcode.deferred")).isEqualTo(1);
    assertThat(counters.get("postcode.unknown")).isZero();

    background.poll().run();

    assertThat(resolver.resolve("velib", VICTOR_HUGO).source()).isEqualTo(Source.GEOCODER);
    assertThat(resolver.pendingGeocodes()).isZero();
    assertThat(counters.get("geocoder.cache_hits")).isZero();
  }

  @Test
  void aServerErrorIsRetriedAfterBackoffAndNeverCached() {
    stub.respond((lat, lon) -> GeocoderStub.Reply.status(500, Map.of()));
    ChainedPostcodeResolver resolver = synchronous(PostcodeTable.empty(), GeocodeCache.open(state));

    assertThat(resolver.resolve("velib", VICTOR_HUGO)).isEqualTo(PostcodeLocation.PENDING);
    assertThat(GeocodeCache.open(state).size()).isZero();
    clock.advance(ChainedPostcodeResolver.FIRST_RETRY_DELAY.minusSeconds(1));
    resolver.resolve("velib", VICTOR_HUGO);
    assertThat(stub.requestCount()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    resolver.resolve("velib", VICTOR_HUGO);
    assertThat(stub.requestCount()).isEqualTo(2);

    // second failure: the wait doubles
    clock.advance(ChainedPostcodeResolver.FIRST_RETRY_DELAY);
    resolver.resolve("velib", VICTOR_HUGO);
    assertThat(stub.requestCount()).isEqualTo(2);

    stub.respond((lat, lon) ->
        GeocoderStub.Reply.json(GeocoderStub.addressAt(lat, lon, "75116", "Paris", "75116")));
    clock.advance(ChainedPostcodeResolver.FIRST_RETRY_DELAY);

    assertThat(resolver.resolve("velib", VICTOR_HUGO).postcode()).isEqualTo("75116");
    assertThat(stub.requestCount()).isEqualTo(3);
    assertThat(counters.get("geocoder.errors")).isEqualTo(2);
    assertThat(counters.get("postcode.unknown")).isZero();
    assertThat(GeocodeCache.open(state).get(VICTOR_HUGO.lat(), VICTOR_HUGO.lon()))
        .isPresent();
  }

  @Test
  void aTimeoutIsRetriedLater() {
    stub.respond((lat, lon) -> new GeocoderStub.Reply(
        200, GeocoderStub.emptyCollection(), Map.of(), Duration.ofSeconds(3)));
    RateLimiter unlimited = new RateLimiter(1_000, 1_000, System::nanoTime, d -> {});
    ReverseGeocoder impatient = new ReverseGeocoder(
        HttpClient.newHttpClient(),
        stub.baseUrl(),
        Duration.ofMillis(200),
        unlimited,
        clock,
        counters);
    ChainedPostcodeResolver resolver = new ChainedPostcodeResolver(
        PostcodeTable.empty(), impatient, GeocodeCache.inMemory(), Runnable::run, clock, counters);

    assertThat(resolver.resolve("velib", AUTEUIL)).isEqualTo(PostcodeLocation.PENDING);
    stub.respond((lat, lon) ->
        GeocoderStub.Reply.json(GeocoderStub.addressAt(lat, lon, "75016", "Paris", "75116")));
    clock.advance(ChainedPostcodeResolver.FIRST_RETRY_DELAY);

    assertThat(resolver.resolve("velib", AUTEUIL).postcode()).isEqualTo("75016");
    assertThat(counters.get("geocoder.errors")).isEqualTo(1);
  }

  @Test
  void a429PausesEveryStationUntilRetryAfter() {
    stub.respond((lat, lon) -> GeocoderStub.Reply.status(429, Map.of("Retry-After", "60")));
    ChainedPostcodeResolver resolver = synchronous(PostcodeTable.empty(), GeocodeCache.inMemory());

    assertThat(resolver.resolve("velib", VICTOR_HUGO)).isEqualTo(PostcodeLocation.PENDING);
    assertThat(resolver.resolve("velib", AUTEUIL)).isEqualTo(PostcodeLocation.PENDING);
    assertThat(stub.requestCount()).isEqualTo(1);

    stub.respond((lat, lon) -> GeocoderStub.Reply.json(
        GeocoderStub.addressAt(lat, lon, lat > 48.855 ? "75116" : "75016", "Paris", "75116")));
    clock.advance(Duration.ofSeconds(59));
    resolver.resolve("velib", VICTOR_HUGO);
    resolver.resolve("velib", AUTEUIL);
    assertThat(stub.requestCount()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(resolver.resolve("velib", VICTOR_HUGO).postcode()).isEqualTo("75116");
    assertThat(resolver.resolve("velib", AUTEUIL).postcode()).isEqualTo("75016");
    assertThat(stub.requestCount()).isEqualTo(3);
  }

  @Test
  void withTheGeocoderOffUnplacedStationsAreUnknownAndCountedOnce() {
    ChainedPostcodeResolver resolver = new ChainedPostcodeResolver(
        PostcodeTable.empty(), null, GeocodeCache.inMemory(), Runnable::run, clock, counters);

    resolver.resolve("velib", VICTOR_HUGO);
    assertThat(resolver.resolve("velib", VICTOR_HUGO)).isEqualTo(PostcodeLocation.UNKNOWN);
    assertThat(resolver.resolve("velib", null)).isEqualTo(PostcodeLocation.UNKNOWN);
    assertThat(counters.get("postcode.unknown")).isEqualTo(1);
    assertThat(stub.requestCount()).isZero();
  }

  @Test
  void theFirstUnknownStationsAreNamedAtInfoTheRestAtDebugAndAllCounted() {
    ChainedPostcodeResolver resolver = new ChainedPostcodeResolver(
        PostcodeTable.empty(), null, GeocodeCache.inMemory(), Runnable::run, clock, counters);
    int stations = ChainedPostcodeResolver.UNKNOWN_LOGGED_AT_INFO + 30;

    List<String> lines;
    try (LogCapture logs = LogCapture.of(ChainedPostcodeResolver.class.getName())) {
      for (int i = 0; i < stations; i++) {
        resolver.resolve(
            "sim-0001",
            new StationInformation(
                "id" + i, "c" + i, "Station " + i, -33.9 + i * 0.001, 18.4, 10, null));
      }
      lines = logs.lines();
    }

    assertThat(counters.get("postcode.unknown")).isEqualTo(stations);
    assertThat(lines)
        .filteredOn(l -> l.startsWith("INFO") && l.contains("postcode unknown"))
        .hasSize(ChainedPostcodeResolver.UNKNOWN_LOGGED_AT_INFO)
        .last()
        .asString()
        .contains("further stations with an unknown postcode are logged at DEBUG only");
    assertThat(lines)
        .filteredOn(l -> l.startsWith("DEBUG") && l.contains("postcode unknown"))
        .hasSize(30);
  }

  @Test
  void stationsAreMemoisedPerSystem() {
    ChainedPostcodeResolver resolver = synchronous(table("""
        stationCode,postcode
        16107,75116
        """), GeocodeCache.inMemory());

    resolver.resolve("velib", withFeedPostcode(VICTOR_HUGO, "99999"));

    assertThat(resolver.resolve("other-system", VICTOR_HUGO).source()).isEqualTo(Source.TABLE);
  }

  @Test
  void createWiresTableCacheAndBackgroundGeocoding() throws Exception {
    Path tableFile = Files.writeString(
        state.resolve("postcodes.csv"),
        "stationCode,station_id,postcode,city\n16107,213688169,75116,Paris\n");
    PostcodeSettings settings = PostcodeSettings.defaults(state.resolve("state"))
        .withTableFile(tableFile)
        .withGeocoderBaseUrl(stub.baseUrl());

    try (ChainedPostcodeResolver resolver = ChainedPostcodeResolver.create(settings, counters)) {
      assertThat(resolver.resolve("velib", VICTOR_HUGO).source()).isEqualTo(Source.TABLE);
      resolver.resolve("velib", AUTEUIL);
      assertThat(resolver.awaitGeocoding(Duration.ofSeconds(10))).isTrue();
      assertThat(resolver.resolve("velib", AUTEUIL))
          .isEqualTo(new PostcodeLocation("75016", "Paris", Source.GEOCODER));
    }
    assertThat(Files.readString(state.resolve("state").resolve(GeocodeCache.FILE_NAME)))
        .contains("75016");
  }

  @Test
  void createWithTheGeocoderOffNeverCallsIt() {
    PostcodeSettings settings = PostcodeSettings.defaults(state)
        .withGeocoderBaseUrl(stub.baseUrl())
        .withGeocoderEnabled(false);

    try (ChainedPostcodeResolver resolver = ChainedPostcodeResolver.create(settings, counters)) {
      assertThat(resolver.resolve("velib", AUTEUIL)).isEqualTo(PostcodeLocation.UNKNOWN);
    }
    assertThat(stub.requestCount()).isZero();
  }

  @Test
  void createRefusesABadTableNamingTheLine() throws Exception {
    Path tableFile = Files.writeString(state.resolve("bad.csv"), "stationCode,postcode\n16107\n");

    assertThatThrownBy(() -> ChainedPostcodeResolver.create(
            PostcodeSettings.defaults(state).withTableFile(tableFile), counters))
        .isInstanceOf(PostcodeTableException.class)
        .hasMessageContaining("bad.csv:2:");
  }

  @Test
  void settingsRejectANonPositiveRateAndFillDefaults() {
    assertThatThrownBy(() -> new PostcodeSettings(null, true, null, 0, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    PostcodeSettings settings = new PostcodeSettings(null, true, null, 40, null, null);
    assertThat(settings.geocoderBaseUrl()).isEqualTo(PostcodeSettings.DEFAULT_GEOCODER_BASE_URL);
    assertThat(settings.geocoderTimeout()).isEqualTo(PostcodeSettings.DEFAULT_GEOCODER_TIMEOUT);
  }

  @Test
  void aFeedPostcodeTakesTheCommuneOfATableRowWithTheSamePostcodeOnly() {
    ChainedPostcodeResolver resolver = synchronous(table("""
        stationCode,station_id,postcode,city
        16107,213688169,75116,Paris
        16031,17210608,75016,Paris
        """), GeocodeCache.inMemory());

    assertThat(resolver.resolve("velib", withFeedPostcode(VICTOR_HUGO, "75116")))
        .isEqualTo(new PostcodeLocation("75116", "Paris", Source.FEED));
    assertThat(resolver.resolve("velib", withFeedPostcode(AUTEUIL, "75116")))
        .as("the row says 75016: another place, its commune is not taken")
        .isEqualTo(new PostcodeLocation("75116", null, Source.FEED));
    assertThat(resolver.resolve("velib", withFeedPostcode(NO_POSITION, "93200")))
        .as("no row")
        .isEqualTo(new PostcodeLocation("93200", null, Source.FEED));
    assertThat(stub.requestCount()).isZero();
  }

  @Test
  void theStatusCountsTheCurrentStationsByAnswerAndReason() {
    stub.respond((lat, lon) -> lat > 48.855
        ? GeocoderStub.Reply.json(GeocoderStub.addressAt(lat, lon, "75116", "Paris", "75116"))
        : GeocoderStub.Reply.json(GeocoderStub.emptyCollection()));
    Queue<Runnable> background = new ArrayDeque<>();
    ChainedPostcodeResolver resolver = new ChainedPostcodeResolver(
        table("""
        stationCode,postcode,city
        1,75001,Paris
        """), geocoder(counters), GeocodeCache.inMemory(), background::add, clock, counters);
    ChainedPostcodeResolver off = new ChainedPostcodeResolver(
        PostcodeTable.empty(), null, GeocodeCache.inMemory(), Runnable::run, clock, counters);

    resolver.resolve(
        "velib", new StationInformation("a", "1", "In the table", 48.0, 2.0, 10, null));
    resolver.resolve("velib", withFeedPostcode(NO_POSITION, "93200"));
    resolver.resolve("velib", new StationInformation("b", "2", "No position", 0.0, 0.0, 10, null));
    resolver.resolve("velib", VICTOR_HUGO);
    resolver.resolve("velib", AUTEUIL);
    assertThat(resolver.status())
        .isEqualTo(new PostcodeResolution(
            2,
            Map.of(Source.TABLE, 1, Source.FEED, 1),
            Map.of(UnknownReason.NO_COORDINATES, 1),
            PostcodeResolution.GeocoderState.OK,
            null));

    background.forEach(Runnable::run);
    resolver.resolve("velib", VICTOR_HUGO);
    resolver.resolve("velib", AUTEUIL);
    // Re-polls and a second system change nothing: one entry per current station.
    resolver.resolve("velib", VICTOR_HUGO);
    off.resolve("velib", VICTOR_HUGO);
    off.resolve("velib", VICTOR_HUGO);

    PostcodeResolution status = resolver.status();
    assertThat(status.pending()).isZero();
    assertThat(status.resolvedBySource())
        .containsExactly(
            Map.entry(Source.FEED, 1), Map.entry(Source.TABLE, 1), Map.entry(Source.GEOCODER, 1));
    assertThat(status.unknownByReason())
        .containsExactly(
            Map.entry(UnknownReason.NO_ADDRESS, 1), Map.entry(UnknownReason.NO_COORDINATES, 1));
    assertThat(status.resolved()).isEqualTo(3);
    assertThat(status.unknown()).isEqualTo(2);
    assertThat(off.status())
        .isEqualTo(new PostcodeResolution(
            0,
            Map.of(),
            Map.of(UnknownReason.NOT_IN_TABLE, 1),
            PostcodeResolution.GeocoderState.OFF,
            null));
  }

  @Test
  void settingsFillTheWaitsAndRejectAMaximumBelowTheFirstWait() {
    PostcodeSettings settings = PostcodeSettings.defaults(null);
    assertThat(settings.waits()).isEqualTo(GeocodingWaits.DEFAULTS);
    assertThat(settings.waits().pendingTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings
            .withWaits(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(4))
            .waits())
        .isEqualTo(new GeocodingWaits(
            Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(4)));
    assertThatThrownBy(() -> settings.withWaits(Duration.ZERO, null, null))
        .hasMessageContaining("pending timeout must be positive");
    assertThatThrownBy(() -> settings.withWaits(null, Duration.ofMinutes(5), Duration.ofMinutes(1)))
        .hasMessageContaining("must not be shorter");
  }

  @Test
  void backoffDoublesUpToItsCeiling() {
    assertThat(ChainedPostcodeResolver.backoff(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(ChainedPostcodeResolver.backoff(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(ChainedPostcodeResolver.backoff(50)).isEqualTo(Duration.ofMinutes(30));
  }
}
