package io.citypulse.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.bench.data.ExpectedTotals;
import io.citypulse.bench.data.StationCatalog;
import io.citypulse.bench.data.UpdateGenerator;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka Streams peer computes what the job computes (same fold as the benchmark's check). */
class PostcodeAvailabilityTopologyTest {

  @Test
  void endsWithTheExpectedTotalsIgnoringStaleRecords(@TempDir Path stateDir) {
    // Latency settings (no cache): every update reaches the output, none waits for a commit.
    Properties config = PostcodeAvailabilityTopology.config(
        "test", "unused:9092", stateDir, 1, PostcodeAvailabilityTopology.LATENCY_CACHE_BYTES);
    UpdateGenerator generator = new UpdateGenerator(
        StationCatalog.generate(3, 60), 3, Instant.parse("2026-01-05T06:00:00Z"), 0.05);
    ExpectedTotals expected = new ExpectedTotals();
    try (TopologyTestDriver driver =
        new TopologyTestDriver(PostcodeAvailabilityTopology.build("in", "out"), config)) {
      TestInputTopic<String, byte[]> in =
          driver.createInputTopic("in", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, PostcodeAvailability> out = driver.createOutputTopic(
          "out",
          new StringDeserializer(),
          PostcodeAvailabilityTopology.AVAILABILITY.deserializer());
      for (int i = 0; i < 1_000; i++) {
        StationRecord record = generator.next();
        expected.offer(record);
        in.pipeInput(record.key(), Json.write(record));
      }
      Map<String, PostcodeAvailability> latest = out.readKeyValuesToMap();
      assertThat(generator.count(UpdateGenerator.Kind.LATE)).isPositive();
      assertThat(latest).isEqualTo(expected.totals());
    }
  }

  @Test
  void binaryStateRoundTripsIncludingMissingValues() {
    PeerStationState full = new PeerStationState("75001", "Paris", 5, 3, 2, 10, 15, 1L, 2L);
    PeerStationState sparse =
        new PeerStationState("UNKNOWN", null, 0, null, null, 0, 0, null, null);
    PeerStationState typedZero = new PeerStationState("75001", "Paris", 0, 0, 0, 10, 10, 1L, 2L);
    assertThat(PeerStationState.fromBytes(full.toBytes())).isEqualTo(full);
    assertThat(PeerStationState.fromBytes(sparse.toBytes())).isEqualTo(sparse);
    assertThat(PeerStationState.fromBytes(typedZero.toBytes())).isEqualTo(typedZero);
    PostcodeTotals totals = PostcodeTotals.empty().plus(full);
    assertThat(PostcodeTotals.fromBytes(totals.toBytes())).isEqualTo(totals);
    assertThat(PostcodeTotals.fromBytes(PostcodeTotals.empty().toBytes()))
        .isEqualTo(PostcodeTotals.empty());
    assertThat(totals.minus(full))
        .isEqualTo(new PostcodeTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 2L, "Paris"));
  }

  @Test
  void aSplitIsUnknownWhileNoStationOfThePostcodeGivesIt() {
    PeerStationState typed = new PeerStationState("75001", "Paris", 5, 3, 2, 10, 15, 1L, 2L);
    PeerStationState untyped = new PeerStationState("75001", "Paris", 9, null, null, 6, 15, 1L, 2L);

    PostcodeTotals onlyUntyped = PostcodeTotals.empty().plus(untyped);
    assertThat(onlyUntyped.toAvailability("75001"))
        .extracting(
            PostcodeAvailability::mechanical,
            PostcodeAvailability::ebike,
            PostcodeAvailability::untypedBikes)
        .containsExactly(null, null, 9L);
    PostcodeTotals mixed = onlyUntyped.plus(typed);
    assertThat(PostcodeTotals.fromBytes(mixed.toBytes())).isEqualTo(mixed);
    assertThat(mixed.toAvailability("75001"))
        .extracting(
            PostcodeAvailability::mechanical,
            PostcodeAvailability::ebike,
            PostcodeAvailability::untypedBikes)
        .containsExactly(3L, 2L, 9L);
    // The typed station leaves (a new state of it in another postcode): unknown again, not 0.
    assertThat(mixed.minus(typed).toAvailability("75001"))
        .extracting(
            PostcodeAvailability::mechanical,
            PostcodeAvailability::ebike,
            PostcodeAvailability::untypedBikes)
        .containsExactly(null, null, 9L);
  }

  @Test
  void untypedStationsEndWithTheExpectedTotals(@TempDir Path stateDir) {
    Properties config = PostcodeAvailabilityTopology.config(
        "test", "unused:9092", stateDir, 1, PostcodeAvailabilityTopology.LATENCY_CACHE_BYTES);
    Instant t = Instant.parse("2026-01-05T06:00:00Z");
    ExpectedTotals expected = new ExpectedTotals();
    try (TopologyTestDriver driver =
        new TopologyTestDriver(PostcodeAvailabilityTopology.build("in", "out"), config)) {
      TestInputTopic<String, byte[]> in =
          driver.createInputTopic("in", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, PostcodeAvailability> out = driver.createOutputTopic(
          "out",
          new StringDeserializer(),
          PostcodeAvailabilityTopology.AVAILABILITY.deserializer());
      for (StationRecord record : List.of(
          new StationRecord(
              "s",
              "a",
              "a",
              "n",
              45.5,
              -73.6,
              20,
              "H2X",
              "Montréal",
              12,
              null,
              null,
              8,
              true,
              true,
              true,
              t,
              t),
          new StationRecord(
              "s",
              "b",
              "b",
              "n",
              45.5,
              -73.6,
              20,
              "H2X",
              "Montréal",
              3,
              2,
              1,
              17,
              true,
              true,
              true,
              t,
              t),
          // b's next state: no breakdown any more, so H2X's split is unknown again
          new StationRecord(
              "s",
              "b",
              "b",
              "n",
              45.5,
              -73.6,
              20,
              "H2X",
              "Montréal",
              4,
              null,
              null,
              16,
              true,
              true,
              true,
              t.plusSeconds(60),
              t.plusSeconds(60)))) {
        expected.offer(record);
        in.pipeInput(record.key(), Json.write(record));
      }
      Map<String, PostcodeAvailability> latest = out.readKeyValuesToMap();
      assertThat(latest).isEqualTo(expected.totals());
      assertThat(latest.get("H2X"))
          .extracting(PostcodeAvailability::mechanical, PostcodeAvailability::untypedBikes)
          .containsExactly(null, 16L);
    }
  }
}
