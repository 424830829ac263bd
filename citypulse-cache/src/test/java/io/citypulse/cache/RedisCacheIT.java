package io.citypulse.cache;

import static io.citypulse.cache.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.testkit.LogCapture;
import io.citypulse.testkit.RedisServerProcess;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link RedisCache} against a real redis-server (Debian's) on 127.0.0.1. */
class RedisCacheIT {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  /** Quick retries: the outage tests wait for a restart, not for the default backoff. */
  private static final Backoff QUICK =
      new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2);

  private static RedisServerProcess server;
  private static RedisTestClient client;

  @BeforeAll
  static void startServer() throws IOException {
    RedisServerProcess.assumeAvailable();
    server = RedisServerProcess.start(RedisServerProcess.Options.DEFAULT);
    client = new RedisTestClient(server);
  }

  @AfterAll
  static void stopServer() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Settings of a key space and channel of the test's own on the shared server. */
  private static CacheSettings settings(RedisServerProcess on) {
    String prefix = "t" + PREFIXES.incrementAndGet();
    return CacheSettings.of(on.url()).withKeyPrefix(prefix).withChannel(prefix + ":changes");
  }

  private static RedisCache cache(CacheSettings settings) {
    return new RedisCache(settings, java.time.Clock.systemUTC(), null, QUICK);
  }

  /** What the hash of an entry must hold: its fields plus the cache's own, nothing else. */
  private static Map<String, String> expectedHash(CacheEntry entry) {
    Map<String, String> hash = new LinkedHashMap<>(entry.fields());
    hash.put("event_time", entry.eventTime().toString());
    hash.put("json", entry.json());
    hash.put("_event_ms", Long.toString(entry.eventTime().toEpochMilli()));
    hash.put(
        "_fetched_ms",
        Long.toString(entry.fetchedAt() == null ? 0 : entry.fetchedAt().toEpochMilli()));
    return hash;
  }

  private static JsonNode json(String text) throws IOException {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void aFeedThenAChangedFeedLeaveExactHashesHistoriesIndexAndOneMessagePerChange()
      throws Exception {
    CacheSettings settings = settings(server);
    StationRecord a1 = Records.station("A", 10, T0);
    StationRecord b1 = Records.station("B", 5, T0);
    StationRecord c1 = Records.station("C", 9, T0);
    PostcodeAvailability p1 = Records.postcode("75004", 24, T0);
    WeatherFeatures w1 = Records.weather("paris", 7.5, T0);
    StationRecord a2 = Records.station("A", 7, T0.plusSeconds(60));
    // C's new state has no breakdown by propulsion: its old mechanical/ebike must go.
    StationRecord c2 = new StationRecord(
        "velib",
        "C",
        "id-C",
        "Station C",
        48.8566,
        2.3522,
        30,
        "75004",
        "Paris",
        8,
        null,
        null,
        22,
        true,
        true,
        true,
        T0.plusSeconds(90),
        T0.plusSeconds(95));
    PostcodeAvailability p2 = Records.postcode("75004", 21, T0.plusSeconds(90));
    WeatherFeatures w2 = Records.weather("paris", 8.0, T0.plusSeconds(900));

    try (RedisCache cache = cache(settings);
        RedisTestClient.Subscriber subscriber =
            new RedisTestClient.Subscriber(server, settings.channel())) {
      cache.prepare();
      WriteOutcome first = cache.write(CacheEntries.ofAll(List.of(a1, b1, c1, p1, w1)));
      List<String> firstMessages = subscriber.drain();
      // b1 again: the feed re-sent an unchanged station.
      WriteOutcome second = cache.write(CacheEntries.ofAll(List.of(a2, b1, c2, p2, w2)));
      List<String> secondMessages = subscriber.drain();

      assertThat(first).isEqualTo(new WriteOutcome(5, 0, 0));
      assertThat(second).isEqualTo(new WriteOutcome(4, 1, 0));
      assertThat(cache.status())
          .isEqualTo(new CacheStatus(CacheStatus.State.OK, cache.status().since(), null, 9, 1, 0));

      // The hashes: exactly the latest record's fields plus the cache's own.
      assertThat(cache.read(CacheKind.STATION, "velib:A"))
          .isEqualTo(expectedHash(CacheEntries.of(a2)))
          .containsEntry("bikes_available", "7")
          .containsEntry("event_time", "2026-03-01T08:01:00Z")
          .containsEntry("json", Json.writeString(a2));
      assertThat(cache.read(CacheKind.STATION, "velib:B"))
          .isEqualTo(expectedHash(CacheEntries.of(b1)));
      assertThat(cache.read(CacheKind.STATION, "velib:C"))
          .isEqualTo(expectedHash(CacheEntries.of(c2)))
          .doesNotContainKeys("mechanical", "ebike");
      assertThat(cache.read(CacheKind.POSTCODE, "75004"))
          .isEqualTo(expectedHash(CacheEntries.of(p2)));
      assertThat(cache.read(CacheKind.WEATHER, "open-meteo:paris"))
          .isEqualTo(expectedHash(CacheEntries.of(w2)))
          .containsEntry("temperature_c", "8.0");

      // Histories newest first; the unchanged B has one state.
      assertThat(cache.history(CacheKind.STATION, "velib:A"))
          .containsExactly(Json.writeString(a2), Json.writeString(a1));
      assertThat(cache.history(CacheKind.STATION, "velib:B")).containsExactly(Json.writeString(b1));
      assertThat(cache.history(CacheKind.WEATHER, "open-meteo:paris"))
          .containsExactly(Json.writeString(w2), Json.writeString(w1));

      // The index of each kind, and nothing else under the prefix.
      assertThat(cache.keys(CacheKind.STATION))
          .containsExactlyInAnyOrder("velib:A", "velib:B", "velib:C");
      assertThat(cache.keys(CacheKind.POSTCODE)).containsExactly("75004");
      assertThat(cache.keys(CacheKind.WEATHER)).containsExactly("open-meteo:paris");
      String p = settings.keyPrefix();
      assertThat(client.snapshot(p).keySet())
          .containsExactlyInAnyOrder(
              p + ":station:velib:A",
              p + ":station:velib:A:history",
              p + ":station:velib:B",
              p + ":station:velib:B:history",
              p + ":station:velib:C",
              p + ":station:velib:C:history",
              p + ":postcode:75004",
              p + ":postcode:75004:history",
              p + ":weather:open-meteo:paris",
              p + ":weather:open-meteo:paris:history",
              p + ":stations",
              p + ":postcodes",
              p + ":weathers");

      // One message per change, in order, none for B's repeat.
      assertThat(firstMessages).hasSize(5);
      assertThat(secondMessages).hasSize(4);
      JsonNode aChange = json(secondMessages.get(0));
      assertThat(aChange.get("kind").asText()).isEqualTo("station");
      assertThat(aChange.get("key").asText()).isEqualTo("velib:A");
      assertThat(aChange.get("event_time").asText()).isEqualTo("2026-03-01T08:01:00Z");
      assertThat(aChange.get("hash").asText()).isEqualTo(p + ":station:velib:A");
      List<String> changedKeys = new ArrayList<>();
      for (String message : secondMessages) {
        changedKeys.add(
            json(message).get("kind").asText() + " " + json(message).get("key").asText());
      }
      assertThat(changedKeys)
          .containsExactly(
              "station velib:A", "station velib:C", "postcode 75004", "weather open-meteo:paris");
    }
  }

  @Test
  void theHistoryIsCappedNewestFirst() throws Exception {
    CacheSettings settings = settings(server).withHistoryLength(3);
    List<StationRecord> states = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      states.add(Records.station("A", i, T0.plusSeconds(60L * i)));
    }

    try (RedisCache cache = cache(settings)) {
      // One batch and then one record per batch: the cap holds either way.
      cache.write(CacheEntries.ofAll(states.subList(0, 4)));
      cache.write(CacheEntries.ofAll(states.subList(4, 5)));
      WriteOutcome last = cache.write(CacheEntries.ofAll(states.subList(5, 6)));

      assertThat(last).isEqualTo(new WriteOutcome(1, 0, 0));
      assertThat(cache.history(CacheKind.STATION, "velib:A"))
          .containsExactly(
              Json.writeString(states.get(5)),
              Json.writeString(states.get(4)),
              Json.writeString(states.get(3)));
    }
  }

  @Test
  void aReplayAfterARestartChangesNothingAndPublishesNothing() throws Exception {
    CacheSettings settings = settings(server);
    List<Object> batch = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Instant reported = T0.plusSeconds(i);
      // Two polls of a station that did not report in between: same last_reported, later fetch.
      batch.add(Records.station("S" + i, i, reported, reported.plusSeconds(10)));
      batch.add(Records.station("S" + i, i + 1, reported, reported.plusSeconds(70)));
    }
    // Two postcode totals of one time, the second a correction: the first is in the history.
    batch.add(Records.postcode("75004", 20, T0));
    batch.add(Records.postcode("75004", 21, T0));
    batch.add(Records.weather("paris", 7.5, T0));
    List<CacheEntry> entries = CacheEntries.ofAll(batch);

    WriteOutcome firstRun;
    try (RedisCache cache = cache(settings)) {
      firstRun = cache.write(entries);
    }
    Map<String, Object> before = client.snapshot(settings.keyPrefix());

    WriteOutcome replay;
    List<String> replayMessages;
    try (RedisCache restarted = cache(settings);
        RedisTestClient.Subscriber subscriber =
            new RedisTestClient.Subscriber(server, settings.channel())) {
      restarted.prepare();
      replay = restarted.write(entries);
      replayMessages = subscriber.drain();
    }

    assertThat(firstRun).isEqualTo(new WriteOutcome(43, 0, 0));
    // Each station's first poll is older than its second; the rest are what the cache holds.
    assertThat(replay).isEqualTo(new WriteOutcome(0, 23, 20));
    assertThat(replayMessages).isEmpty();
    assertThat(client.snapshot(settings.keyPrefix())).isEqualTo(before);
    assertThat(client.jedis().llen(settings.keyPrefix() + ":station:velib:S3:history"))
        .isEqualTo(2);
    assertThat(client.jedis().llen(settings.keyPrefix() + ":postcode:75004:history"))
        .isEqualTo(2);
    assertThat(client.jedis().hget(settings.keyPrefix() + ":postcode:75004", "bikes_available"))
        .isEqualTo("21");
  }

  @Test
  void anOlderRecordAfterANewerOneIsIgnored() throws Exception {
    CacheSettings settings = settings(server);
    StationRecord newer = Records.station("A", 3, T0.plusSeconds(120));
    StationRecord older = Records.station("A", 9, T0);
    WeatherFeatures newerWeather = Records.weather("paris", 9, T0.plusSeconds(600));
    WeatherFeatures olderWeather = Records.weather("paris", 4, T0);

    try (RedisCache cache = cache(settings);
        RedisTestClient.Subscriber subscriber =
            new RedisTestClient.Subscriber(server, settings.channel())) {
      cache.write(CacheEntries.ofAll(List.of(newer, newerWeather)));
      subscriber.drain();

      WriteOutcome outcome = cache.write(CacheEntries.ofAll(List.of(older, olderWeather)));

      assertThat(outcome).isEqualTo(new WriteOutcome(0, 0, 2));
      assertThat(subscriber.drain()).isEmpty();
      assertThat(cache.read(CacheKind.STATION, "velib:A"))
          .containsEntry("json", Json.writeString(newer));
      assertThat(cache.history(CacheKind.STATION, "velib:A"))
          .containsExactly(Json.writeString(newer));
      assertThat(cache.read(CacheKind.WEATHER, "open-meteo:paris"))
          .containsEntry("temperature_c", "9.0");
      assertThat(cache.status().skipped()).isEqualTo(2);
    }
  }

  @Test
  void afterAReplayFromAnEarlierOffsetEachKeyHoldsItsLatestRecordAndNoDuplicate() throws Exception {
    CacheSettings settings = settings(server).withHistoryLength(50);
    // A topic: 30 stations, 10 states each, interleaved as polls would be.
    List<StationRecord> topic = new ArrayList<>();
    for (int poll = 0; poll < 10; poll++) {
      for (int s = 0; s < 30; s++) {
        Instant reported = T0.plusSeconds(60L * poll + s);
        topic.add(Records.station("S" + s, (poll * 7 + s) % 30, reported));
      }
    }
    Map<String, StationRecord> latest = new LinkedHashMap<>();
    topic.forEach(record -> latest.put(record.key(), record));

    try (RedisCache cache = cache(settings)) {
      // Consumed up to offset 200, then a restart that resumes from offset 120 (the last commit).
      for (int from = 0; from < 200; from += 40) {
        cache.write(CacheEntries.ofAll(topic.subList(from, from + 40)));
      }
    }
    try (RedisCache restarted = cache(settings)) {
      for (int from = 120; from < topic.size(); from += 50) {
        restarted.write(CacheEntries.ofAll(topic.subList(from, Math.min(topic.size(), from + 50))));
      }

      for (StationRecord record : latest.values()) {
        assertThat(restarted.read(CacheKind.STATION, record.key()))
            .as(record.key())
            .isEqualTo(expectedHash(CacheEntries.of(record)));
        List<String> expectedHistory = new ArrayList<>(topic.stream()
            .filter(r -> r.key().equals(record.key()))
            .map(Json::writeString)
            .toList());
        Collections.reverse(expectedHistory); // newest first
        assertThat(restarted.history(CacheKind.STATION, record.key()))
            .as(record.key())
            .containsExactlyElementsOf(expectedHistory);
      }
      assertThat(restarted.keys(CacheKind.STATION))
          .containsExactlyInAnyOrderElementsOf(latest.keySet());
    }
  }

  @Test
  void everyKeyHasTheTtlAndAKeyThatStopsComingExpiresAndLeavesTheIndex() throws Exception {
    CacheSettings hourly = settings(server).withTtl(Duration.ofHours(1));
    CacheSettings brief = settings(server).withTtl(Duration.ofSeconds(1));

    try (RedisCache cache = cache(hourly)) {
      cache.write(CacheEntries.ofAll(List.of(Records.station("A", 1, T0))));
      String p = hourly.keyPrefix();
      for (String key :
          List.of(p + ":station:velib:A", p + ":station:velib:A:history", p + ":stations")) {
        assertThat(client.jedis().pttl(key)).as(key).isPositive().isLessThanOrEqualTo(3_600_000);
      }
    }
    try (RedisCache cache = cache(brief)) {
      String p = brief.keyPrefix();
      cache.write(CacheEntries.ofAll(List.of(Records.station("gone", 1, T0))));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !client.jedis().exists(p + ":station:velib:gone"));
      assertThat(client.jedis().exists(p + ":station:velib:gone:history")).isFalse();

      cache.write(CacheEntries.ofAll(List.of(Records.station("live", 1, T0))));

      assertThat(cache.keys(CacheKind.STATION)).containsExactly("velib:live");
    }
  }

  @Test
  void aKeyOfAnotherTypeInTheWayFailsTheWriteAtOnceInsteadOfRetrying() {
    CacheSettings settings = settings(server);
    client.jedis().set(settings.keyPrefix() + ":station:velib:A", "not a hash");

    try (RedisCache cache = cache(settings)) {
      assertThatThrownBy(
              () -> cache.write(CacheEntries.ofAll(List.of(Records.station("A", 1, T0)))))
          .isInstanceOf(RedisCacheException.class)
          .hasMessageStartingWith(
              "Redis at " + server.url() + " rejected a cache write: WRONGTYPE");
      assertThat(cache.status().retries()).isZero();
      assertThat(cache.status().state()).isEqualTo(CacheStatus.State.OK);
    }
  }

  @Test
  void aFlushedScriptIsLoadedAgain() throws Exception {
    CacheSettings settings = settings(server);
    try (RedisCache cache = cache(settings)) {
      cache.write(CacheEntries.ofAll(List.of(Records.station("A", 1, T0))));
      client.jedis().scriptFlush();
      assertThat(client.jedis().scriptExists(RedisCache.SCRIPT_SHA)).isFalse();

      WriteOutcome outcome =
          cache.write(CacheEntries.ofAll(List.of(Records.station("A", 2, T0.plusSeconds(60)))));

      assertThat(outcome).isEqualTo(new WriteOutcome(1, 0, 0));
      assertThat(client.jedis().scriptExists(RedisCache.SCRIPT_SHA)).isTrue();
      assertThat(cache.read(CacheKind.STATION, "velib:A")).containsEntry("bikes_available", "2");
      // NOSCRIPT is not an outage: no retry, no RETRYING.
      assertThat(cache.status().retries()).isZero();
    }
  }

  @Test
  void aServerKilledMidRunAndRestartedOnItsPortGetsTheWaitingBatchAndLosesNothing()
      throws Exception {
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try (RedisServerProcess persistent =
            RedisServerProcess.start(RedisServerProcess.Options.DEFAULT.withPersistence());
        RedisCache cache = cache(settings(persistent))) {
      List<Object> firstFeed = new ArrayList<>();
      List<Object> secondFeed = new ArrayList<>();
      for (int s = 0; s < 50; s++) {
        firstFeed.add(Records.station("S" + s, s % 30, T0.plusSeconds(s)));
        secondFeed.add(Records.station("S" + s, (s + 1) % 30, T0.plusSeconds(600 + s)));
      }
      firstFeed.add(Records.postcode("75004", 20, T0));
      secondFeed.add(Records.postcode("75004", 22, T0.plusSeconds(600)));
      cache.prepare();
      assertThat(cache.write(CacheEntries.ofAll(firstFeed))).isEqualTo(new WriteOutcome(51, 0, 0));

      persistent.kill();
      Future<WriteOutcome> waiting =
          writer.submit(() -> cache.write(CacheEntries.ofAll(secondFeed)));
      await().atMost(Duration.ofSeconds(30)).until(() -> cache.status().retries() >= 3);
      CacheStatus during = cache.status();
      persistent.restart();
      WriteOutcome landed = waiting.get(60, TimeUnit.SECONDS);

      assertThat(during.state()).isEqualTo(CacheStatus.State.RETRYING);
      assertThat(during.lastError()).isEqualTo("Connection refused");
      assertThat(landed).isEqualTo(new WriteOutcome(51, 0, 0));
      CacheStatus after = cache.status();
      assertThat(after.state()).isEqualTo(CacheStatus.State.OK);
      assertThat(after.since()).isAfterOrEqualTo(during.since());
      assertThat(after.written()).isEqualTo(102);
      assertThat(after.retries()).isGreaterThanOrEqualTo(3);
      // The restarted server had no script: it was loaded on the new connection.
      try (RedisTestClient restartedClient = new RedisTestClient(persistent)) {
        assertThat(restartedClient.jedis().scriptExists(RedisCache.SCRIPT_SHA)).isTrue();
      }
      // Nothing lost: the first feed from the append-only file, the second from the retry.
      for (int s = 0; s < 50; s++) {
        assertThat(cache.history(CacheKind.STATION, "velib:S" + s))
            .containsExactly(
                Json.writeString(secondFeed.get(s)), Json.writeString(firstFeed.get(s)));
      }
      assertThat(cache.read(CacheKind.POSTCODE, "75004")).containsEntry("bikes_available", "22");
      assertThat(cache.keys(CacheKind.STATION)).hasSize(50);
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void aServerStoppedBeforeTheFirstWriteIsWaitedFor() throws Exception {
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try (RedisServerProcess restartable =
            RedisServerProcess.start(RedisServerProcess.Options.DEFAULT);
        RedisCache cache = cache(settings(restartable))) {
      restartable.stop();
      assertThatThrownBy(cache::prepare)
          .isInstanceOf(RedisCacheException.class)
          .hasMessage("Redis at " + restartable.url() + " is not reachable: Connection refused");

      Future<WriteOutcome> waiting = writer.submit(
          () -> cache.write(CacheEntries.ofAll(List.of(Records.station("A", 1, T0)))));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> cache.status().state() == CacheStatus.State.RETRYING);
      restartable.restart();

      assertThat(waiting.get(60, TimeUnit.SECONDS)).isEqualTo(new WriteOutcome(1, 0, 0));
      assertThat(cache.read(CacheKind.STATION, "velib:A")).containsEntry("bikes_available", "1");
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void aPasswordInTheUrlOpensAProtectedServerAndAWrongOneIsNamedWithoutIt() throws Exception {
    String password = "Pw-for_the-cache42";
    try (LogCapture logs = LogCapture.of("io.citypulse.cache");
        RedisServerProcess protectedServer =
            RedisServerProcess.start(RedisServerProcess.Options.DEFAULT.withPassword(password))) {
      String hostPort = "127.0.0.1:" + protectedServer.port();
      try (RedisCache cache = cache(CacheSettings.of("redis://:" + password + "@" + hostPort))) {
        cache.prepare();
        assertThat(cache.write(CacheEntries.ofAll(List.of(Records.station("A", 1, T0)))))
            .isEqualTo(new WriteOutcome(1, 0, 0));
        assertThat(cache.read(CacheKind.STATION, "velib:A")).containsEntry("bikes_available", "1");
      }
      try (RedisCache fromEnv = cache(
          CacheSettings.of("redis://" + hostPort, Map.of(CacheSettings.PASSWORD_ENV, password)))) {
        fromEnv.prepare();
        assertThat(fromEnv.read(CacheKind.STATION, "velib:A"))
            .containsEntry("bikes_available", "1");
      }
      try (RedisCache wrong = cache(CacheSettings.of("redis://:not-the-Pw-99@" + hostPort))) {
        assertThatThrownBy(wrong::prepare)
            .isInstanceOf(RedisCacheException.class)
            .hasMessageStartingWith(
                "Redis at redis://:***@" + hostPort + " did not accept the credentials: WRONGPASS")
            .hasMessageNotContaining("not-the-Pw-99");
      }
      try (RedisCache none = cache(CacheSettings.of("redis://" + hostPort))) {
        assertThatThrownBy(none::prepare)
            .isInstanceOf(RedisCacheException.class)
            .hasMessage("Redis at redis://" + hostPort
                + " did not accept the credentials: NOAUTH Authentication required.");
      }
      // The cache did log (its start lines), and never a password.
      assertThat(logs.text()).contains("redis://:***@" + hostPort).doesNotContain(password);
    }
  }
}
