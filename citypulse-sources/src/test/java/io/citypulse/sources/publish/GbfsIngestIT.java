package io.citypulse.sources.publish;

import static io.citypulse.sources.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.model.Json;
import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.StationRecord;
import io.citypulse.model.time.Sleeper;
import io.citypulse.sources.http.FeedClient;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.ChangeDetector;
import io.citypulse.sources.poll.GbfsPoller;
import io.citypulse.sources.poll.GbfsSettings;
import io.citypulse.sources.poll.StationFilter;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.RecordedRequest;
import io.citypulse.testkit.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Vélib'-format feeds on a local HTTP server, polled into a real embedded Kafka broker. */
class GbfsIngestIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final LocalHttpServer server = LocalHttpServer.start();
  private final Counters counters = new Counters();
  private Producer<String, byte[]> producer;
  private GbfsPoller poller;

  @AfterEach
  void stop() {
    if (poller != null) {
      poller.close();
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    server.close();
  }

  @Test
  void pollsVelibFeedsThroughFailuresIntoKafka() {
    String stationsTopic = "velib-projet-it";
    String deadLetterTopic = "dead-letters-it";
    KAFKA.createTopic(stationsTopic, 2, Map.of("cleanup.policy", "compact"));
    KAFKA.createTopic(deadLetterTopic);

    byte[] status1 = bytes("gbfs/velib/station_status.json");
    byte[] status2 = new String(status1, StandardCharsets.UTF_8)
        .replace("\"num_bikes_available\": 5,", "\"num_bikes_available\": 6,")
        .replace("{\"mechanical\": 1}", "{\"mechanical\": 2}")
        .replace("\"last_reported\": 1760776294", "\"last_reported\": 1760776354")
        .getBytes(StandardCharsets.UTF_8);
    byte[] truncated = Arrays.copyOf(status1, status1.length / 2);
    server.respond("/velib/gbfs.json", Response.json(200, gbfsJson()));
    server.respond(
        "/velib/station_information.json",
        Response.status(200).body(bytes("gbfs/velib/station_information.json")));
    AtomicInteger statusCalls = new AtomicInteger();
    List<Long> statusCallNanos = new CopyOnWriteArrayList<>();
    server.respondWith("/velib/station_status.json", request -> switch (record(
        statusCallNanos, statusCalls)) {
      case 0 -> Response.status(200).header("ETag", "\"s1\"").body(status1);
      case 1 -> Response.status(500).body("internal error");
      case 2 -> Response.status(200).header("ETag", "\"broken\"").body(truncated);
      case 3 -> Response.status(429).header("Retry-After", "1");
      default ->
        "\"s2\"".equals(request.header("If-None-Match"))
            ? Response.status(304).header("ETag", "\"s2\"")
            : Response.status(200).header("ETag", "\"s2\"").body(status2);
    });

    producer =
        new KafkaProducer<>(ProducerSettings.producerConfig(KAFKA.bootstrapServers(), "gbfs-it"));
    StationIngest ingest = new StationIngest(
        "velib",
        StationFilter.parse("16107,32017"),
        (system, info) -> new PostcodeLocation(
            info.stationCode().equals("16107") ? "75116" : "93200",
            null,
            PostcodeLocation.Source.TABLE),
        new ChangeDetector(),
        new StationPublisher(producer, stationsTopic, counters),
        counters);
    GbfsSettings settings = GbfsSettings.defaults(server.uri("/velib/gbfs.json"), "velib")
        .withIntervals(Duration.ofMillis(100), Duration.ofMillis(200))
        .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
        .withTimeout(Duration.ofSeconds(5));
    poller = new GbfsPoller(
        settings,
        new FeedClient(settings.timeout(), settings.timeout(), Clock.systemUTC()),
        Clock.systemUTC(),
        Sleeper.SYSTEM,
        ingest,
        new DeadLetterPublisher(producer, deadLetterTopic, counters),
        counters);
    poller.start();

    // Records arrive keyed system:stationCode; the second state of 16107 comes after the failures.
    Map<String, String> latest = KAFKA.latestByKey(
        stationsTopic,
        byKey -> byKey.containsKey("velib:16107")
            && Json.read(byKey.get("velib:16107"), StationRecord.class).bikesAvailable() == 6
            && byKey.containsKey("velib:32017"),
        WAIT);
    assertThat(latest).containsOnlyKeys("velib:16107", "velib:32017");
    StationRecord godard = Json.read(latest.get("velib:16107"), StationRecord.class);
    assertThat(godard.stationId()).isEqualTo("213688169");
    assertThat(godard.name()).isEqualTo("Benjamin Godard - Victor Hugo");
    assertThat(godard.postcode()).isEqualTo("75116");
    assertThat(godard.mechanical()).isEqualTo(2);
    assertThat(godard.ebike()).isEqualTo(4);
    assertThat(godard.lastReported()).isEqualTo(Instant.ofEpochSecond(1760776354));
    StationRecord basilique = Json.read(latest.get("velib:32017"), StationRecord.class);
    assertThat(basilique.mechanical()).as("types listed in the feed's order").isEqualTo(4);
    assertThat(basilique.ebike()).isEqualTo(5);

    // The truncated body is on the dead-letter topic with where and why.
    ConsumerRecord<String, String> dead =
        KAFKA.consume(deadLetterTopic, 1, WAIT).get(0);
    assertThat(dead.value().getBytes(StandardCharsets.UTF_8)).isEqualTo(truncated);
    assertThat(header(dead, DeadLetterPublisher.HEADER_SOURCE))
        .isEqualTo(server.uri("/velib/station_status.json").toString());
    assertThat(header(dead, DeadLetterPublisher.HEADER_REASON))
        .startsWith("station_status: body is not valid JSON");
    assertThat(Instant.parse(header(dead, DeadLetterPublisher.HEADER_TIMESTAMP)))
        .isBefore(Instant.now().plusSeconds(1));

    // Later polls send the ETag of the last good body and get 304s; the poller is still running.
    awaitCounter(GbfsPoller.NOT_MODIFIED, 1);
    List<RecordedRequest> requests = server.requests("/velib/station_status.json");
    assertThat(requests.get(0).header("If-None-Match")).isNull();
    assertThat(requests.get(1).header("If-None-Match")).isEqualTo("\"s1\"");
    assertThat(requests.get(4).header("If-None-Match"))
        .as("not the ETag of the broken body")
        .isEqualTo("\"s1\"");
    assertThat(requests.get(5).header("If-None-Match")).isEqualTo("\"s2\"");
    assertThat(poller.status().running()).isTrue();
    assertThat(poller.status().lastSuccess()).isNotNull();
    assertThat(counters.get(GbfsPoller.POLLS_FAILED_PREFIX + "http_error")).isEqualTo(1);
    assertThat(counters.get(GbfsPoller.POLLS_FAILED_PREFIX + "parse")).isEqualTo(1);
    assertThat(counters.get(GbfsPoller.POLLS_FAILED_PREFIX + "rate_limited")).isEqualTo(1);
    assertThat(counters.get(StationIngest.PUBLISHED))
        .as("16107 twice, 32017 once")
        .isEqualTo(3);
    assertThat(counters.get(StationPublisher.FAILED)).isZero();
    // 429 with Retry-After 1: the next request came at least a second later.
    assertThat(Duration.ofNanos(statusCallNanos.get(4) - statusCallNanos.get(3)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(server.requestCount("/velib/gbfs.json")).isEqualTo(1);
  }

  private static int record(List<Long> nanos, AtomicInteger calls) {
    nanos.add(System.nanoTime());
    return calls.getAndIncrement();
  }

  private void awaitCounter(String name, long atLeast) {
    await(name)
        .atMost(WAIT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () -> assertThat(counters.get(name)).as(name).isGreaterThanOrEqualTo(atLeast));
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private String gbfsJson() {
    return """
        {"lastUpdatedOther": 1760778679, "ttl": 3600, "data": {"en": {"feeds": [
          {"name": "system_information", "url": "%s"},
          {"name": "station_information", "url": "%s"},
          {"name": "station_status", "url": "%s"}]}}}""".formatted(
            server.uri("/velib/system_information.json"),
            server.uri("/velib/station_information.json"),
            server.uri("/velib/station_status.json"));
  }
}
