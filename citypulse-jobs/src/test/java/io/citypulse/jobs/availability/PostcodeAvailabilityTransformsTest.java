package io.citypulse.jobs.availability;

import static io.citypulse.jobs.availability.StationRecords.T0;
import static io.citypulse.jobs.availability.StationRecords.station;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.jobs.availability.StationRecords.Topic;
import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostcodeAvailabilityTransformsTest {

  @TempDir
  static Path workDir;

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.local("local[2]", 2, workDir);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static Map<String, PostcodeAvailability> totals(Topic topic) {
    Dataset<Row> out = PostcodeAvailabilityTransforms.latestStatePerPostcode(
        topic.toDataset(spark), AvailabilityCounts.register(spark.sparkContext(), "test counts"));
    Map<String, PostcodeAvailability> byPostcode = new TreeMap<>();
    for (Row row : out.collectAsList()) {
      PostcodeAvailability a = PostcodeAvailabilityTransforms.toAvailability(row);
      assertThat(byPostcode.put(a.postcode(), a)).as("one row per postcode").isNull();
    }
    return byPostcode;
  }

  private static Instant minute(int m) {
    return T0.plusSeconds(60L * m);
  }

  @Test
  void sumsTheStationsOfOnePostcode() {
    Map<String, PostcodeAvailability> totals = totals(new Topic()
        .add(station("16107", "75116", 1, 4, 30, 1, 2))
        .add(station("16108", "75116", 2, 3, 10, 3, 4))
        .add(station("1001", "75001", 5, 0, 7, 1, 2)));

    assertThat(totals).containsOnlyKeys("75001", "75116");
    assertThat(totals.get("75116"))
        .isEqualTo(
            new PostcodeAvailability("75116", "Paris", 2, 10, 3L, 7L, 40, 50, minute(4), 0L));
    assertThat(totals.get("75001"))
        .isEqualTo(new PostcodeAvailability("75001", "Paris", 1, 5, 5L, 0L, 7, 12, minute(2), 0L));
  }

  @Test
  void duplicatesAreNotDoubleCounted() {
    StationRecord a = station("16107", "75116", 1, 4, 30, 1, 2);
    StationRecord b = station("16108", "75116", 2, 3, 10, 1, 2);

    Map<String, PostcodeAvailability> totals =
        totals(new Topic().add(a).add(b).add(a).add(a).add(b));

    assertThat(totals.get("75116").stations()).isEqualTo(2);
    assertThat(totals.get("75116").bikesAvailable()).isEqualTo(10);
    assertThat(totals.get("75116").docksAvailable()).isEqualTo(40);
  }

  @Test
  void anOlderRecordAfterANewerOneIsIgnored() {
    Map<String, PostcodeAvailability> totals = totals(new Topic()
        .add(station("16107", "75116", 9, 9, 0, 10, 11))
        // late: published after, but last_reported is older
        .add(station("16107", "75116", 0, 1, 17, 5, 12))
        // same last_reported, older fetch
        .add(station("16107", "75116", 0, 2, 16, 10, 10)));

    assertThat(totals.get("75116"))
        .isEqualTo(
            new PostcodeAvailability("75116", "Paris", 1, 18, 9L, 9L, 0, 18, minute(11), 0L));
  }

  @Test
  void severalRecordsOfOneStationInOneBatchKeepTheNewest() {
    Map<String, PostcodeAvailability> totals = totals(new Topic()
        .add(station("16107", "75116", 3, 0, 5, 2, 2))
        .add(station("16107", "75116", 1, 1, 6, 4, 4))
        .add(station("16107", "75116", 0, 0, 8, 1, 1))
        // same last_reported as the newest, newer fetch: a re-poll, wins on fetched_at
        .add(station("16107", "75116", 2, 1, 5, 4, 6))
        .add(station("16107", "75116", 4, 4, 0, 3, 3)));

    assertThat(totals.get("75116"))
        .isEqualTo(new PostcodeAvailability("75116", "Paris", 1, 3, 2L, 1L, 5, 8, minute(6), 0L));
  }

  @Test
  void withoutKafkaCoordinatesTheNewestStillWins() {
    Dataset<Row> keyValueOnly = new Topic()
        .add(station("16107", "75116", 1, 1, 6, 4, 4))
        .add(station("16107", "75116", 3, 0, 5, 2, 9))
        .add(station("16107", "75116", 2, 2, 2, 4, 5))
        .toDataset(spark)
        .select("key", "value");

    List<Row> rows = PostcodeAvailabilityTransforms.latestStatePerPostcode(
            keyValueOnly, AvailabilityCounts.register(spark.sparkContext(), "test counts"))
        .collectAsList();

    assertThat(rows).hasSize(1);
    assertThat(PostcodeAvailabilityTransforms.toAvailability(rows.get(0)))
        .isEqualTo(new PostcodeAvailability("75116", "Paris", 1, 4, 2L, 2L, 2, 6, minute(5), 0L));
  }

  @Test
  void onATieTheFirstPublishedWins() {
    StationRecord first = station("16107", "75116", 1, 0, 5, 2, 2);
    StationRecord sameTimesOtherCounts = station("16107", "75116", 0, 1, 5, 2, 2);

    assertThat(totals(new Topic().add(first).add(sameTimesOtherCounts))
            .get("75116")
            .mechanical())
        .isEqualTo(1);
    assertThat(totals(new Topic().add(sameTimesOtherCounts).add(first))
            .get("75116")
            .mechanical())
        .isEqualTo(0);
  }

  @Test
  void splitsBikesByTheMechanicalAndEbikeFieldsWhateverTheirOrder() {
    Map<String, PostcodeAvailability> totals =
        totals(new Topic().add("velib:1", """
            {"ebike":7,"station_code":"1","mechanical":2,"postcode":"75002","system":"velib",
             "bikes_available":9,"docks_available":3,"capacity":12,"commune":"Paris",
             "fetched_at":"2025-10-18T08:01:00Z","last_reported":"2025-10-18T08:00:30Z",
             "unknown_field":{"nested":[1,2]}}""").add("velib:2", """
            {"system":"velib","station_code":"2","postcode":"75002","bikes_available":4,
             "mechanical":4,"ebike":0,"docks_available":1,"capacity":5,
             "last_reported":"2025-10-18T08:00:00Z","fetched_at":"2025-10-18T08:02:00.123456Z"}"""));

    PostcodeAvailability p = totals.get("75002");
    assertThat(p.mechanical()).isEqualTo(6);
    assertThat(p.ebike()).isEqualTo(7);
    assertThat(p.bikesAvailable()).isEqualTo(13);
    assertThat(p.commune()).isEqualTo("Paris");
    assertThat(p.updatedAt()).isEqualTo(Instant.parse("2025-10-18T08:02:00.123456Z"));
  }

  @Test
  void nullCountsAddNothingAnUnknownSplitIsLeftOutAndANullPostcodeGoesToUnknown() {
    Map<String, PostcodeAvailability> totals = totals(new Topic()
        // GBFS 1.x without vehicle types: no split; no capacity; no postcode, no commune
        .add("velib:3", """
            {"system":"velib","station_code":"3","bikes_available":5,"mechanical":null,
             "ebike":null,"docks_available":null,"capacity":null,"postcode":null,"commune":null,
             "last_reported":null,"fetched_at":"2025-10-18T08:05:00Z"}""")
        .add("velib:4", """
            {"system":"velib","station_code":"4","bikes_available":2,"mechanical":2,"ebike":0,
             "docks_available":8,"capacity":10,"postcode":"  ",
             "last_reported":"2025-10-18T08:00:00Z","fetched_at":"2025-10-18T08:01:00Z"}"""));

    assertThat(totals).containsOnlyKeys(StationRecord.UNKNOWN_POSTCODE);
    assertThat(totals.get("UNKNOWN"))
        .isEqualTo(new PostcodeAvailability("UNKNOWN", null, 2, 7, 2L, 0L, 8, 10, minute(5), 5L));
  }

  @Test
  void aPostcodeWhoseStationsGiveNoBreakdownHasNullSplitsInItsJson() throws Exception {
    Dataset<Row> records = PostcodeAvailabilityTransforms.latestStatePerPostcode(
        new Topic()
            .add(StationRecords.untypedStation("6001", "H2X", 12, 3, 1, 2))
            .add(StationRecords.untypedStation("6002", "H2X", 30, 1, 1, 2))
            .toDataset(spark),
        AvailabilityCounts.register(spark.sparkContext(), "test counts"));

    JsonNode json = Json.MAPPER.readTree(records.collectAsList().get(0).getString(1));

    assertThat(json.get("bikes_available").asLong()).isEqualTo(42);
    assertThat(json.get("mechanical").isNull()).as("unknown, not 0: %s", json).isTrue();
    assertThat(json.get("ebike").isNull()).as("unknown, not 0: %s", json).isTrue();
    assertThat(json.get("untyped_bikes").asLong()).isEqualTo(42);
  }

  @Test
  void typedAndUntypedStationsOfOnePostcodeSumTheKnownSplitsOnly() {
    Map<String, PostcodeAvailability> totals = totals(new Topic()
        .add(station("16107", "75116", 1, 4, 30, 1, 2))
        .add(StationRecords.untypedStation("6001", "75116", 12, 3, 1, 3))
        // typed with no bike: 0 mechanical and 0 e-bikes are known
        .add(station("1001", "75001", 0, 0, 7, 1, 2)));

    assertThat(totals.get("75116"))
        .isEqualTo(
            new PostcodeAvailability("75116", "Paris", 2, 17, 1L, 4L, 33, 50, minute(3), 12L));
    assertThat(totals.get("75001"))
        .isEqualTo(new PostcodeAvailability("75001", "Paris", 1, 0, 0L, 0L, 7, 7, minute(2), 0L));
  }

  @Test
  void aStationThatLosesItsBreakdownLeavesItsPostcodeSplitUnknown() {
    Map<String, PostcodeAvailability> totals = totals(new Topic()
        .add(station("16107", "75116", 1, 4, 30, 1, 1))
        // the same station, newer, now from a feed without vehicle types
        .add(StationRecords.untypedStation("16107", "75116", 6, 29, 2, 2)));

    assertThat(totals.get("75116").mechanical()).isNull();
    assertThat(totals.get("75116").ebike()).isNull();
    assertThat(totals.get("75116").untypedBikes()).isEqualTo(6);
  }

  @Test
  void invalidValuesAreDroppedAndCountedWithoutFailing() {
    AvailabilityCounts counts = AvailabilityCounts.register(spark.sparkContext(), "test counts");
    Dataset<Row> out = PostcodeAvailabilityTransforms.latestStatePerPostcode(
        new Topic()
            .add(station("16107", "75116", 1, 4, 30, 1, 2))
            .add("velib:x", "{not json")
            .add("velib:y", "[1,2,3]")
            .add("velib:z", "{\"system\":\"velib\",\"postcode\":\"75116\",\"bikes_available\":50}")
            .add(
                "velib:w",
                "{\"system\":\"velib\",\"station_code\":\"9\",\"bikes_available\":\"many\"}")
            .add("velib:16107", null)
            .add(station("16107", "75116", 1, 4, 30, 1, 2))
            .toDataset(spark),
        counts);

    List<Row> rows = out.collectAsList();

    assertThat(rows).hasSize(1);
    assertThat(PostcodeAvailabilityTransforms.toAvailability(rows.get(0)).bikesAvailable())
        .isEqualTo(5);
    AvailabilityBatchCounts batch = counts.ofBatch(AvailabilityCounts.NO_BATCH);
    assertThat(batch).isEqualTo(counts.total());
    assertThat(batch.records()).isEqualTo(7);
    assertThat(batch.accepted()).isEqualTo(1);
    assertThat(batch.stale()).isEqualTo(1);
    assertThat(batch.rejected()).isEqualTo(5);
    assertThat(batch.postcodesEmitted()).isEqualTo(1);
    assertThat(batch.rejectionExample())
        .isEqualTo("malformed_json at partition 0 offset 1 (key velib:x)");
  }

  @Test
  void parsingFlagsEachKindOfInvalidValue() {
    List<String[]> records = List.of(
        new String[] {
          "velib:16107",
          new String(
              Json.write(station("16107", "75116", 1, 4, 30, 1, 2)),
              java.nio.charset.StandardCharsets.UTF_8)
        },
        new String[] {"velib:x", "{not json"},
        new String[] {"velib:z", "{\"system\":\"velib\",\"postcode\":\"75116\"}"},
        new String[] {"velib:16107", null},
        new String[] {null, "{\"system\":\"velib\",\"station_code\":\"42\"}"});
    List<String> rejections = new java.util.ArrayList<>();
    List<String> keys = new java.util.ArrayList<>();
    String lastPostcode = null;
    StationRecordReader reader = new StationRecordReader();
    for (String[] record : records) {
      reader.read(
          record[0] == null ? null : record[0].getBytes(java.nio.charset.StandardCharsets.UTF_8),
          record[1] == null ? null : record[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
      rejections.add(reader.rejection);
      keys.add(reader.stationKey);
      lastPostcode = reader.postcode;
    }

    assertThat(rejections)
        .containsExactly(null, "malformed_json", "missing_station_code", "tombstone", null);
    assertThat(keys)
        .containsExactly("velib:16107", "velib:x", "velib:z", "velib:16107", "velib:42");
    assertThat(lastPostcode).isEqualTo("UNKNOWN");
  }

  @Test
  void aStationThatChangesPostcodeLeavesItsOldOne() {
    Map<String, PostcodeAvailability> totals = totals(new Topic()
        .add(station("16107", "UNKNOWN", 1, 4, 30, 1, 1))
        .add(station("9", "UNKNOWN", 2, 0, 1, 1, 1))
        .add(station("16107", "75116", 1, 4, 30, 2, 2)));

    assertThat(totals.get("75116").stations()).isEqualTo(1);
    assertThat(totals.get("UNKNOWN"))
        .isEqualTo(new PostcodeAvailability("UNKNOWN", "Paris", 1, 2, 2L, 0L, 1, 3, minute(1), 0L));
  }

  @Test
  void kafkaRecordsAreKeyedByPostcodeWithTheModelJson() throws Exception {
    Dataset<Row> records = PostcodeAvailabilityTransforms.latestStatePerPostcode(
        new Topic().add(station("16107", "75116", 1, 4, 30, 1, 2)).toDataset(spark),
        AvailabilityCounts.register(spark.sparkContext(), "test counts"));

    assertThat(records.columns()).containsExactly("key", "value", "topic");
    List<Row> rows = records.collectAsList();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getString(0)).isEqualTo("75116");
    assertThat(rows.get(0).getString(2)).isEqualTo(Topics.POSTCODE_AVAILABILITY);
    String value = rows.get(0).getString(1);
    JsonNode json = Json.MAPPER.readTree(value);
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "postcode",
            "commune",
            "stations",
            "bikes_available",
            "mechanical",
            "ebike",
            "docks_available",
            "capacity",
            "updated_at",
            "untyped_bikes");
    assertThat(json.get("updated_at").asText()).isEqualTo("2025-10-18T08:02:00Z");
    assertThat(Json.read(value, PostcodeAvailability.class))
        .isEqualTo(new PostcodeAvailability("75116", "Paris", 1, 5, 1L, 4L, 30, 35, minute(2), 0L));
  }
}
