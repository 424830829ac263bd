package io.citypulse.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citypulse.app.config.Settings;
import io.citypulse.app.run.Pipeline;
import io.citypulse.forecast.Evaluator;
import io.citypulse.forecast.Horizons;
import io.citypulse.forecast.SlotScheme;
import io.citypulse.forecast.StateLog;
import io.citypulse.jobs.forecast.ForecastRuns;
import io.citypulse.jobs.forecast.ForecastTrainer;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.sources.synthetic.VelibFeeds;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.Response;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live forecast scoring in a real pipeline on a generated network: no model, no forecast;
 * with a model saved by {@link ForecastRuns#train}, one forecast per station; a newer model saved
 * while the pipeline runs is used for the next changes without a restart (hot swap), and exactly
 * the stations whose counts changed get a new forecast.
 */
class ForecastPipelineIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final Instant T0 = Instant.parse("2026-11-24T06:00:00Z");
  private static final int STATIONS = 40;
  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "forecasts-it";

  @TempDir
  Path dir;

  /** Two days of the same generated network before T0, every 5 minutes, keyed as the topic. */
  private static StateLog history() {
    SyntheticNetwork past =
        new SyntheticNetwork(11, STATIONS, T0.minus(Duration.ofDays(2)), Duration.ofSeconds(60));
    StateLog.Builder log = new StateLog.Builder();
    for (Instant t = T0.minus(Duration.ofDays(2)); t.isBefore(T0); t = t.plusSeconds(300)) {
      past.advanceTo(t);
      for (SyntheticNetwork.Station s : past.stations()) {
        log.add(
            "velib:" + s.stationCode(),
            t.getEpochSecond(),
            s.mechanical() + s.ebike(),
            s.docks(),
            s.capacity(),
            s.mechanical(),
            s.ebike());
      }
    }
    return log.build();
  }

  private static ForecastRuns.Saved train(StateLog log, Path stateDir, Instant at) {
    Evaluator.Options options = new Evaluator.Options(
        Horizons.parse("15m,30m,60m"),
        0,
        Duration.ofMinutes(5),
        SlotScheme.quarterHours(ZoneOffset.UTC));
    ForecastTrainer.Options small =
        new ForecastTrainer.Options(4000, 2000, 5, 3, 5, 3, List.of("absolute"), 0.2, 7);
    return ForecastRuns.train(log, options, small, stateDir, Clock.fixed(at, ZoneOffset.UTC));
  }

  @Test
  void eachChangedStationGetsAForecastFromTheLatestModelWithoutARestart() throws Exception {
    SyntheticNetwork network = new SyntheticNetwork(11, STATIONS, T0, Duration.ofSeconds(10));
    byte[] information = VelibFeeds.stationInformation(network, T0.getEpochSecond());
    Path table =
        Files.write(dir.resolve("stations_information.csv"), VelibFeeds.postcodeTable(network));
    AtomicReference<byte[]> status =
        new AtomicReference<>(VelibFeeds.stationStatus(network, T0.getEpochSecond()));
    Path stateDir = dir.resolve("state");
    StateLog history = history();
    try (LocalHttpServer server = LocalHttpServer.start()) {
      server.respond(
          "/opendata/station_information.json", Response.json(200, "").body(information));
      server.respondWith(
          "/opendata/station_status.json", request -> Response.json(200, "").body(status.get()));
      Settings settings = FastPipeline.settings(
          KAFKA.bootstrapServers(),
          stateDir,
          table,
          Map.of(
              "forecast.enabled", "true",
              "topics.stations.name", "stations-forecast-it",
              "topics.postcode-availability.name", "availability-forecast-it",
              "topics.forecasts.name", TOPIC));
      StringWriter captured = new StringWriter();
      try (Pipeline pipeline = Pipeline.start(
          settings, server.uri("/opendata/station_status.json"), FastPipeline.tee(captured))) {
        // No model yet: the stations are counted, nothing is published.
        Awaitility.await().atMost(WAIT).until(() -> captured.toString().contains("forecasts:"));
        Thread.sleep(3000);
        assertThat(forecasts()).isEmpty();

        String first = train(history, stateDir, T0).id();
        Map<String, int[]> before = counts(network);
        // Picked up without a restart: at the latest after forecast.refresh; a change of every
        // station makes it sooner.
        network.advanceTo(T0.plus(Duration.ofMinutes(20)));
        status.set(VelibFeeds.stationStatus(network, T0.plusSeconds(1200).getEpochSecond()));
        Map<String, int[]> afterFirst = counts(network);
        List<String> changedFirst = changed(before, afterFirst);
        assertThat(changedFirst).as("the generator moved some stations").isNotEmpty();
        Awaitility.await()
            .atMost(WAIT)
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> assertThat(latestOf(first).keySet()).containsAll(changedFirst));
        latestOf(first).forEach((key, record) -> {
          int[] expected = afterFirst.get(key);
          assertThat(record.path("bikes_available").asInt()).as(key).isEqualTo(expected[0]);
          assertThat(record.path("docks_available").asInt()).as(key).isEqualTo(expected[1]);
          JsonNode horizons = record.path("forecasts");
          assertThat(horizons).hasSize(3);
          assertThat(horizons.get(1).path("minutes").asInt()).isEqualTo(30);
          for (JsonNode h : horizons) {
            assertThat(h.path("bikes").asDouble()).isBetween(0.0, (double) expected[2]);
            assertThat(h.path("p_empty").asDouble()).isBetween(0.0, 1.0);
          }
        });

        // A newer model, saved while the pipeline runs: the next changes are forecast with it.
        String second = train(history, stateDir, T0.plusSeconds(60)).id();
        assertThat(second).isNotEqualTo(first);
        network.advanceTo(T0.plus(Duration.ofMinutes(40)));
        status.set(VelibFeeds.stationStatus(network, T0.plusSeconds(2400).getEpochSecond()));
        Map<String, int[]> afterSecond = counts(network);
        List<String> changedSecond = changed(afterFirst, afterSecond);
        Awaitility.await()
            .atMost(WAIT)
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> assertThat(latestOf(second).keySet())
                .containsExactlyInAnyOrderElementsOf(changedSecond));
        // once per changed station, never again for one that did not change
        Thread.sleep(3000);
        Map<String, Integer> perStation = new TreeMap<>();
        for (JsonNode record : forecasts()) {
          if (record.path("model").asText().equals(second)) {
            perStation.merge(key(record), 1, Integer::sum);
          }
        }
        assertThat(perStation.keySet()).containsExactlyInAnyOrderElementsOf(changedSecond);
        assertThat(perStation.values()).containsOnly(1);
        assertThat(captured.toString()).doesNotContain("stopped:");
      }
    }
  }

  /** "velib:CODE" -> {bikes, docks, capacity, mechanical, ebike} as the generator has them now. */
  private static Map<String, int[]> counts(SyntheticNetwork network) {
    Map<String, int[]> counts = new TreeMap<>();
    for (SyntheticNetwork.Station s : network.stations()) {
      counts.put("velib:" + s.stationCode(), new int[] {
        s.mechanical() + s.ebike(), s.docks(), s.capacity(), s.mechanical(), s.ebike()
      });
    }
    return counts;
  }

  private static List<String> changed(Map<String, int[]> before, Map<String, int[]> after) {
    List<String> keys = new ArrayList<>();
    after.forEach((key, now) -> {
      if (!java.util.Arrays.equals(now, before.get(key))) {
        keys.add(key);
      }
    });
    return keys;
  }

  private static String key(JsonNode record) {
    return record.path("system").asText() + ":" + record.path("station_code").asText();
  }

  /** Each station's latest forecast made with {@code model}. */
  private static Map<String, JsonNode> latestOf(String model) throws Exception {
    Map<String, JsonNode> latest = new HashMap<>();
    for (JsonNode record : forecasts()) {
      if (record.path("model").asText().equals(model)) {
        latest.put(key(record), record);
      }
    }
    return latest;
  }

  private static List<JsonNode> forecasts() throws Exception {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    List<JsonNode> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
          .map(p -> new TopicPartition(TOPIC, p.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          JsonNode value = JSON.readTree(r.value());
          assertThat(r.key()).isEqualTo(key(value));
          records.add(value);
        }
      }
    }
    return records;
  }
}
