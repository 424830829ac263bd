package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.dashboard.health.ClusterHealth;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.PostcodeLocation.Source;
import io.citypulse.sources.poll.SystemReport;
import io.citypulse.sources.poll.SystemsPoller;
import io.citypulse.sources.poll.SystemsSummary;
import io.citypulse.sources.postcode.PostcodeResolution;
import io.citypulse.sources.postcode.PostcodeResolution.GeocoderState;
import io.citypulse.sources.postcode.UnknownReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusLineTest {
  private static final Instant NOW = Instant.parse("2026-11-24T08:15:30Z");

  @Test
  void aHealthyRunShowsPollsRecordsSparkAndTheLastAggregate() {
    String line = StatusLine.format(
        NOW,
        Map.of("polls.ok", 12L, "records.published", 40L, "records.unchanged", 3L),
        new PostcodeAvailability("75116", "Paris", 2, 9, 5L, 4L, 27, 36, NOW, 0L),
        7,
        0,
        Duration.ofSeconds(3),
        0,
        new PostcodeResolution(0, Map.of(Source.TABLE, 2), Map.of(), GeocoderState.OK, null));

    assertThat(line)
        .isEqualTo(
            "08:15:30 UTC | polls 12 ok (last 3s ago) | published 40, unchanged 3"
                + " | spark batches 7, lag 0 | last 75116: 9 bikes (5 mechanical, 4 electric) in 2 stations");
  }

  @Test
  void aPostcodeWithoutBreakdownShowsUnknownTypesNotZero() {
    String line = StatusLine.format(
        NOW,
        Map.of(),
        new PostcodeAvailability("75011", null, 3, 12, null, null, 30, 42, NOW, 12L),
        7,
        0,
        null,
        0,
        null);

    assertThat(line).endsWith(" | last 75011: 12 bikes (unknown types) in 3 stations");
  }

  @Test
  void aPartlyTypedPostcodeSaysWhatItsSplitLeavesOut() {
    assertThat(StatusLine.format(
            NOW,
            Map.of(),
            new PostcodeAvailability("75011", null, 3, 12, 3L, 1L, 30, 42, NOW, 8L),
            7,
            0,
            null,
            0,
            null))
        .endsWith(" | last 75011: 12 bikes (3 mechanical, 1 electric, 8 untyped) in 3 stations");
    assertThat(StatusLine.format(
            NOW,
            Map.of(),
            new PostcodeAvailability("75011", null, 1, 5, 5L, null, 3, 8, NOW, 0L),
            7,
            0,
            null,
            0,
            null))
        .endsWith(" | last 75011: 5 bikes (5 mechanical, electric unknown) in 1 station");
    // A record from before untyped_bikes existed.
    assertThat(StatusLine.format(
            NOW,
            Map.of(),
            new PostcodeAvailability("75011", null, 1, 0, 0L, 0L, 3, 3, NOW, null),
            7,
            0,
            null,
            0,
            null))
        .endsWith(" | last 75011: 0 bikes (0 mechanical, 0 electric) in 1 station");
    // Several systems: the area is named with its system, as its key.
    assertThat(StatusLine.format(
            NOW,
            Map.of(),
            new PostcodeAvailability("UNKNOWN", null, 2, 4, null, null, 3, 7, NOW, 4L, "sim-0007"),
            7,
            0,
            null,
            0,
            null))
        .endsWith(" | last sim-0007:UNKNOWN: 4 bikes (unknown types) in 2 stations");
  }

  @Test
  void problemsAreShownOnlyWhenThereAreSome() {
    String line = StatusLine.format(
        NOW,
        Map.of("polls.ok", 1L, "polls.failed", 2L, "dead_letters", 1L, "postcode.unknown", 9L),
        null,
        0,
        -1,
        null,
        3,
        new PostcodeResolution(
            0, Map.of(), Map.of(UnknownReason.NOT_IN_TABLE, 4), GeocoderState.OFF, null));

    assertThat(line)
        .as("the current stations, not the cumulative counter")
        .isEqualTo(
            "08:15:30 UTC | polls 1 ok, 2 failed | published 0, unchanged 0, dead letters 1,"
                + " postcode unknown 4 (not in table 4) | spark batches 0, lag ?, rejected 3 | no aggregate yet");
  }

  @Test
  void postcodesWaitingOrUnknownAreShownWithTheirReasonsAndTheGeocodersState() {
    assertThat(StatusLine.postcodes(new PostcodeResolution(
            12,
            Map.of(Source.GEOCODER, 3),
            Map.of(UnknownReason.NO_ADDRESS, 4, UnknownReason.GEOCODER_UNREACHABLE, 80),
            GeocoderState.OPEN,
            Instant.parse("2026-11-24T08:16:00Z"))))
        .isEqualTo(", postcode pending 12, unknown 84 (geocoder unreachable 80, no address 4),"
            + " geocoder down until 08:16:00");
    assertThat(StatusLine.postcodes(new PostcodeResolution(
            5,
            Map.of(),
            Map.of(),
            GeocoderState.RATE_LIMITED,
            Instant.parse("2026-11-24T08:17:00Z"))))
        .isEqualTo(", postcode pending 5, geocoder rate limited until 08:17:00");
    assertThat(StatusLine.postcodes(new PostcodeResolution(
            0,
            Map.of(),
            Map.of(UnknownReason.GEOCODER_UNREACHABLE, 2),
            GeocoderState.PROBING,
            null)))
        .isEqualTo(", postcode unknown 2 (geocoder unreachable 2), geocoder down");
    assertThat(StatusLine.postcodes(PostcodeResolution.NONE)).isEmpty();
    assertThat(StatusLine.postcodes(null)).isEmpty();
  }

  @Test
  void aCatalogueWideRunShowsItsSystemsTheWorstFailingReasonAndTheRound() {
    java.util.List<SystemReport> reports = java.util.List.of(
        systemReport("ok-1", SystemReport.State.OK, null, 0),
        systemReport("ok-2", SystemReport.State.OK, null, 0),
        systemReport(
            "down",
            SystemReport.State.FAILING,
            "station_status http://127.0.0.1:1/down/station_status.json: HTTP 500",
            3),
        systemReport("scooters", SystemReport.State.SKIPPED, "free-floating", 0));
    String part = StatusLine.systems(
        SystemsSummary.of(reports, 5),
        2,
        new SystemsPoller.Round(Duration.ofSeconds(5), 21, 2, "ok-2", Duration.ofMillis(1234)),
        340);

    assertThat(part)
        .isEqualTo(" | systems 2/4 ok, 1 failing (down: station_status"
            + " http://127.0.0.1:1/down/station_status.json: HTTP 500), 1 without stations,"
            + " 2 need credentials | last 5s: 21 polls, 2 failed, +340 records (68/s), slowest"
            + " ok-2 1.2s");
  }

  private static SystemReport systemReport(
      String id, SystemReport.State state, String reason, int inARow) {
    return new SystemReport(
        id, state, reason, inARow, Duration.ofMillis(10), 5, 5, 1, inARow, null);
  }

  @Test
  void aRunOnAClusterSaysWhenABrokerOrAnExecutorIsMissingAndWhenAllAreBack() {
    assertThat(StatusLine.cluster(new ClusterHealth(3, 3, "spark://m:7077", 2, 2, 0)))
        .isEqualTo(" | cluster ok: kafka 3/3 brokers, spark 2/2 executors");
    assertThat(StatusLine.cluster(new ClusterHealth(2, 3, "spark://m:7077", 1, 2, 1)))
        .isEqualTo(" | cluster DEGRADED: kafka 2/3 brokers, spark 1/2 executors (1 lost)");
    assertThat(StatusLine.cluster(new ClusterHealth(3, 3, "spark://m:7077", 2, 2, 1)))
        .as("back, with the loss still counted")
        .isEqualTo(" | cluster ok: kafka 3/3 brokers, spark 2/2 executors (1 lost)");
    assertThat(StatusLine.cluster(new ClusterHealth(null, 3, "local[2]", null, 0, 0)))
        .as("Kafka away, Spark in this process")
        .isEqualTo(" | cluster DEGRADED: kafka ?/3 brokers");
    assertThat(StatusLine.cluster(null)).isEmpty();
  }
}
