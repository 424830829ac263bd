package io.citypulse.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citypulse.app.config.Settings;
import io.citypulse.app.run.Pipeline;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.sources.synthetic.VelibFeeds;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.Ports;
import io.citypulse.testkit.RedisServerProcess;
import io.citypulse.testkit.Response;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The search index and the Redis cache fed by a real pipeline ({@code --opensearch --redis}):
 * each index holds exactly the distinct states of its topic, the cache the latest state of each
 * station and postcode, through a feed change, Redis killed and restarted mid-run, a pipeline
 * restart and a full replay of the topics.
 */
class SinksPipelineIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final Instant T0 = Instant.parse("2026-11-24T06:00:00Z");
  private static final int STATIONS = 200;
  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  /** The served feed: a synthetic Vélib' network whose state the test moves on. */
  private final class Feed implements AutoCloseable {
    final SyntheticNetwork network = new SyntheticNetwork(11, STATIONS, T0, Duration.ofSeconds(10));
    final byte[] information = VelibFeeds.stationInformation(network, T0.getEpochSecond());
    final byte[] table = VelibFeeds.postcodeTable(network);
    final AtomicReference<byte[]> status =
        new AtomicReference<>(VelibFeeds.stationStatus(network, T0.getEpochSecond()));
    final LocalHttpServer server = LocalHttpServer.start();
    final Path tableFile;

    Feed() throws IOException {
      tableFile = Files.write(dir.resolve("stations_information.csv"), table);
      server.respond(
          "/opendata/station_information.json", Response.json(200, "").body(information));
      server.respondWith(
          "/opendata/station_status.json", request -> Response.json(200, "").body(status.get()));
    }

    URI statusUrl() {
      return server.uri("/opendata/station_status.json");
    }

    void advanceTo(int minutes) {
      Instant now = T0.plus(Duration.ofMinutes(minutes));
      network.advanceTo(now);
      status.set(VelibFeeds.stationStatus(network, now.getEpochSecond()));
    }

    /** "stationCode" -> bikes of the status served now, read independently. */
    Map<String, Long> bikesNow() {
      Map<String, Long> bikes = new TreeMap<>();
      for (JsonNode s : read(status.get()).path("data").path("stations")) {
        bikes.put(s.path("stationCode").asText(), s.path("num_bikes_available").asLong());
      }
      return bikes;
    }

    Map<String, IndependentTotals> postcodeTotals() {
      return IndependentTotals.of(status.get(), information, table);
    }

    @Override
    public void close() {
      server.close();
    }
  }

  @Test
  void theIndexHoldsEveryStateOnceAndTheCacheTheLatestThroughOutagesRestartsAndReplays()
      throws Exception {
    RedisServerProcess.assumeAvailable();
    String nodeJar = System.getProperty("citypulse.opensearch.jar", "");
    assumeTrue(
        !nodeJar.isBlank() && Files.isRegularFile(Path.of(nodeJar)),
        "no citypulse-opensearch.jar (run 'package' first): " + nodeJar);
    int searchPort = Ports.freePort();
    URI search = URI.create("http://127.0.0.1:" + searchPort);
    String suffix = "sinks";
    try (RedisServerProcess redis =
            RedisServerProcess.start(RedisServerProcess.Options.DEFAULT.withPersistence());
        Feed feed = new Feed()) {
      Map<String, String> extra = new HashMap<>(Map.of(
          "storage.search.enabled", "true",
          "storage.search.embedded.port", Integer.toString(searchPort),
          "storage.search.retention", "0",
          "storage.redis.url", redis.url(),
          "weather.enabled", "true",
          "weather.source", "generator",
          "weather.locations", "Dakar@14.6928,-17.4467;Thiès@14.79,-16.93",
          "weather.interval", "1h"));
      extra.putAll(Map.of(
          "topics.stations.name", "stations-" + suffix,
          "topics.postcode-availability.name", "availability-" + suffix,
          "topics.weather.name", "weather-" + suffix,
          "topics.weather-features.name", "features-" + suffix));
      Settings settings = FastPipeline.settings(
          KAFKA.bootstrapServers(), dir.resolve("state"), feed.tableFile, extra);
      StringWriter captured = new StringWriter();
      try (Pipeline pipeline =
              Pipeline.start(settings, feed.statusUrl(), FastPipeline.tee(captured));
          Jedis jedis = new Jedis(redis.host(), redis.port())) {
        awaitSinksMatch(search, jedis, feed, suffix);
        assertThat(count(search, "citypulse-weather-*")).isEqualTo(2);
        assertThat(jedis.hget("citypulse:weather:generator:dakar", "location")).isEqualTo("dakar");

        feed.advanceTo(15);
        awaitSinksMatch(search, jedis, feed, suffix);

        // Redis away mid-run: the sink holds its batch, RETRYING on the status line, then catches
        // up once it is back (its data survived: append-only file).
        redis.kill();
        feed.advanceTo(30);
        Awaitility.await()
            .atMost(WAIT)
            .until(() -> captured.toString().contains("RETRYING: Redis"));
        redis.restart();
        awaitSinksMatch(search, jedis, feed, suffix);
        assertThat(captured.toString()).doesNotContain("stopped:");
      }

      // A restart, then a replay of every topic from the start: nothing is indexed or cached
      // twice.
      long stationDocs = count(search, "citypulse-stations-*");
      try (Admin admin = admin()) {
        admin
            .deleteConsumerGroups(List.of("citypulse-search", "citypulse-redis"))
            .all()
            .get();
      }
      try (Pipeline pipeline = Pipeline.start(settings, feed.statusUrl(), FastPipeline.stdout());
          Jedis jedis = new Jedis(redis.host(), redis.port())) {
        awaitSinksMatch(search, jedis, feed, suffix);
        assertThat(count(search, "citypulse-stations-*")).isEqualTo(stationDocs);
        // Each station's history holds each of its states once, newest first.
        for (String key : jedis.zrange("citypulse:stations", 0, -1)) {
          List<String> history = jedis.lrange("citypulse:station:" + key + ":history", 0, -1);
          assertThat(new HashSet<>(history)).as(key).hasSameSizeAs(history);
        }
      }
    }
  }

  /** Index counts equal the topics' distinct states; the cache holds the feed's latest state. */
  private void awaitSinksMatch(URI search, Jedis jedis, Feed feed, String suffix) {
    Awaitility.await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      Map<String, Long> bikes = feed.bikesNow();
      for (Map.Entry<String, Long> station : bikes.entrySet()) {
        assertThat(jedis.hget("citypulse:station:velib:" + station.getKey(), "bikes_available"))
            .as("cached bikes of " + station.getKey())
            .isEqualTo(Long.toString(station.getValue()));
      }
      assertThat(jedis.zcard("citypulse:stations")).isEqualTo(bikes.size());
      feed.postcodeTotals()
          .forEach((postcode, totals) -> assertThat(
                  jedis.hget("citypulse:postcode:" + postcode, "bikes_available"))
              .as("cached bikes of " + postcode)
              .isEqualTo(Long.toString(totals.bikes())));
      assertThat(count(search, "citypulse-stations-*"))
          .isEqualTo(distinctStates("stations-" + suffix, "last_reported"));
      assertThat(count(search, "citypulse-postcodes-*"))
          .isEqualTo(distinctStates("availability-" + suffix, "updated_at"));
    });
  }

  /** Distinct (key, event time) pairs in a topic, read from its start to its end. */
  private static long distinctStates(String topic, String timeField) {
    Set<String> states = new HashSet<>();
    for (ConsumerRecord<String, String> record : readAll(topic)) {
      if (record.value() != null) {
        states.add(record.key() + "@" + read(record.value()).path(timeField).asText());
      }
    }
    return states.size();
  }

  private static List<ConsumerRecord<String, String>> readAll(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static long count(URI search, String pattern) throws Exception {
    HttpResponse<String> refresh = HTTP.send(
        HttpRequest.newBuilder(search.resolve("/" + pattern + "/_refresh"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(200);
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(search.resolve("/" + pattern + "/_count")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return read(response.body()).path("count").asLong();
  }

  private static Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
  }

  private static JsonNode read(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
