package io.citypulse.jobs.weather;

import static io.citypulse.jobs.weather.Observations.minutes;
import static io.citypulse.jobs.weather.Observations.newYork;
import static io.citypulse.jobs.weather.Observations.paris;
import static io.citypulse.jobs.weather.Observations.tokyo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.model.Json;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.model.WeatherObservation;
import io.citypulse.testkit.EmbeddedKafka;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weather job end to end: embedded Kafka in, real local Spark, Kafka out (features and dead
 * letters), a restart from the checkpoint. The JVM runs in a zone that is none of the cities', so
 * a local time taken from the JVM zone would show.
 */
class WeatherFeaturesJobIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String INPUT = "weather-it";
  private static final String OUTPUT = "weather-final-it";
  private static final String DEAD = "weather-dead-letters-it";

  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  @TempDir
  static Path workDir;

  private static SparkSession spark;
  private static TimeZone jvmZone;

  @BeforeAll
  static void startSpark() {
    jvmZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
    spark = SparkSessions.local("local[2]", SparkSessions.defaultPartitions("local[2]"), workDir);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
    TimeZone.setDefault(jvmZone);
  }

  private static void produce(WeatherObservation... observations) {
    for (WeatherObservation o : observations) {
      KAFKA.produce(INPUT, o.location(), Json.writeString(o));
    }
  }

  // -- the expected records, recomputed here from the definitions ------------------------------

  private static Double round2(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
  }

  /**
   * The record the job must emit for {@code o}, every derived value recomputed here: humidex
   * (Masterton &amp; Richardson), severity (course), Magnus dew point; the local time, time of day
   * and Beaufort force given by hand. All cities are warm: no wind chill.
   */
  private static WeatherFeatures expected(
      WeatherObservation o,
      String localTime,
      String timeOfDay,
      int beaufort,
      Double temperatureChange,
      Double pressureChange,
      int observations) {
    double t = o.temperatureC();
    double rh = o.humidityPct();
    double vapour = 6.11 * Math.pow(10, 7.5 * t / (237.7 + t)) * rh / 100;
    double humidex = t + 0.5555 * (vapour - 10);
    double severity = o.windSpeedMs() * 0.5 + (1015 - o.pressureHpa()) * 0.3 + rh * 0.2;
    double gamma = Math.log(rh / 100) + 17.625 * t / (243.04 + t);
    double dewPoint = 243.04 * gamma / (17.625 - gamma);
    String category = Math.round(humidex) < 30
        ? "little or no discomfort"
        : Math.round(humidex) < 40
            ? "some discomfort"
            : Math.round(humidex) <= 45 ? "great discomfort" : "dangerous";
    return new WeatherFeatures(
        o.location(),
        o.city(),
        o.country(),
        o.lat(),
        o.lon(),
        o.observedAt(),
        localTime,
        o.utcOffsetSeconds(),
        timeOfDay,
        o.source(),
        o.temperatureC(),
        o.feelsLikeC(),
        o.humidityPct(),
        o.pressureHpa(),
        o.windSpeedMs(),
        o.windDirectionDeg(),
        o.windGustMs(),
        o.cloudsPct(),
        o.precipitationMm(),
        o.weatherCode(),
        o.weatherDescription(),
        round2(humidex),
        round2(severity),
        round2(dewPoint),
        category,
        null,
        beaufort,
        temperatureChange,
        pressureChange,
        observations);
  }

  private static WeatherFeatures parisAt(
      WeatherObservation o,
      String localTime,
      Double temperatureChange,
      Double pressureChange,
      int observations) {
    return expected(
        o,
        localTime,
        WeatherFormulas.AFTERNOON,
        3,
        temperatureChange,
        pressureChange,
        observations);
  }

  private static String id(WeatherFeatures f) {
    return f.location() + "@" + f.observedAt();
  }

  /** Every output record, in order, as features. */
  private static List<WeatherFeatures> outputs(int atLeast) {
    List<WeatherFeatures> out = new ArrayList<>();
    for (ConsumerRecord<String, String> record : KAFKA.consume(OUTPUT, atLeast, TIMEOUT)) {
      WeatherFeatures f = Json.read(record.value(), WeatherFeatures.class);
      assertThat(record.key()).as("key = source:location").isEqualTo(f.key());
      out.add(f);
    }
    return out;
  }

  private static Map<String, WeatherFeatures> byId(List<WeatherFeatures> features) {
    Map<String, WeatherFeatures> out = new LinkedHashMap<>();
    features.forEach(f -> out.put(id(f), f));
    return out;
  }

  private static long sum(StreamingQuery query, ToLongFunction<WeatherBatchCounts> metric) {
    long total = 0;
    for (StreamingQueryProgress progress : query.recentProgress()) {
      total += metric.applyAsLong(WeatherBatchCounts.of(progress));
    }
    return total;
  }

  /** Progress events trail the batch's output a little: wait until the count adds up. */
  private static void awaitCount(
      StreamingQuery query, String name, ToLongFunction<WeatherBatchCounts> metric, long expected) {
    await(name)
        .atMost(TIMEOUT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> assertThat(sum(query, metric)).as(name).isGreaterThanOrEqualTo(expected));
    assertThat(sum(query, metric)).as(name).isEqualTo(expected);
  }

  private static StreamingQueryProgress newest(StreamingQuery query) {
    StreamingQueryProgress newest = null;
    for (StreamingQueryProgress progress : query.recentProgress()) {
      if (newest == null || progress.batchId() > newest.batchId()) {
        newest = progress;
      }
    }
    return newest;
  }

  private static Map<String, String> headers(ConsumerRecord<String, String> record) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      out.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void derivesFeaturesPerCityKeepsTheTrendAcrossOutOfOrderLateDuplicateAndBadInputAndARestart()
      throws Exception {
    KAFKA.createTopic(INPUT, 2, Map.of());
    KAFKA.createTopic(OUTPUT);
    KAFKA.createTopic(DEAD);
    WeatherJobSettings settings = new WeatherJobSettings(
        KAFKA.bootstrapServers(),
        INPUT,
        OUTPUT,
        DEAD,
        workDir.resolve("checkpoint").toUri().toString(),
        "earliest",
        Duration.ZERO,
        Duration.ofHours(1),
        Duration.ofHours(1));

    // First batch: three cities at the same instant, Tokyo again one hour later (the window's
    // closed end), a re-poll of Paris, Paris half an hour later, two unreadable values.
    WeatherObservation paris0 = paris(0, 24.38, 1012.0);
    WeatherObservation tokyo0 = tokyo(0, 27.0, 1005.0);
    WeatherObservation newYork0 = newYork(0, 21.4, 1016.5);
    WeatherObservation tokyo60 = tokyo(60, 28.2, 1004.2);
    WeatherObservation paris30 = paris(30, 25.1, 1011.4);
    produce(paris0, tokyo0, newYork0, tokyo60, paris0, paris30);
    String malformed = "{\"location\":\"paris\",\"observed_at\":";
    KAFKA.produce(INPUT, "paris", malformed);
    KAFKA.produce(
        INPUT, "nowhere", "{\"observed_at\":\"2025-07-15T12:00:00Z\",\"temperature_c\":1}");

    StreamingQuery query = new WeatherFeaturesJob(spark, settings).start();
    WeatherFeatures paris0Out = parisAt(paris0, "2025-07-15T14:00:00", null, null, 1);
    WeatherFeatures paris30Out = parisAt(paris30, "2025-07-15T14:30:00", 0.72, -0.6, 2);
    Map<String, WeatherFeatures> firstBatch = byId(List.of(
        paris0Out,
        expected(tokyo0, "2025-07-15T21:00:00", "evening", 3, null, null, 1),
        expected(newYork0, "2025-07-15T08:00:00", "morning", 4, null, null, 1),
        expected(tokyo60, "2025-07-15T22:00:00", "evening", 3, 1.2, -0.8, 2),
        paris30Out));
    assertThat(byId(outputs(5))).isEqualTo(firstBatch);

    List<ConsumerRecord<String, String>> deadLetters = KAFKA.consume(DEAD, 2, TIMEOUT);
    assertThat(deadLetters)
        .extracting(ConsumerRecord::value)
        .containsExactlyInAnyOrder(
            malformed, "{\"observed_at\":\"2025-07-15T12:00:00Z\",\"temperature_c\":1}");
    for (ConsumerRecord<String, String> letter : deadLetters) {
      Map<String, String> headers = headers(letter);
      assertThat(headers).containsKeys("reason", "detail", "source", "timestamp");
      assertThat(headers.get("source")).startsWith(INPUT + "/");
      assertThat(headers.get("reason"))
          .isEqualTo(
              letter.key().equals("paris")
                  ? WeatherObservationParser.MALFORMED_JSON
                  : WeatherObservationParser.MISSING_LOCATION);
    }

    // Out of order: 12:15 after 12:30. Its trend is from 12:00 only; 12:30 is not revised.
    WeatherObservation paris15 = paris(15, 24.9, 1011.8);
    produce(paris15);
    List<WeatherFeatures> afterOutOfOrder = outputs(6);
    assertThat(afterOutOfOrder.get(5))
        .isEqualTo(parisAt(paris15, "2025-07-15T14:15:00", 0.52, -0.2, 2));

    // Three hours on: the watermark moves to 14:00 UTC (newest − 1 h).
    WeatherObservation paris180 = paris(180, 27.3, 1009.9);
    produce(paris180);
    assertThat(outputs(7).get(6))
        .isEqualTo(
            expected(paris180, "2025-07-15T17:00:00", WeatherFormulas.AFTERNOON, 3, null, null, 1));

    // 12:45 is now behind the watermark: dropped. 15:30 follows 15:00.
    WeatherObservation paris45Late = paris(45, 25.5, 1011.0);
    WeatherObservation paris210 = paris(210, 27.0, 1010.3);
    produce(paris45Late, paris210);
    WeatherFeatures paris210Out =
        expected(paris210, "2025-07-15T17:30:00", WeatherFormulas.AFTERNOON, 3, -0.3, 0.4, 2);
    List<WeatherFeatures> beforeStop = outputs(8);
    assertThat(beforeStop.get(7)).isEqualTo(paris210Out);
    assertThat(beforeStop).extracting(WeatherFeatures::observedAt).doesNotContain(minutes(45));

    awaitCount(query, "late", WeatherBatchCounts::late, 1);
    awaitCount(query, "emitted", WeatherBatchCounts::emitted, 8);
    assertThat(sum(query, WeatherBatchCounts::duplicates)).isEqualTo(1);
    assertThat(sum(query, WeatherBatchCounts::rejected)).isEqualTo(2);
    assertThat(query.exception().isEmpty()).isTrue();
    query.stop();

    // While stopped: a re-poll of 15:30 and a new 15:45. After the restart, only 15:45 comes
    // out, with the trend from the restored state (15:00, 15:30, 15:45).
    WeatherObservation paris225 = paris(225, 26.6, 1010.9);
    produce(paris210, paris225);
    StreamingQuery restarted = new WeatherFeaturesJob(spark, settings).start();
    try {
      List<WeatherFeatures> all = outputs(9);
      assertThat(all.get(8))
          .isEqualTo(expected(
              paris225, "2025-07-15T17:45:00", WeatherFormulas.AFTERNOON, 3, -0.7, 1.0, 3));
      awaitCount(restarted, "duplicates after restart", WeatherBatchCounts::duplicates, 1);
      awaitCount(restarted, "emitted after restart", WeatherBatchCounts::emitted, 1);
      // Tokyo (newest 13:00) and New York (12:00) were silent for more than window + lateness:
      // the watermark of this batch, 14:30 (15:30 − 1 h, kept across the restart by the commit
      // log), is past their newest + window, so their state expired.
      StreamingQueryProgress restartBatch = newest(restarted);
      assertThat(restartBatch.eventTime().get("watermark")).isEqualTo("2025-07-15T14:30:00.000Z");
      assertThat(WeatherBatchCounts.of(restartBatch).locationsInState())
          .as("paris only")
          .isEqualTo(1);

      Set<String> ids = new HashSet<>();
      for (WeatherFeatures f : outputs(9)) {
        assertThat(ids.add(id(f))).as("emitted once: %s", id(f)).isTrue();
      }
      assertThat(ids).hasSize(9);
      assertThat(restarted.exception().isEmpty()).isTrue();
    } finally {
      restarted.stop();
    }
  }
}
