package io.citypulse.jobs.availability;

import static io.citypulse.jobs.availability.StationRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.jobs.area.AreaKeySpec;
import io.citypulse.jobs.area.GeoCell;
import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.jobs.testing.ChildJvm;
import io.citypulse.model.Json;
import io.citypulse.model.StationRecord;
import io.citypulse.model.SystemTotals;
import io.citypulse.testkit.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many systems at once through the real job: 20 systems, 300 stations, some without a postcode
 * (keyed by their H3 cell), rounds of changes with duplicates, stale records and stations moving
 * between areas, a restart in the middle, a kill -9 in the middle of a batch. Every area's and every system's totals must equal an
 * independent sum over the latest record of each station.
 */
class PerSystemAvailabilityJobIT {
  private static final Logger LOG = LoggerFactory.getLogger(PerSystemAvailabilityJobIT.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final int SYSTEMS = 20;
  private static final int STATIONS_PER_SYSTEM = 15;
  private static final int RESOLUTION = 7;
  private static final String[] POSTCODES = {"75001", "75002", "69001", null};

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

  /** A station record; every system's name has a space, as real catalogue ids do. */
  private static StationRecord record(
      int system, int station, String postcode, int bikes, Integer mechanical, int minute) {
    double lat = 40 + system * 0.5 + station * 0.01;
    double lon = -3 + system * 0.7 - station * 0.01;
    return new StationRecord(
        "system " + system,
        "s" + station,
        "id" + station,
        "Station " + station,
        lat,
        lon,
        30,
        postcode,
        null,
        bikes,
        mechanical,
        mechanical == null ? null : bikes - mechanical,
        30 - bikes,
        true,
        true,
        true,
        T0.plusSeconds(60L * minute),
        T0.plusSeconds(60L * minute));
  }

  private static String areaOf(StationRecord r) {
    return r.postcode() != null ? r.postcode() : GeoCell.of(r.lat(), r.lon(), RESOLUTION);
  }

  /** A round: every station changes with probability 1/2 (its postcode with 1/8), plus noise. */
  private static List<StationRecord> round(
      Random random, int minute, Map<String, StationRecord> latest) {
    List<StationRecord> out = new ArrayList<>();
    for (int system = 0; system < SYSTEMS; system++) {
      for (int station = 0; station < STATIONS_PER_SYSTEM; station++) {
        String key = "system " + system + ":s" + station;
        StationRecord before = latest.get(key);
        if (before != null && random.nextBoolean()) {
          continue;
        }
        String postcode = before == null || random.nextInt(8) == 0
            ? POSTCODES[random.nextInt(POSTCODES.length)]
            : before.postcode();
        int bikes = random.nextInt(25);
        Integer mechanical = system % 3 == 0 ? null : random.nextInt(bikes + 1);
        StationRecord next = record(system, station, postcode, bikes, mechanical, minute);
        out.add(next);
        latest.put(key, next);
        if (random.nextInt(10) == 0) {
          out.add(next); // a duplicate
        }
        if (before != null && random.nextInt(10) == 0) {
          out.add(before); // a late, stale record
        }
      }
    }
    return out;
  }

  private static void produce(String topic, List<StationRecord> records) {
    for (StationRecord r : records) {
      KAFKA.produce(topic, r.key(), Json.writeString(r));
    }
  }

  /** Independent sums: bikes and stations per system:area and per system. */
  private static Map<String, List<Long>> expectedAreas(Map<String, StationRecord> latest) {
    Map<String, List<Long>> out = new TreeMap<>();
    latest.values().forEach(r -> add(out, r.system() + ":" + areaOf(r), r));
    return out;
  }

  private static Map<String, List<Long>> expectedSystems(Map<String, StationRecord> latest) {
    Map<String, List<Long>> out = new TreeMap<>();
    latest.values().forEach(r -> add(out, r.system(), r));
    return out;
  }

  private static void add(Map<String, List<Long>> sums, String key, StationRecord r) {
    List<Long> s = sums.computeIfAbsent(key, k -> new ArrayList<>(List.of(0L, 0L, 0L)));
    s.set(0, s.get(0) + 1);
    s.set(1, s.get(1) + r.bikesAvailable());
    s.set(2, s.get(2) + r.docksAvailable());
  }

  /** stations, bikes, docks of every non-empty key in the topic's latest values. */
  private static Map<String, List<Long>> actual(Map<String, String> latestValues) {
    Map<String, List<Long>> out = new TreeMap<>();
    latestValues.forEach((key, value) -> {
      JsonNode json = Json.read(value, JsonNode.class);
      if (json.path("stations").asLong() > 0) {
        out.put(
            key,
            List.of(
                json.path("stations").asLong(),
                json.path("bikes_available").asLong(),
                json.path("docks_available").asLong()));
      }
    });
    return out;
  }

  private static void awaitExact(String areas, String systems, Map<String, StationRecord> latest) {
    Map<String, List<Long>> expectedAreas = expectedAreas(latest);
    Map<String, List<Long>> expectedSystems = expectedSystems(latest);
    assertThat(actual(
            KAFKA.latestByKey(areas, values -> actual(values).equals(expectedAreas), TIMEOUT)))
        .isEqualTo(expectedAreas);
    assertThat(actual(
            KAFKA.latestByKey(systems, values -> actual(values).equals(expectedSystems), TIMEOUT)))
        .isEqualTo(expectedSystems);
  }

  @Test
  void everyAreaAndEverySystemIsExactAfterChangesDuplicatesMovesAndARestart() throws Exception {
    String input = "world-stations";
    String areas = "world-areas";
    String systems = "world-systems";
    KAFKA.createTopic(input, 3, Map.of("cleanup.policy", "compact"));
    KAFKA.createTopic(areas, 1, Map.of("cleanup.policy", "compact"));
    KAFKA.createTopic(systems, 1, Map.of("cleanup.policy", "compact"));
    AvailabilityJobSettings settings = new AvailabilityJobSettings(
        KAFKA.bootstrapServers(),
        input,
        areas,
        workDir.resolve("checkpoint").toUri().toString(),
        "earliest",
        Duration.ZERO,
        500L,
        AreaGrouping.perSystem(AreaKeySpec.cell(RESOLUTION), systems));
    Random random = new Random(16);
    Map<String, StationRecord> latest = new HashMap<>();

    produce(input, round(random, 1, latest));
    produce(input, round(random, 2, latest));
    PostcodeAvailabilityJob job = new PostcodeAvailabilityJob(spark, settings);
    StreamingQuery query = job.start();
    awaitExact(areas, systems, latest);
    produce(input, round(random, 3, latest));
    awaitExact(areas, systems, latest);
    query.stop();

    produce(input, round(random, 4, latest));
    StreamingQuery restarted = new PostcodeAvailabilityJob(spark, settings).start();
    try {
      awaitExact(areas, systems, latest);
      produce(input, round(random, 5, latest));
      awaitExact(areas, systems, latest);
    } finally {
      restarted.stop();
    }

    // The keys name their system; the values too, and a system's total is its own record.
    Map<String, String> areaValues = KAFKA.latestByKey(areas, values -> !values.isEmpty(), TIMEOUT);
    String someKey = areaValues.keySet().iterator().next();
    assertThat(someKey).startsWith("system ");
    assertThat(Json.read(areaValues.get(someKey), JsonNode.class).path("system").asText())
        .isEqualTo(someKey.substring(0, someKey.indexOf(':')));
    assertThat(areaValues.keySet())
        .as("stations without a postcode are keyed by their cell")
        .anyMatch(k -> GeoCell.isCell(k.substring(k.indexOf(':') + 1)));
    SystemTotals total = Json.read(
        KAFKA
            .latestByKey(systems, values -> values.containsKey("system 1"), TIMEOUT)
            .get("system 1"),
        SystemTotals.class);
    assertThat(total.system()).isEqualTo("system 1");
    assertThat(total.mechanical()).as("system 1 gives a breakdown").isNotNull();
  }

  @Test
  void aKillMinus9InTheMiddleOfABatchNeitherLosesNorDoubleCountsAStation() throws Exception {
    String input = "kill-stations";
    String areas = "kill-areas";
    String systems = "kill-systems";
    KAFKA.createTopic(input, 3, Map.of("cleanup.policy", "compact"));
    KAFKA.createTopic(areas, 1, Map.of("cleanup.policy", "compact"));
    KAFKA.createTopic(systems, 1, Map.of("cleanup.policy", "compact"));
    Path checkpoint = workDir.resolve("kill-checkpoint");
    Random random = new Random(9);
    Map<String, StationRecord> latest = new HashMap<>();
    for (int minute = 1; minute <= 4; minute++) {
      produce(input, round(random, minute, latest));
    }

    // Small batches, so that the kill lands between a batch's plan and its commit.
    Process child = ChildJvm.start(
        AvailabilityChildMain.class,
        Path.of("target", "availability-it", "child.log"),
        LOG,
        KAFKA.bootstrapServers(),
        input,
        areas,
        systems,
        checkpoint.toString(),
        workDir.resolve("child-spark").toString(),
        "100",
        Integer.toString(RESOLUTION));
    try {
      await("the child in the middle of a batch")
          .atMost(TIMEOUT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(5))
          .pollInSameThread()
          .until(() -> {
            assertThat(child.isAlive())
                .as("child alive (see target/availability-it/child.log)")
                .isTrue();
            long committed = ChildJvm.lastBatch(checkpoint.resolve("commits"));
            return committed >= 1 && ChildJvm.lastBatch(checkpoint.resolve("offsets")) > committed;
          });
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    long planned = ChildJvm.lastBatch(checkpoint.resolve("offsets"));
    long committed = ChildJvm.lastBatch(checkpoint.resolve("commits"));
    LOG.info("Killed the child: last batch planned {}, committed {}", planned, committed);

    produce(input, round(random, 5, latest));
    StreamingQuery restarted = new PostcodeAvailabilityJob(
            spark,
            new AvailabilityJobSettings(
                KAFKA.bootstrapServers(),
                input,
                areas,
                checkpoint.toString(),
                "earliest",
                Duration.ZERO,
                null,
                AreaGrouping.perSystem(AreaKeySpec.cell(RESOLUTION), systems)))
        .start();
    try {
      awaitExact(areas, systems, latest);
    } finally {
      restarted.stop();
    }
  }
}
