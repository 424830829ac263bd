package io.citypulse.sources.poll;

import static io.citypulse.sources.Fixtures.bytes;
import static io.citypulse.sources.poll.ScriptedFetcher.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.model.StationInformation;
import io.citypulse.model.time.Sleeper;
import io.citypulse.sources.http.Backoff;
import io.citypulse.sources.http.FeedResponse;
import io.citypulse.sources.http.RetryAfter;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.testkit.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GbfsPollerTest {
  private static final URI BASE = URI.create("https://velib.example/opendata/Velib_Metropole/");
  private static final URI DISCOVERY = BASE.resolve("gbfs.json");
  private static final URI INFO = BASE.resolve("station_information.json");
  private static final URI STATUS = BASE.resolve("station_status.json");
  private static final Instant T0 = Instant.parse("2025-10-18T09:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final ScriptedFetcher fetcher = new ScriptedFetcher();
  private final Counters counters = new Counters();
  private final List<StationBatch> batches = new CopyOnWriteArrayList<>();
  private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
  private GbfsSettings settings = GbfsSettings.defaults(DISCOVERY, "velib")
      .withIntervals(Duration.ofSeconds(10), Duration.ofSeconds(60))
      .withBackoff(Duration.ofSeconds(2), Duration.ofMinutes(5))
      .withInformationIntervals(Duration.ofSeconds(60), Duration.ofHours(1));

  private GbfsPoller poller() {
    return new GbfsPoller(
        settings,
        fetcher,
        clock,
        Sleeper.SYSTEM,
        batches::add,
        deadLetters::add,
        counters,
        Backoff.withoutJitter(settings.backoffInitial(), settings.backoffMax()));
  }

  private void velibFeeds() {
    fetcher
        .on(DISCOVERY, ok(bytes("gbfs/velib/gbfs.json")))
        .on(INFO, ok(bytes("gbfs/velib/station_information.json")))
        .on(STATUS, ok(bytes("gbfs/velib/station_status.json")));
  }

  @Test
  void velibPollJoinsStatusWithInformationAndWaitsTheClampedTtl() {
    velibFeeds();
    GbfsPoller poller = poller();

    Duration wait = poller.pollOnce();

    assertThat(wait).as("ttl 3600 clamped to max interval").isEqualTo(Duration.ofSeconds(60));
    assertThat(batches).hasSize(1);
    StationBatch batch = batches.get(0);
    assertThat(batch.source()).isEqualTo(STATUS);
    assertThat(batch.fetchedAt()).isEqualTo(T0);
    assertThat(batch.lastUpdated()).isEqualTo(Instant.ofEpochSecond(1760778556));
    assertThat(batch.stations())
        .extracting(JoinedStation::stationCode)
        .containsExactly("16107", "32017", "44015");
    assertThat(batch.stations())
        .extracting(s -> s.information().name())
        .containsExactly(
            "Benjamin Godard - Victor Hugo", "Basilique", "Rouget de L'isle - Watteau");
    assertThat(counters.get(GbfsPoller.POLLS_OK)).isEqualTo(1);
    assertThat(counters.get(GbfsPoller.STATIONS_WITHOUT_INFORMATION)).isZero();
    PollerStatus status = poller.status();
    assertThat(status.lastSuccess()).isEqualTo(T0);
    assertThat(status.statusUrl()).isEqualTo(STATUS);
    assertThat(status.version()).isEqualTo("1.0");
    assertThat(status.stations()).isEqualTo(3);
    assertThat(status.nextPollAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(status.dataUpdatedAt()).isEqualTo(Instant.ofEpochSecond(1760778556));
    assertThat(status.ttlSeconds()).isEqualTo(3600);
  }

  @Test
  void discoveryIsReadOnceAndInformationOnItsOwnTtl() {
    velibFeeds();
    GbfsPoller poller = poller();

    poller.pollOnce();
    clock.advance(Duration.ofSeconds(60));
    poller.pollOnce();
    clock.advance(Duration.ofMinutes(59));
    poller.pollOnce();

    assertThat(fetcher.requests(DISCOVERY)).hasSize(1);
    assertThat(fetcher.requests(STATUS)).hasSize(3);
    assertThat(fetcher.requests(INFO))
        .as("information ttl 3600: read at 0 and at 60 min")
        .hasSize(2);
    assertThat(batches).hasSize(3);
  }

  @Test
  void ttlZeroPollsAtTheMinimumAndVehicleTypesGiveTheBreakdown() {
    URI base = URI.create("https://v2.example/gbfs/");
    settings = GbfsSettings.defaults(base.resolve("gbfs.json"), "demo").withLanguage("en");
    fetcher
        .on(base.resolve("gbfs.json"), ok(bytes("gbfs/v2/gbfs.json")))
        .on(base.resolve("en/vehicle_types.json"), ok(bytes("gbfs/v2/vehicle_types.json")))
        .on(
            base.resolve("en/station_information.json"),
            ok(bytes("gbfs/v2/station_information.json")))
        .on(base.resolve("en/station_status.json"), ok(bytes("gbfs/v2/station_status.json")));

    Duration wait = poller().pollOnce();

    assertThat(wait).isEqualTo(GbfsSettings.DEFAULT_MIN_INTERVAL);
    JoinedStation first = batches.get(0).stations().get(0);
    assertThat(first.status().mechanical()).isEqualTo(1);
    assertThat(first.status().ebike()).isEqualTo(2);
    assertThat(first.information().postcode()).isEqualTo("75019");
  }

  @Test
  void aDirectStationStatusUrlIsPolledWithItsSiblingInformation() {
    settings = GbfsSettings.defaults(STATUS, "velib");
    fetcher
        .on(INFO, ok(bytes("gbfs/velib/station_information.json")))
        .on(STATUS, ok(bytes("gbfs/velib/station_status.json")));

    poller().pollOnce();

    assertThat(batches).hasSize(1);
    assertThat(batches.get(0).stations())
        .allSatisfy(s -> assertThat(s.information()).isNotNull());
    assertThat(fetcher.requests(BASE.resolve("vehicle_types.json")))
        .as("guessed, tried once")
        .hasSize(1);
    assertThat(counters.get(GbfsPoller.VEHICLE_TYPES_FAILED))
        .as("a missing guess is no error")
        .isZero();
    assertThat(counters.get(GbfsPoller.POLLS_FAILED)).isZero();
  }

  @Test
  void aStationMissingFromInformationTriggersOneEarlyRefresh() {
    fetcher
        .on(DISCOVERY, ok(bytes("gbfs/velib/gbfs.json")))
        .on(INFO, ok(informationWithout("44015")), ok(bytes("gbfs/velib/station_information.json")))
        .on(STATUS, ok(bytes("gbfs/velib/station_status.json")));

    poller().pollOnce();

    assertThat(counters.get(GbfsPoller.INFORMATION_EARLY_REFRESHES)).isEqualTo(1);
    assertThat(fetcher.requests(INFO)).hasSize(2);
    assertThat(batches.get(0).stations())
        .allSatisfy(s -> assertThat(s.information()).isNotNull());
    assertThat(counters.get(GbfsPoller.STATIONS_WITHOUT_INFORMATION)).isZero();
  }

  @Test
  void aNewStationGetsItsInformationFromAnEarlyRefresh() {
    fetcher
        .on(DISCOVERY, ok(bytes("gbfs/velib/gbfs.json")))
        .on(INFO, ok(informationWithout("44015")), ok(bytes("gbfs/velib/station_information.json")))
        .on(STATUS, ok(statusWithout("44015")), ok(bytes("gbfs/velib/station_status.json")));
    GbfsPoller poller = poller();
    poller.pollOnce();
    clock.advance(Duration.ofSeconds(60));

    poller.pollOnce();

    assertThat(counters.get(GbfsPoller.INFORMATION_EARLY_REFRESHES)).isEqualTo(1);
    assertThat(batches.get(1).stations())
        .filteredOn(s -> s.stationCode().equals("44015"))
        .singleElement()
        .satisfies(s -> assertThat(s.information().name()).isEqualTo("Rouget de L'isle - Watteau"));
    assertThat(counters.get(GbfsPoller.STATIONS_WITHOUT_INFORMATION)).isZero();
  }

  @Test
  void aStationStillMissingAfterTheEarlyRefreshIsDeliveredWithoutInformationAndNotRefreshedAgain() {
    byte[] withoutLast = informationWithout("44015");
    fetcher
        .on(DISCOVERY, ok(bytes("gbfs/velib/gbfs.json")))
        .on(INFO, ok(withoutLast))
        .on(STATUS, ok(statusWithout("44015")), ok(bytes("gbfs/velib/station_status.json")));
    GbfsPoller poller = poller();
    poller.pollOnce();

    clock.advance(Duration.ofSeconds(60));
    poller.pollOnce();
    clock.advance(Duration.ofSeconds(60));
    poller.pollOnce();

    assertThat(counters.get(GbfsPoller.INFORMATION_EARLY_REFRESHES)).isEqualTo(1);
    assertThat(fetcher.requests(INFO)).hasSize(2);
    assertThat(batches).hasSize(3);
    assertThat(batches.get(2).stations())
        .hasSize(3)
        .filteredOn(s -> s.status().stationId().equals("17278902806"))
        .singleElement()
        .satisfies(s -> assertThat(s.information()).isNull());
    assertThat(counters.get(GbfsPoller.STATIONS_WITHOUT_INFORMATION))
        .as("distinct stations")
        .isEqualTo(1);
  }

  @Test
  void statusWithAnotherIdIsJoinedByVelibStationCode() {
    byte[] renumbered = bytes("gbfs/velib/station_information.json");
    renumbered = new String(renumbered, StandardCharsets.UTF_8)
        .replace("\"station_id\": 213688169", "\"station_id\": 999")
        .getBytes(StandardCharsets.UTF_8);
    fetcher
        .on(DISCOVERY, ok(bytes("gbfs/velib/gbfs.json")))
        .on(INFO, ok(renumbered))
        .on(STATUS, ok(bytes("gbfs/velib/station_status.json")));

    poller().pollOnce();

    assertThat(batches.get(0).stations().get(0).information().stationId()).isEqualTo("999");
    assertThat(counters.get(GbfsPoller.INFORMATION_EARLY_REFRESHES)).isZero();
  }

  @Test
  void errorsBackOffExponentiallyAndSuccessResets() {
    fetcher
        .on(DISCOVERY, ok(bytes("gbfs/velib/gbfs.json")))
        .on(INFO, ok(bytes("gbfs/velib/station_information.json")))
        .on(
            STATUS,
            new FeedResponse.HttpError(500, "oops"),
            new FeedResponse.Timeout("slow"),
            new FeedResponse.IoError("reset"),
            ok(bytes("gbfs/velib/station_status.json")),
            new FeedResponse.HttpError(503, "down"));
    GbfsPoller poller = poller();

    List<Duration> waits = List.of(
        poller.pollOnce(),
        poller.pollOnce(),
        poller.pollOnce(),
        poller.pollOnce(),
        poller.pollOnce());

    assertThat(waits).extracting(Duration::toSeconds).containsExactly(2L, 4L, 8L, 60L, 2L);
    assertThat(counters.get(GbfsPoller.POLLS_FAILED_PREFIX + "http_error")).isEqualTo(2);
    assertThat(counters.get(GbfsPoller.POLLS_FAILED_PREFIX + "timeout")).isEqualTo(1);
    assertThat(counters.get(GbfsPoller.POLLS_FAILED_PREFIX + "io_error")).isEqualTo(1);
    assertThat(counters.get(GbfsPoller.POLLS_FAILED)).isEqualTo(4);
    assertThat(counters.get(GbfsPoller.POLLS_OK)).isEqualTo(1);
    assertThat(batches).hasSize(1);
    assertThat(poller.status().lastError()).contains("HTTP 503: down").contains(STATUS.toString());
  }

  @Test
  void rateLimitedWaitsRetryAfterButAtLeastTheBackoff() {
    fetcher
        .on(DISCOVERY, ok(bytes("gbfs/velib/gbfs.json")))
        .on(INFO, ok(bytes("gbfs/velib/station_information.json")))
        .on(
            STATUS,
            new FeedResponse.RateLimited(Duration.ofSeconds(120)),
            new FeedResponse.RateLimited(Duration.ofSeconds(1)),
            new FeedResponse.RateLimited(null),
            new FeedResponse.RateLimited(Duration.ofDays(3)));
    GbfsPoller poller = poller();

    List<Duration> waits =
        List.of(poller.pollOnce(), poller.pollOnce(), poller.pollOnce(), poller.pollOnce());

    assertThat(waits)
        .containsExactly(
            Duration.ofSeconds(120), Duration.ofSeconds(4), Duration.ofSeconds(8), RetryAfter.MAX);
    assertThat(counters.get(GbfsPoller.POLLS_FAILED_PREFIX + "rate_limited")).isEqualTo(4);
  }

  @Test
  void discoveryFailuresAreRetriedWithBackoff() {
    fetcher
        .on(
            DISCOVERY,
            new FeedResponse.IoError("refused"),
            ok("{\"oops\": true}"),
            ok(bytes("gbfs/velib/gbfs.json")))
        .on(INFO, ok(bytes("gbfs/velib/station_information.json")))
        .on(STATUS, ok(bytes("gbfs/velib/station_status.json")));
    GbfsPoller poller = poller();

    assertThat(poller.pollOnce()).isEqualTo(Duration.ofSeconds(2));
    assertThat(poller.pollOnce()).isEqualTo(Duration.ofSeconds(4));
    assertThat(poller.pollOnce()).isEqualTo(Duration.ofSeconds(60));

    assertThat(batches).hasSize(1);
    assertThat(counters.get(GbfsPoller.PARSE_ERRORS)).isEqualTo(1);
    assertThat(counters.get(GbfsPoller.DISCOVERY_FAILED)).isEqualTo(2);
    assertThat(counters.get(GbfsPoller.POLLS_FAILED_PREFIX + "parse")).isEqualTo(1);
    assertThat(counters.get(GbfsPoller.DEAD_LETTERS)).isEqualTo(1);
    assertThat(deadLetters).singleElement().satisfies(letter -> {
      assertThat(letter.source()).isEqualTo(DISCOVERY);
      assertThat(letter.reason()).startsWith("gbfs: no 'data' object");
    });
  }

  @Test
  void aTruncatedBodyIsDeadLetteredAndPollingGoesOn() {
    byte[] whole = bytes("gbfs/velib/station_status.json");
    byte[] truncated = Arrays.copyOf(whole, 700);
    fetcher
        .on(DISCOVERY, ok(bytes("gbfs/velib/gbfs.json")))
        .on(INFO, ok(bytes("gbfs/velib/station_information.json")))
        .on(STATUS, ok(truncated, "\"t1\""), ok(whole, "\"v2\""));
    GbfsPoller poller = poller();

    assertThat(poller.pollOnce()).isEqualTo(Duration.ofSeconds(2));
    assertThat(poller.pollOnce()).isEqualTo(Duration.ofSeconds(60));

    assertThat(deadLetters).singleElement().satisfies(letter -> {
      assertThat(letter.source()).isEqualTo(STATUS);
      assertThat(letter.payload()).isEqualTo(truncated);
      assertThat(letter.reason()).startsWith("station_status: body is not valid JSON");
      assertThat(letter.at()).isEqualTo(T0);
    });
    assertThat(fetcher.requests(STATUS))
        .extracting(ScriptedFetcher.Request::etag)
        .as("the ETag of an unreadable body is not reused")
        .containsExactly(null, null);
    assertThat(batches).hasSize(1);
  }

  @Test
  void etagIsSentBackAndNotModifiedDeliversNothing() {
    fetcher
        .on(DISCOVERY, ok(bytes("gbfs/velib/gbfs.json")))
        .on(INFO, ok(bytes("gbfs/velib/station_information.json")))
        .on(
            STATUS,
            ok(bytes("gbfs/velib/station_status.json"), "W/\"abc\""),
            new FeedResponse.NotModified());
    GbfsPoller poller = poller();

    poller.pollOnce();
    clock.advance(Duration.ofSeconds(60));
    Duration wait = poller.pollOnce();

    assertThat(wait).isEqualTo(Duration.ofSeconds(60));
    assertThat(fetcher.requests(STATUS))
        .extracting(ScriptedFetcher.Request::etag)
        .containsExactly(null, "W/\"abc\"");
    assertThat(batches).hasSize(1);
    assertThat(counters.get(GbfsPoller.NOT_MODIFIED)).isEqualTo(1);
    assertThat(poller.status().lastSuccess()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void rejectedStationsAreCountedAndDeadLetteredOneByOne() {
    settings = GbfsSettings.defaults(STATUS, "velib");
    fetcher.on(STATUS, ok(bytes("gbfs/station_status_with_bad_entries.json")));

    poller().pollOnce();

    assertThat(batches.get(0).stations()).hasSize(2);
    assertThat(counters.get(GbfsPoller.REJECTED)).isEqualTo(6);
    assertThat(deadLetters).hasSize(6);
    assertThat(deadLetters.get(0).reason()).isEqualTo("station_status entry: missing station_id");
    assertThat(new String(deadLetters.get(0).payload(), StandardCharsets.UTF_8))
        .startsWith("{\"num_bikes_available\":3");
  }

  @Test
  void informationFailureKeepsPollingAndRetriesNextCycle() {
    fetcher
        .on(DISCOVERY, ok(bytes("gbfs/velib/gbfs.json")))
        .on(
            INFO,
            new FeedResponse.HttpError(502, "bad gateway"),
            new FeedResponse.HttpError(502, "bad gateway"),
            ok(bytes("gbfs/velib/station_information.json")))
        .on(STATUS, ok(bytes("gbfs/velib/station_status.json")));
    GbfsPoller poller = poller();

    poller.pollOnce();
    clock.advance(Duration.ofSeconds(60));
    poller.pollOnce();

    // first cycle: the refresh and the early refresh both failed
    assertThat(batches.get(0).stations())
        .allSatisfy(s -> assertThat(s.information()).isNull());
    assertThat(counters.get(GbfsPoller.STATIONS_WITHOUT_INFORMATION)).isEqualTo(3);
    assertThat(counters.get(GbfsPoller.INFORMATION_FAILED)).isEqualTo(2);
    assertThat(counters.get(GbfsPoller.POLLS_FAILED))
        .as("the status polls succeeded")
        .isZero();
    assertThat(batches.get(1).stations())
        .extracting(JoinedStation::information)
        .extracting(StationInformation::stationCode)
        .containsExactly("16107", "32017", "44015");
  }

  @Test
  void aFailingListenerIsCountedAndTheNextPollDeliversTheSameDataAgain() {
    fetcher
        .on(DISCOVERY, ok(bytes("gbfs/velib/gbfs.json")))
        .on(INFO, ok(bytes("gbfs/velib/station_information.json")))
        .on(STATUS, ok(bytes("gbfs/velib/station_status.json"), "\"e1\""));
    int[] calls = {0};
    GbfsPoller poller = new GbfsPoller(
        settings,
        fetcher,
        clock,
        Sleeper.SYSTEM,
        batch -> {
          if (calls[0]++ == 0) {
            throw new IllegalStateException("boom");
          }
          batches.add(batch);
        },
        deadLetters::add,
        counters,
        Backoff.withoutJitter(Duration.ofSeconds(1), Duration.ofSeconds(2)));

    poller.pollOnce();
    poller.pollOnce();

    assertThat(counters.get(GbfsPoller.LISTENER_ERRORS)).isEqualTo(1);
    assertThat(fetcher.requests(STATUS))
        .extracting(ScriptedFetcher.Request::etag)
        .containsExactly(null, null);
    assertThat(batches).hasSize(1);
  }

  @Test
  void aVanishedStatusFeedMakesThePollerReadDiscoveryAgain() {
    fetcher
        .on(DISCOVERY, ok(bytes("gbfs/velib/gbfs.json")))
        .on(INFO, ok(bytes("gbfs/velib/station_information.json")))
        .on(
            STATUS,
            new FeedResponse.HttpError(404, "gone"),
            ok(bytes("gbfs/velib/station_status.json")));
    GbfsPoller poller = poller();

    poller.pollOnce();
    poller.pollOnce();

    assertThat(fetcher.requests(DISCOVERY)).hasSize(2);
    assertThat(batches).hasSize(1);
  }

  @Test
  void startPollsOnItsOwnThreadUntilClosed() throws Exception {
    velibFeeds();
    CountDownLatch threeBatches = new CountDownLatch(3);
    List<Duration> sleeps = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    GbfsPoller poller = new GbfsPoller(
        settings,
        fetcher,
        clock,
        duration -> {
          sleeps.add(duration);
          clock.advance(duration);
          // The stub's own short real wait: the clock moves at once, but the loop still has a real
          // sleep for close() to interrupt, as the system sleeper does, and does not spin on the
          // CPU.
          Thread.sleep(1);
        },
        batch -> {
          threads.add(Thread.currentThread().getName());
          threeBatches.countDown();
        },
        deadLetters::add,
        counters);

    poller.start();
    assertThat(threeBatches.await(10, TimeUnit.SECONDS)).isTrue();
    poller.close();

    assertThat(poller.status().running()).isFalse();
    assertThat(threads).allMatch(name -> name.equals("gbfs-poller-velib"));
    assertThat(sleeps).first().isEqualTo(Duration.ofSeconds(60));
    long polls = counters.get(GbfsPoller.POLLS);
    // close() joins the polling thread: once that thread has ended, nothing can poll any more.
    await("the polling thread ending")
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .until(() -> Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().equals("gbfs-poller-velib") && t.isAlive()));
    assertThat(counters.get(GbfsPoller.POLLS)).as("no polling after close").isEqualTo(polls);
  }

  private static byte[] informationWithout(String stationCode) {
    return withoutStation(bytes("gbfs/velib/station_information.json"), stationCode);
  }

  private static byte[] statusWithout(String stationCode) {
    return withoutStation(bytes("gbfs/velib/station_status.json"), stationCode);
  }

  private static byte[] withoutStation(byte[] body, String stationCode) {
    try {
      var root = (com.fasterxml.jackson.databind.node.ObjectNode)
          io.citypulse.model.Json.MAPPER.readTree(body);
      var stations =
          (com.fasterxml.jackson.databind.node.ArrayNode) root.path("data").path("stations");
      for (int i = stations.size() - 1; i >= 0; i--) {
        if (stations.get(i).path("stationCode").asText().equals(stationCode)) {
          stations.remove(i);
        }
      }
      return io.citypulse.model.Json.write(root);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aFreeFloatingDiscoveryNamesWhyTheSystemHasNothingToCount() {
    fetcher.on(
        DISCOVERY,
        ok("{\"last_updated\":1,\"ttl\":0,\"version\":\"2.3\",\"data\":{\"en\":{\"feeds\":["
            + "{\"name\":\"free_bike_status\",\"url\":\"https://velib.example/fbs.json\"}]}}}"));
    GbfsPoller poller = poller();

    poller.pollOnce();

    assertThat(poller.stationless()).contains("lists no station_status feed");
    assertThat(poller.status().lastSuccess()).isNull();
  }

  @Test
  void aStationBasedSystemIsNotStationless() {
    velibFeeds();
    GbfsPoller poller = poller();

    poller.pollOnce();

    assertThat(poller.stationless()).isNull();
  }
}
