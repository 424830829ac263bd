package io.citypulse.sources.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.StationInformation;
import io.citypulse.model.StationRecord;
import io.citypulse.model.StationStatus;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.ChangeDetector;
import io.citypulse.sources.poll.JoinedStation;
import io.citypulse.sources.poll.StationBatch;
import io.citypulse.sources.poll.StationFilter;
import io.citypulse.sources.postcode.ChainedPostcodeResolver;
import io.citypulse.sources.postcode.GeocodeCache;
import io.citypulse.sources.postcode.GeocoderStub;
import io.citypulse.sources.postcode.GeocodingWaits;
import io.citypulse.sources.postcode.PostcodeTable;
import io.citypulse.sources.postcode.RateLimiter;
import io.citypulse.sources.postcode.ReverseGeocoder;
import io.citypulse.sources.postcode.UnknownReason;
import io.citypulse.testkit.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stations the geocoder has not placed: held back at most the pending timeout, published under
 * UNKNOWN at that deadline without waiting for a poll, and re-published to their postcode when
 * the geocoder answers, each re-publication strictly newer than what the per-postcode job holds
 * (it keeps the newest state by last_reported, then fetched_at). A real resolver with an injected
 * clock; the geocoder is the stub on 127.0.0.1.
 */
class StationIngestRecheckTest {
  private static final Instant T0 = Instant.parse("2025-10-18T09:00:00Z");
  private static final Instant REPORTED = Instant.parse("2025-10-18T08:31:34Z");
  private static final Duration PENDING_TIMEOUT = Duration.ofSeconds(60);
  /** The job's order of a station's states. */
  private static final Comparator<StationRecord> NEWNESS =
      Comparator.comparing(StationRecord::lastReported).thenComparing(StationRecord::fetchedAt);

  private final MutableClock clock = new MutableClock(T0);
  private final Counters counters = new Counters();
  private final List<StationRecord> published = Collections.synchronizedList(new ArrayList<>());
  private final StationSink sink = (record, onFailure) -> published.add(record);
  private GeocoderStub stub;

  @BeforeEach
  void startStub() throws Exception {
    stub = GeocoderStub.start();
  }

  @AfterEach
  void stopStub() {
    stub.close();
  }

  private ChainedPostcodeResolver resolver(Executor executor) {
    RateLimiter unlimited = new RateLimiter(1_000, 1_000, System::nanoTime, d -> {});
    ReverseGeocoder geocoder = new ReverseGeocoder(
        HttpClient.newHttpClient(),
        stub.baseUrl(),
        Duration.ofSeconds(5),
        unlimited,
        clock,
        counters);
    return new ChainedPostcodeResolver(
        PostcodeTable.empty(),
        geocoder,
        GeocodeCache.inMemory(),
        executor,
        clock,
        counters,
        new GeocodingWaits(PENDING_TIMEOUT, Duration.ofSeconds(30), Duration.ofMinutes(30)));
  }

  private StationIngest ingest(ChainedPostcodeResolver resolver) {
    return new StationIngest(
        "velib",
        StationFilter.ALL,
        resolver,
        new ChangeDetector(),
        sink,
        counters,
        Duration.ofMillis(10));
  }

  private static JoinedStation station(String code, double lat, int bikes, String feedPostcode) {
    return new JoinedStation(
        new StationStatus("id" + code, code, bikes, 1, bikes - 1, 30, true, true, true, REPORTED),
        new StationInformation("id" + code, code, "Station " + code, lat, 2.28, 35, feedPostcode));
  }

  private StationBatch poll(JoinedStation... stations) {
    return new StationBatch(
        URI.create("http://127.0.0.1/station_status.json"),
        clock.instant(),
        clock.instant(),
        "1.0",
        List.of(stations));
  }

  @Test
  void aHeldStationIsPublishedUnderUnknownAtItsDeadlineAndMovesWhenTheGeocoderAnswers() {
    stub.answerParisEverywhere();
    Queue<Runnable> background = new ArrayDeque<>();
    ChainedPostcodeResolver resolver = resolver(background::add); // the request stays queued
    StationIngest ingest = ingest(resolver);
    Instant polledAt = clock.instant();

    ingest.onStations(poll(station("16107", 48.865983, 5, null)));
    assertThat(published).isEmpty();
    assertThat(counters.get(StationIngest.POSTCODE_PENDING)).isEqualTo(1);
    clock.advance(PENDING_TIMEOUT.minusMillis(1));
    ingest.recheck();
    assertThat(published).isEmpty();

    clock.advance(Duration.ofMillis(1)); // the deadline; no poll since the first
    ingest.recheck();

    assertThat(published).singleElement().satisfies(record -> {
      assertThat(record.postcode()).isEqualTo(StationRecord.UNKNOWN_POSTCODE);
      assertThat(record.bikesAvailable()).isEqualTo(5);
      assertThat(record.fetchedAt()).as("the state fetched by the poll").isEqualTo(polledAt);
    });
    assertThat(resolver.status().unknownByReason())
        .containsExactly(Map.entry(UnknownReason.GEOCODER_UNREACHABLE, 1));
    ingest.recheck();
    assertThat(published).as("published once").hasSize(1);

    background.poll().run(); // the geocoder answers, still without a poll
    ingest.recheck();

    assertThat(published).hasSize(2);
    StationRecord unknown = published.get(0);
    StationRecord placed = published.get(1);
    assertThat(placed.postcode()).isEqualTo("75116");
    assertThat(placed.commune()).as("the geocoder's city").isEqualTo("Paris");
    assertThat(placed.bikesAvailable()).isEqualTo(unknown.bikesAvailable());
    assertThat(placed.lastReported()).isEqualTo(unknown.lastReported());
    assertThat(NEWNESS.compare(placed, unknown))
        .as("strictly newer, so the job moves it")
        .isPositive();
    assertThat(counters.get(StationIngest.POSTCODE_REPUBLISHED)).isEqualTo(2);
    assertThat(ingest.unplacedStations()).isZero();
  }

  @Test
  void afterAnOutageEveryStationMovesFromUnknownOnTheFirstRecheckOnceTheProbeSucceeds() {
    stub.respond((lat, lon) -> GeocoderStub.Reply.status(503, Map.of()));
    StationIngest ingest = ingest(resolver(Runnable::run));
    JoinedStation[] stations = new JoinedStation[5];
    for (int i = 0; i < stations.length; i++) {
      stations[i] = station("1610" + i, 48.86 + i / 1000.0, i + 1, null);
    }

    ingest.onStations(poll(stations));

    assertThat(stub.requestCount())
        .as("the circuit opened after three failures")
        .isEqualTo(3);
    assertThat(published)
        .as("published at once: the geocoder is known to be down")
        .hasSize(5)
        .allSatisfy(r -> assertThat(r.postcode()).isEqualTo(StationRecord.UNKNOWN_POSTCODE));

    stub.answerParisEverywhere();
    clock.advance(Duration.ofSeconds(29));
    ingest.recheck();
    assertThat(published).hasSize(5);
    clock.advance(Duration.ofSeconds(1));
    ingest.recheck(); // the probe succeeds, then every station is asked at once

    List<StationRecord> moved = published.subList(5, published.size());
    assertThat(moved).hasSize(5).allSatisfy(r -> assertThat(r.postcode()).isEqualTo("75116"));
    for (int i = 0; i < 5; i++) {
      StationRecord before = published.get(i);
      StationRecord after =
          moved.stream().filter(r -> r.key().equals(before.key())).findFirst().orElseThrow();
      assertThat(after.bikesAvailable()).isEqualTo(before.bikesAvailable());
      assertThat(NEWNESS.compare(after, before)).isPositive();
    }
    assertThat(stub.requestCount()).isEqualTo(3 + 5);
  }

  @Test
  void aFeedPostcodeEditedBetweenPollsIsRepublishedWithTheNewerPoll() {
    StationIngest ingest = ingest(resolver(Runnable::run));
    ingest.onStations(poll(station("16107", 48.865983, 5, "75016")));
    clock.advance(Duration.ofSeconds(60));

    ingest.onStations(poll(station("16107", 48.865983, 5, "75116")));

    assertThat(published).extracting(StationRecord::postcode).containsExactly("75016", "75116");
    assertThat(published.get(1).fetchedAt()).isEqualTo(clock.instant());
    assertThat(NEWNESS.compare(published.get(1), published.get(0))).isPositive();
    assertThat(stub.requestCount()).isZero();
  }

  @Test
  void aStateOlderThanTheSentOneThatChangesPostcodeMovesTheSentState() {
    AtomicReference<PostcodeLocation> answer =
        new AtomicReference<>(new PostcodeLocation("75016", null, PostcodeLocation.Source.TABLE));
    StationIngest ingest = new StationIngest(
        "velib",
        StationFilter.ALL,
        (system, info) -> answer.get(),
        new ChangeDetector(),
        sink,
        counters,
        Duration.ZERO);
    JoinedStation newer = station("16107", 48.865983, 7, null);
    JoinedStation older = new JoinedStation(
        new StationStatus(
            "id16107", "16107", 2, 1, 1, 33, true, true, true, REPORTED.minusSeconds(600)),
        newer.information());
    ingest.onStations(poll(newer));
    clock.advance(Duration.ofSeconds(60));

    answer.set(new PostcodeLocation("75116", "Paris", PostcodeLocation.Source.TABLE));
    ingest.onStations(poll(older)); // the feed went back ten minutes, and the table changed

    StationRecord moved = published.get(1);
    assertThat(moved.postcode()).isEqualTo("75116");
    assertThat(moved.bikesAvailable()).as("the state the job holds, moved").isEqualTo(7);
    assertThat(moved.lastReported()).isEqualTo(REPORTED);
    assertThat(NEWNESS.compare(moved, published.get(0))).isPositive();
  }

  @Test
  void rechecksRunOnTheirOwnThreadUntilClosed() throws Exception {
    AtomicReference<PostcodeLocation> answer = new AtomicReference<>(PostcodeLocation.PENDING);
    StationIngest ingest = new StationIngest(
        "velib",
        StationFilter.ALL,
        (system, info) -> answer.get(),
        new ChangeDetector(),
        sink,
        counters,
        Duration.ZERO);
    ingest.onStations(poll(station("16107", 48.865983, 5, null)));
    ingest.startRechecks(Duration.ofMillis(20));
    try {
      answer.set(PostcodeLocation.UNKNOWN); // what the resolver says at the deadline

      awaitTrue(() -> published.size() == 1);
      assertThat(published.get(0).postcode()).isEqualTo(StationRecord.UNKNOWN_POSTCODE);
      answer.set(new PostcodeLocation("75116", "Paris", PostcodeLocation.Source.GEOCODER));
      awaitTrue(() -> published.size() == 2);
      assertThat(published.get(1).postcode()).isEqualTo("75116");
    } finally {
      ingest.close();
    }
    awaitTrue(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().equals("citypulse-postcode-recheck") && t.isAlive()));
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5))
        .until(condition::getAsBoolean);
  }
}
