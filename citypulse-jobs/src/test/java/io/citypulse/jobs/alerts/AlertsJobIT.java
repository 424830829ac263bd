package io.citypulse.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.alerts.Alert;
import io.citypulse.alerts.AlertSettings;
import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts job end to end: a scripted history on embedded Kafka (stations, a postcode, weather,
 * a health report), real local Spark, the exact alert records on the output topic, a restart from
 * the checkpoint in the middle of an episode.
 */
class AlertsJobIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");
  private static final String STATIONS = "stations-it";
  private static final String POSTCODES = "postcodes-it";
  private static final String WEATHER = "weather-final-it";
  private static final String HEALTH = "health-it";
  private static final String OUTPUT = "alerts-it";
  private static final String DEAD = "alerts-dead-it";

  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  @TempDir
  static Path workDir;

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.local("local[2]", SparkSessions.defaultPartitions("local[2]"), workDir);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static Instant at(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  private static void station(String code, int minutes, int bikes) {
    StationRecord s = new StationRecord(
        "velib",
        code,
        "id-" + code,
        "Station " + code,
        48.86,
        2.27,
        20,
        "75116",
        "Paris",
        bikes,
        bikes,
        0,
        20 - bikes,
        true,
        true,
        true,
        at(minutes),
        at(minutes));
    KAFKA.produce(STATIONS, s.key(), Json.writeString(s));
  }

  private static void postcode(int minutes, long bikes) {
    PostcodeAvailability p = new PostcodeAvailability(
        "75116", "Paris", 5, bikes, null, null, 100 - bikes, 100, at(minutes), bikes);
    KAFKA.produce(POSTCODES, p.key(), Json.writeString(p));
  }

  private static void weather(int minutes, double humidex) {
    WeatherFeatures w = new WeatherFeatures(
        "paris",
        "Paris",
        "FR",
        48.85,
        2.35,
        at(minutes),
        null,
        7200,
        "morning",
        "open-meteo",
        33.0,
        null,
        60.0,
        1012.0,
        3.0,
        180.0,
        null,
        0.0,
        0.0,
        null,
        null,
        humidex,
        null,
        null,
        null,
        null,
        2,
        null,
        null,
        1);
    KAFKA.produce(WEATHER, w.key(), Json.writeString(w));
  }

  private static void health(int minutes, String jobStatus) {
    KAFKA.produce(
        HEALTH,
        "host:/state",
        "{\"pipeline\":\"host:/state\",\"at\":\"" + at(minutes)
            + "\",\"feeds\":[{\"feed\":\"gbfs velib\",\"status\":\"ok\"}],"
            + "\"jobs\":[{\"job\":\"availability\",\"status\":\"" + jobStatus + "\"}]}");
  }

  /** {@code subject state kind since=m at=m} of every output record, in topic order. */
  private static List<String> script(List<ConsumerRecord<String, String>> records) {
    List<String> out = new ArrayList<>();
    for (ConsumerRecord<String, String> record : records) {
      Alert a = Json.read(record.value(), Alert.class);
      assertThat(record.key()).as("keyed by subject").isEqualTo(a.subject());
      out.add(a.subject() + " " + a.state().id() + " " + a.kind().id() + " since="
          + Duration.between(T0, a.since()).toMinutes() + " at="
          + Duration.between(T0, a.at()).toMinutes());
    }
    return out;
  }

  private static List<String> outputs(int atLeast) {
    return script(KAFKA.consume(OUTPUT, atLeast, TIMEOUT));
  }

  private static Map<String, String> headers(ConsumerRecord<String, String> record) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      out.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void publishesOneRaisedAndOneClearedPerEpisodeAcrossARestartMidEpisode() throws Exception {
    KAFKA.createTopic(STATIONS, 2, Map.of());
    for (String topic : List.of(POSTCODES, WEATHER, HEALTH, OUTPUT, DEAD)) {
      KAFKA.createTopic(topic);
    }
    AlertJobSettings settings = new AlertJobSettings(
        KAFKA.bootstrapServers(),
        STATIONS,
        POSTCODES,
        WEATHER,
        HEALTH,
        OUTPUT,
        DEAD,
        workDir.resolve("alerts-checkpoint").toUri().toString(),
        "earliest",
        Duration.ZERO,
        Duration.ZERO, // the watermark is the newest event time: timeouts fire without delay
        AlertSettings.defaults()); // 10 min to raise, 5 min (or 3 bikes) to clear

    // Station 16107 empty from 0 to 12 (raised at 10), then a record of 11 arrives late: ignored.
    for (int m : new int[] {0, 3, 6, 12}) {
      station("16107", m, 0);
    }
    station("16107", 11, 5);
    // Station 2000 keeps bikes: the clock. Station 3000 empties at 5 and says nothing more.
    for (int m = 0; m <= 12; m += 3) {
      station("2000", m, 8);
    }
    station("3000", 5, 0);
    KAFKA.produce(STATIONS, "velib:bad", "{\"station_code\":");
    postcode(0, 2);
    postcode(12, 3);
    weather(0, 42.0);
    health(0, "failed");
    health(12, "failed");

    AlertsJob job = new AlertsJob(spark, settings);
    StreamingQuery query = job.start();
    try {
      assertThat(outputs(4))
          .containsExactlyInAnyOrder(
              "station:velib:16107 raised station_empty since=0 at=10",
              "postcode:75116 raised postcode_low_bikes since=0 at=10",
              "weather:paris raised weather_humidex since=0 at=0",
              "job:availability raised job_failing since=0 at=10");

      List<ConsumerRecord<String, String>> dead = KAFKA.consume(DEAD, 1, TIMEOUT);
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).value()).isEqualTo("{\"station_code\":");
      assertThat(headers(dead.get(0)))
          .containsEntry("reason", "unreadable_record")
          .hasEntrySatisfying("source", source -> assertThat(source).startsWith(STATIONS + "/"));
      await("the first run's counts")
          .atMost(TIMEOUT)
          .untilAsserted(() -> assertThat(job.counts().rejected()).isEqualTo(1));
      assertThat(job.counts().raised()).isEqualTo(4);
      assertThat(job.counts().outOfOrder()).as("16107 at 11 after 12").isEqualTo(1);
    } finally {
      query.stop();
    }

    // While stopped, mid-episode: 16107 flaps, then holds 1 bike from 20 (cleared at 25, once);
    // the clock moves to 30, which passes 3000's deadline (raised at 15 by the timeout).
    station("16107", 14, 0);
    station("16107", 16, 1);
    station("16107", 18, 0);
    station("16107", 20, 1);
    station("16107", 26, 1);
    for (int m = 15; m <= 30; m += 3) {
      station("2000", m, 8);
    }

    AlertsJob restartedJob = new AlertsJob(spark, settings);
    StreamingQuery restarted = restartedJob.start();
    try {
      assertThat(outputs(5).get(4))
          .isEqualTo("station:velib:16107 cleared station_empty since=0 at=25");
      // That batch moved the watermark to 30, past 3000's deadline (15). Timeouts fire in the next
      // batch with data (the sessions run no empty batches): the clock ticks once more.
      station("2000", 33, 8);
      assertThat(outputs(6).get(5))
          .isEqualTo("station:velib:3000 raised station_empty since=5 at=15");
      // Nothing else came: no second raise of 16107 after the restart.
      await("the restarted job idle")
          .atMost(TIMEOUT)
          .untilAsserted(() -> assertThat(restartedJob.counts().raised()).isEqualTo(1));
      assertThat(restartedJob.counts().cleared()).isEqualTo(1);
      assertThat(outputs(6)).hasSize(6);
      assertThat(restarted.exception().isEmpty()).isTrue();
    } finally {
      restarted.stop();
    }
  }
}
