package io.citypulse.jobs.availability;

import static io.citypulse.jobs.availability.StationRecords.T0;
import static io.citypulse.jobs.availability.StationRecords.station;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.testkit.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The availability job end to end: embedded Kafka in, real local Spark, Kafka out, a restart.
 * The first test also measures the cold start (session creation to first output).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostcodeAvailabilityJobIT {
  private static final Logger LOG = LoggerFactory.getLogger(PostcodeAvailabilityJobIT.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  @TempDir
  static Path workDir;

  private static SparkSession spark;
  private static long sessionCreationStartNanos;
  private static long sessionReadyNanos;

  @BeforeAll
  static void startSpark() {
    sessionCreationStartNanos = System.nanoTime();
    spark = SparkSessions.local("local[2]", SparkSessions.defaultPartitions("local[2]"), workDir);
    sessionReadyNanos = System.nanoTime();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static Instant minute(int m) {
    return T0.plusSeconds(60L * m);
  }

  private static StationRecord unresolved(
      String code,
      int mechanical,
      int ebike,
      int docks,
      int lastReportedMinute,
      int fetchedMinute) {
    StationRecord r = station(
        code,
        StationRecord.UNKNOWN_POSTCODE,
        mechanical,
        ebike,
        docks,
        lastReportedMinute,
        fetchedMinute);
    return new StationRecord(
        r.system(),
        r.stationCode(),
        r.stationId(),
        r.name(),
        r.lat(),
        r.lon(),
        r.capacity(),
        r.postcode(),
        null,
        r.bikesAvailable(),
        r.mechanical(),
        r.ebike(),
        r.docksAvailable(),
        r.installed(),
        r.renting(),
        r.returning(),
        r.lastReported(),
        r.fetchedAt());
  }

  private static void produce(String topic, StationRecord... records) {
    for (StationRecord record : records) {
      KAFKA.produce(topic, record.key(), Json.writeString(record));
    }
  }

  /**
   * The latest totals of every postcode that has stations. A postcode emptied by a station moving
   * away is emitted with 0 stations only if the station's earlier postcode had been emitted: when
   * both records fall in one micro-batch (batch cuts are Spark's choice) it never was.
   */
  private static Map<String, PostcodeAvailability> parse(Map<String, String> latest) {
    Map<String, PostcodeAvailability> out = new TreeMap<>();
    latest.forEach((key, value) -> {
      PostcodeAvailability totals = Json.read(value, PostcodeAvailability.class);
      if (totals.stations() > 0) {
        out.put(key, totals);
      }
    });
    return out;
  }

  private static Predicate<Map<String, String>> reached(
      Map<String, PostcodeAvailability> expected) {
    return latest -> parse(latest).equals(expected);
  }

  /** Counts arrive with the stateful task's result, a little after its output: wait for them. */
  private static AvailabilityBatchCounts awaitRecords(PostcodeAvailabilityJob job, long expected) {
    await("records counted")
        .atMost(TIMEOUT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> job.counts().total().records() >= expected);
    AvailabilityBatchCounts total = job.counts().total();
    assertThat(total.records()).as("records counted").isEqualTo(expected);
    return total;
  }

  @Test
  @Order(1)
  void keepsExactTotalsAcrossRepollsLateRecordsBadValuesAndARestart() throws Exception {
    String input = "stations-it";
    String output = "totals-it";
    KAFKA.createTopic(input, 2, Map.of("cleanup.policy", "compact"));
    KAFKA.createTopic(output, 1, Map.of("cleanup.policy", "compact"));
    AvailabilityJobSettings settings = new AvailabilityJobSettings(
        KAFKA.bootstrapServers(),
        input,
        output,
        workDir.resolve("checkpoint").toUri().toString(),
        "earliest",
        Duration.ZERO,
        null);

    // Two polls, a duplicate, a re-poll, a station resolved out of UNKNOWN, a late record, and
    // two invalid values.
    StationRecord a1 = station("A", "75116", 2, 3, 10, 1, 1);
    StationRecord b1 = station("B", "75116", 1, 0, 20, 1, 1);
    StationRecord c1 = station("C", "75001", 0, 4, 6, 1, 1);
    StationRecord d1 = unresolved("D", 3, 3, 3, 1, 1);
    produce(input, a1, b1, c1, d1);
    KAFKA.produce(input, "velib:bad", "{\"system\":\"velib\",\"station_code\":");
    StationRecord a2 = station("A", "75116", 4, 4, 7, 2, 2);
    StationRecord c2 = station("C", "75001", 0, 4, 6, 1, 2);
    StationRecord d2 = station("D", "75002", 3, 3, 3, 2, 2);
    StationRecord aLate = station("A", "75116", 9, 9, 0, 1, 3);
    produce(input, a2, b1, c2, d2, aLate);
    KAFKA.produce(input, "velib:gone", null);

    long startNanos = System.nanoTime();
    PostcodeAvailabilityJob job = new PostcodeAvailabilityJob(spark, settings);
    StreamingQuery query = job.start();
    KAFKA.consume(output, 1, TIMEOUT);
    long firstOutputNanos = System.nanoTime();
    LOG.info(
        "Startup: SparkSession {} ms, start() to first output {} ms, "
            + "SparkSession creation to first output {} ms",
        (sessionReadyNanos - sessionCreationStartNanos) / 1_000_000,
        (firstOutputNanos - startNanos) / 1_000_000,
        (firstOutputNanos - sessionCreationStartNanos) / 1_000_000);

    Map<String, PostcodeAvailability> afterPolls = Map.of(
        "75116", new PostcodeAvailability("75116", "Paris", 2, 9, 5L, 4L, 27, 36, minute(2), 0L),
        "75001", new PostcodeAvailability("75001", "Paris", 1, 4, 0L, 4L, 6, 10, minute(2), 0L),
        "75002", new PostcodeAvailability("75002", "Paris", 1, 6, 3L, 3L, 3, 9, minute(2), 0L));
    assertThat(parse(KAFKA.latestByKey(output, reached(afterPolls), TIMEOUT)))
        .isEqualTo(afterPolls);
    // Kafka order within a station makes the counts independent of how batches were cut.
    AvailabilityBatchCounts counts = awaitRecords(job, 11);
    LOG.info("First batch durations (ms): {}", query.recentProgress()[0].durationMs());
    assertThat(counts.accepted()).isEqualTo(7);
    assertThat(counts.stale()).isEqualTo(2);
    assertThat(counts.rejected()).isEqualTo(2);
    assertThat(counts.rejectionExample()).startsWith("malformed_json at partition");
    long batchesCounted = java.util.Arrays.stream(query.recentProgress())
        .mapToLong(p -> job.counts().ofBatch(p.batchId()).records())
        .sum();
    assertThat(batchesCounted).as("per-batch counts add up to the total").isEqualTo(11);
    assertThat(query.isActive()).as("invalid values do not stop the query").isTrue();
    assertThat(query.exception().isEmpty()).isTrue();

    query.stop();
    int emittedBeforeRestart = KAFKA.consume(output, 1, TIMEOUT).size();

    // While stopped: an older fetch of A's state, a new state of B, a new station, a duplicate.
    StationRecord aOld = station("A", "75116", 0, 0, 15, 2, 1);
    StationRecord b2 = station("B", "75116", 0, 2, 19, 3, 3);
    StationRecord e1 = station("E", "75001", 5, 5, 0, 3, 3);
    produce(input, aOld, b2, e1, c2);

    long restartNanos = System.nanoTime();
    PostcodeAvailabilityJob restartedJob = new PostcodeAvailabilityJob(spark, settings);
    StreamingQuery restarted = restartedJob.start();
    try {
      Map<String, PostcodeAvailability> afterRestart = new TreeMap<>(afterPolls);
      afterRestart.put(
          "75116",
          new PostcodeAvailability("75116", "Paris", 2, 10, 4L, 6L, 26, 36, minute(3), 0L));
      afterRestart.put(
          "75001", new PostcodeAvailability("75001", "Paris", 2, 14, 5L, 9L, 6, 20, minute(3), 0L));
      assertThat(parse(KAFKA.latestByKey(output, reached(afterRestart), TIMEOUT)))
          .isEqualTo(afterRestart);
      LOG.info(
          "Restart: start() to totals after restart {} ms",
          (System.nanoTime() - restartNanos) / 1_000_000);

      // Only the new records were read: nothing before the stop was applied again.
      AvailabilityBatchCounts afterRestartCounts = awaitRecords(restartedJob, 4);
      assertThat(afterRestartCounts.accepted()).isEqualTo(2);
      assertThat(afterRestartCounts.stale()).isEqualTo(2);
      List<ConsumerRecord<String, String>> all =
          KAFKA.consume(output, emittedBeforeRestart + 2, TIMEOUT);
      assertThat(all.subList(emittedBeforeRestart, all.size()))
          .extracting(ConsumerRecord::key)
          .containsOnly("75116", "75001");
    } finally {
      restarted.stop();
    }
  }

  @Test
  @Order(2)
  void aMalformedValueInTheTopicDoesNotStopTheQuery() throws Exception {
    String input = "stations-malformed-it";
    String output = "totals-malformed-it";
    KAFKA.createTopic(input, 1, Map.of("cleanup.policy", "compact"));
    KAFKA.createTopic(output);
    AvailabilityJobSettings settings = new AvailabilityJobSettings(
        KAFKA.bootstrapServers(),
        input,
        output,
        workDir.resolve("checkpoint-malformed").toString(),
        "earliest",
        Duration.ZERO,
        100L);

    PostcodeAvailabilityJob job = new PostcodeAvailabilityJob(spark, settings);
    StreamingQuery query = job.start();
    try {
      KAFKA.produce(input, "velib:1", "\u0000\u00ff not json at all");
      KAFKA.produce(
          input,
          "velib:2",
          "{\"system\":\"velib\",\"station_code\":\"2\"," + "\"bikes_available\":\"three\"}");
      assertThat(awaitRecords(job, 2).rejected()).isEqualTo(2);
      produce(input, station("1", "75004", 1, 1, 1, 1, 1));

      Map<String, PostcodeAvailability> expected = Map.of(
          "75004", new PostcodeAvailability("75004", "Paris", 1, 2, 1L, 1L, 1, 3, minute(1), 0L));
      assertThat(parse(KAFKA.latestByKey(output, reached(expected), TIMEOUT))).isEqualTo(expected);
      assertThat(query.isActive()).isTrue();
    } finally {
      query.stop();
    }
  }

  @Test
  @Order(3)
  void anUnknownSplitGoesOutAsNullAndStaysUnknownInTheCheckpoint() throws Exception {
    String input = "stations-untyped-it";
    String output = "totals-untyped-it";
    KAFKA.createTopic(input, 1, Map.of("cleanup.policy", "compact"));
    KAFKA.createTopic(output, 1, Map.of("cleanup.policy", "compact"));
    AvailabilityJobSettings settings = new AvailabilityJobSettings(
        KAFKA.bootstrapServers(),
        input,
        output,
        workDir.resolve("checkpoint-untyped").toUri().toString(),
        "earliest",
        Duration.ZERO,
        null);

    // A GBFS 1.x feed: bike counts, no breakdown by propulsion.
    produce(
        input,
        StationRecords.untypedStation("U1", "75010", 12, 3, 1, 1),
        StationRecords.untypedStation("U2", "75010", 30, 5, 1, 1));
    StreamingQuery query = new PostcodeAvailabilityJob(spark, settings).start();
    try {
      Map<String, PostcodeAvailability> untyped = Map.of(
          "75010",
          new PostcodeAvailability("75010", "Paris", 2, 42, null, null, 8, 50, minute(1), 42L));
      Map<String, String> latest = KAFKA.latestByKey(output, reached(untyped), TIMEOUT);
      assertThat(parse(latest)).isEqualTo(untyped);
      assertThat(Json.MAPPER.readTree(latest.get("75010")).get("mechanical").isNull())
          .as("null on the topic, not 0: %s", latest.get("75010"))
          .isTrue();
    } finally {
      query.stop();
    }

    // After a restart from the checkpoint, the untyped stations are still unknown: a typed station
    // joining the postcode makes its split known but leaves their bikes out of it.
    produce(input, station("T1", "75010", 2, 1, 4, 2, 2));
    StreamingQuery restarted = new PostcodeAvailabilityJob(spark, settings).start();
    try {
      Map<String, PostcodeAvailability> mixed = Map.of(
          "75010",
          new PostcodeAvailability("75010", "Paris", 3, 45, 2L, 1L, 12, 57, minute(2), 42L));
      assertThat(parse(KAFKA.latestByKey(output, reached(mixed), TIMEOUT))).isEqualTo(mixed);
    } finally {
      restarted.stop();
    }
  }
}
