package io.citypulse.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.app.config.Settings;
import io.citypulse.app.run.Dashboard;
import io.citypulse.app.run.Pipeline;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline against a local Vélib'-format feed and a real broker: exact per-postcode
 * totals through repeats, errors, a station going back in time, and a restart from checkpoint.
 */
class PipelineIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  /** Served once each, in order; when empty, {@link #steady} is served. */
  private final ConcurrentLinkedQueue<Response> script = new ConcurrentLinkedQueue<>();

  private final AtomicReference<Response> steady = new AtomicReference<>();

  @Test
  void totalsAreExactThroughRepeatsErrorsTimeTravelAndARestart() throws Exception {
    try (LocalHttpServer feed = LocalHttpServer.start()) {
      serveVelibFeeds(feed);
      Path table = dir.resolve("stations_information.csv");
      Files.writeString(table, """
          stationCode,station_id,postcode,city
          16107,213688169,75116,Paris
          16020,16020001,75016,Paris
          16030,16030001,75116,Paris
          32017,2515829865,93200,Saint-Denis
          """);
      Settings settings =
          FastPipeline.settings(KAFKA.bootstrapServers(), dir.resolve("state"), table);

      // Poll 1: first states. Poll 2: the same again. Then a 500, a truncated body and a 429.
      // Poll 3: 16107 changes; 32017 reports an OLDER state with other counts (must be ignored).
      script.add(status(
          state("16107", 213688169L, 1, 4, 1000),
          state("16020", 16020001L, 2, 3, 1000),
          state("16030", 16030001L, 0, 0, 1000),
          state("32017", 2515829865L, 4, 5, 1000)));
      script.add(status(
          state("16107", 213688169L, 1, 4, 1000),
          state("16020", 16020001L, 2, 3, 1000),
          state("16030", 16030001L, 0, 0, 1000),
          state("32017", 2515829865L, 4, 5, 1000)));
      script.add(Response.json(500, "{\"error\":\"upstream down\"}"));
      script.add(
          Response.json(200, "{\"lastUpdatedOther\": 1760778556, \"ttl\": 1, \"data\": {\"stat"));
      script.add(Response.json(429, "{}").header("Retry-After", "1"));
      steady.set(status(
          state("16107", 213688169L, 3, 4, 2000),
          state("16020", 16020001L, 2, 3, 1000),
          state("16030", 16030001L, 0, 0, 1000),
          state("32017", 2515829865L, 9, 9, 500)));

      Map<String, PostcodeAvailability> totals;
      try (Pipeline pipeline =
          Pipeline.start(settings, feed.uri("/gbfs.json"), FastPipeline.stdout())) {
        totals = awaitTotals(t -> bikes(t, "75116") == 7);
      }
      assertTotals(totals, 7, 3, 4);
      assertThat(script).as("the 500, truncated body and 429 were all served").isEmpty();
      ConsumerRecord<String, String> deadLetter =
          KAFKA.consume("citypulse-dead-letters", 1, WAIT).get(0);
      assertThat(deadLetter.value()).startsWith("{\"lastUpdatedOther\": 1760778556");
      assertThat(feed.requests("/station_status.json"))
          .anySatisfy(r -> assertThat(r.header("If-None-Match")).isEqualTo("\"v1\""));

      // Restart from the checkpoint: everything is re-polled and republished; nothing doubles.
      try (Pipeline pipeline =
          Pipeline.start(settings, feed.uri("/gbfs.json"), FastPipeline.stdout())) {
        // The restarted poller republishes every station (newer fetched_at): the job applies
        // them over its checkpointed state, which refreshes updated_at and must change no count.
        // 32017 is republished with its older state: ignored, so 93200 is not re-emitted.
        java.time.Instant firstRun = totals.get("75116").updatedAt();
        Map<String, PostcodeAvailability> restarted = awaitTotals(
            t -> updatedAfter(t, "75116", firstRun) && updatedAfter(t, "75016", firstRun));
        assertTotals(restarted, 7, 3, 4);
        assertThat(restarted.get("75016").bikesAvailable()).isEqualTo(5);

        // And a change after the restart is applied exactly once.
        steady.set(status(
            state("16107", 213688169L, 3, 4, 2000),
            state("16020", 16020001L, 0, 1, 3000),
            state("16030", 16030001L, 0, 0, 1000),
            state("32017", 2515829865L, 9, 9, 500)));
        Map<String, PostcodeAvailability> after = awaitTotals(t -> bikes(t, "75016") == 1);
        assertThat(after.get("75016").mechanical()).isZero();
        assertThat(after.get("75016").ebike()).isEqualTo(1);
        assertTotals(after, 7, 3, 4);

        // Its health reaches the health topic, and a dashboard that only has the broker shows it.
        Settings alone = FastPipeline.settings(
            KAFKA.bootstrapServers(),
            dir.resolve("dashboard-state"),
            table,
            Map.of("dashboard.port", "0", "status.interval", "1s"));
        try (Dashboard dashboard = Dashboard.start(alone, KAFKA.bootstrapServers(), null)) {
          HttpClient http = HttpClient.newHttpClient();
          String health = await("the job on /api/health")
              .atMost(WAIT)
              .pollDelay(Duration.ZERO)
              .pollInterval(Duration.ofMillis(200))
              .pollInSameThread()
              .until(
                  () -> http.send(
                          HttpRequest.newBuilder(URI.create(dashboard.url() + "api/health"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body(),
                  // The topic also holds earlier reports of this state dir (the first run's,
                  // this run's before its first batch): wait for one that shows the batches.
                  body -> body.contains(
                      "\"job\":\"postcode-availability\",\"input_topic\":\"velib-projet\",\"status\":\"running\""));
          // Polls succeed, but the fixture feed's own last_updated is from 2025: stale, so
          // degraded.
          assertThat(health)
              .contains(
                  "\"status\":\"degraded\"",
                  "\"pipeline\":true",
                  "\"feed\":\"gbfs velib\",\"status\":\"stale\"",
                  "\"job\":\"postcode-availability\",\"input_topic\":\"velib-projet\",\"status\":\"running\"");
        }
      }
    }
  }

  private static void assertTotals(
      Map<String, PostcodeAvailability> totals, long paris16North, long mechanical, long ebike) {
    PostcodeAvailability north = totals.get("75116");
    assertThat(north.stations()).isEqualTo(2);
    assertThat(north.bikesAvailable()).isEqualTo(paris16North);
    assertThat(north.mechanical()).isEqualTo(mechanical);
    assertThat(north.ebike()).isEqualTo(ebike);
    assertThat(north.commune()).isEqualTo("Paris");
    PostcodeAvailability saintDenis = totals.get("93200");
    assertThat(saintDenis.stations()).isEqualTo(1);
    assertThat(saintDenis.bikesAvailable()).as("the older 9/9 state is ignored").isEqualTo(9);
    assertThat(saintDenis.mechanical()).isEqualTo(4);
    assertThat(saintDenis.ebike()).isEqualTo(5);
    assertThat(totals).doesNotContainKey("UNKNOWN");
  }

  private static boolean updatedAfter(
      Map<String, PostcodeAvailability> totals, String postcode, java.time.Instant instant) {
    PostcodeAvailability a = totals.get(postcode);
    return a != null && a.updatedAt().isAfter(instant);
  }

  private static long bikes(Map<String, PostcodeAvailability> totals, String postcode) {
    PostcodeAvailability a = totals.get(postcode);
    return a == null ? -1 : a.bikesAvailable();
  }

  private static Map<String, PostcodeAvailability> awaitTotals(
      Predicate<Map<String, PostcodeAvailability>> done) {
    Map<String, PostcodeAvailability>[] parsed = new Map[1];
    KAFKA.latestByKey(
        "velib-projet-final-data",
        latest -> {
          Map<String, PostcodeAvailability> byPostcode = new java.util.HashMap<>();
          latest.forEach((k, v) -> byPostcode.put(k, Json.read(v, PostcodeAvailability.class)));
          parsed[0] = byPostcode;
          return done.test(byPostcode);
        },
        WAIT);
    return parsed[0];
  }

  private void serveVelibFeeds(LocalHttpServer feed) {
    feed.respond("/gbfs.json", Response.json(200, """
        {"lastUpdatedOther": 1760778556, "ttl": 3600, "data": {"en": {"feeds": [
          {"name": "station_information", "url": "%s"},
          {"name": "station_status", "url": "%s"}]}}}
        """.formatted(
            feed.uri("/station_information.json"), feed.uri("/station_status.json"))));
    feed.respond("/station_information.json", Response.json(200, """
        {"lastUpdatedOther": 1760778679, "ttl": 3600, "data": {"stations": [
          {"station_id": 213688169, "stationCode": "16107", "name": "Benjamin Godard - Victor Hugo",
           "lat": 48.865983, "lon": 2.275725, "capacity": 35, "station_opening_hours": null},
          {"station_id": 16020001, "stationCode": "16020", "name": "Auteuil",
           "lat": 48.8475, "lon": 2.2640, "capacity": 20},
          {"station_id": 16030001, "stationCode": "16030", "name": "Passy",
           "lat": 48.8580, "lon": 2.2850, "capacity": 25},
          {"station_id": 2515829865, "stationCode": "32017", "name": "Basilique",
           "lat": 48.93626891059109, "lon": 2.3588666820200914, "capacity": 22}]}}
        """));
    feed.respondWith("/station_status.json", request -> {
      Response next = script.poll();
      return next != null ? next : steady.get();
    });
  }

  /** A Vélib' station_status entry; bike types deliberately in the non-usual order for one. */
  private static String state(String code, long id, int mechanical, int ebike, long lastReported) {
    String types = code.equals("16020")
        ? "[{\"ebike\": %d}, {\"mechanical\": %d}]".formatted(ebike, mechanical)
        : "[{\"mechanical\": %d}, {\"ebike\": %d}]".formatted(mechanical, ebike);
    return """
        {"station_id": %d, "num_bikes_available": %d, "numBikesAvailable": %d,
         "num_bikes_available_types": %s, "num_docks_available": 10, "numDocksAvailable": 10,
         "is_installed": 1, "is_returning": 1, "is_renting": 1,
         "last_reported": %d, "stationCode": "%s", "station_opening_hours": null}
        """.formatted(
            id, mechanical + ebike, mechanical + ebike, types, 1760770000L + lastReported, code);
  }

  private static Response status(String... stations) {
    return Response.json(
            200,
            "{\"lastUpdatedOther\": 1760778556, \"ttl\": 1, \"data\": {\"stations\": ["
                + String.join(",", stations) + "]}}")
        .header("ETag", "\"v1\"");
  }
}
