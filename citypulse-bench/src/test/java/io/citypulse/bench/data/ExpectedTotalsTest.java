package io.citypulse.bench.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpectedTotalsTest {
  private static final Instant T0 = Instant.parse("2026-01-05T06:00:00Z");

  private static StationRecord station(
      String code,
      String postcode,
      String commune,
      int mech,
      int ebike,
      int capacity,
      long reportedSecond,
      long fetchedSecond) {
    return new StationRecord(
        "s",
        code,
        code,
        "n",
        48.8,
        2.3,
        capacity,
        postcode,
        commune,
        mech + ebike,
        mech,
        ebike,
        capacity - mech - ebike,
        true,
        true,
        true,
        T0.plusSeconds(reportedSecond),
        T0.plusSeconds(fetchedSecond));
  }

  @Test
  void keepsTheNewestRecordPerStationAndSumsPerPostcode() {
    ExpectedTotals totals = new ExpectedTotals();
    assertThat(totals.offer(station("a", "75001", "Paris", 3, 2, 20, 10, 100))).isTrue();
    assertThat(totals.offer(station("b", "75001", "Paris", 1, 0, 10, 10, 101))).isTrue();
    assertThat(totals.offer(station("c", "75002", "Paris", 4, 4, 30, 10, 102))).isTrue();
    // a: newer last_reported -> replaces
    assertThat(totals.offer(station("a", "75001", "Paris", 5, 1, 20, 20, 103))).isTrue();
    // a: exact duplicate -> ignored
    assertThat(totals.offer(station("a", "75001", "Paris", 5, 1, 20, 20, 103))).isFalse();
    // b: late poll (newer fetched_at, older last_reported) -> ignored
    assertThat(totals.offer(station("b", "75001", "Paris", 9, 9, 10, 5, 104))).isFalse();
    // c: same last_reported, newer fetched_at -> replaces
    assertThat(totals.offer(station("c", "75002", "Paris", 0, 1, 30, 10, 105))).isTrue();

    Map<String, PostcodeAvailability> result = totals.totals();
    assertThat(result).containsOnlyKeys("75001", "75002");
    assertThat(result.get("75001"))
        .isEqualTo(new PostcodeAvailability(
            "75001", "Paris", 2, 7, 6L, 1L, 23, 30, T0.plusSeconds(103), 0L));
    assertThat(result.get("75002"))
        .isEqualTo(new PostcodeAvailability(
            "75002", "Paris", 1, 1, 0L, 1L, 29, 30, T0.plusSeconds(105), 0L));
    assertThat(totals.accepted()).isEqualTo(5);
    assertThat(totals.ignored()).isEqualTo(2);
  }

  @Test
  void blankPostcodeIsUnknownMissingCountsAddNothingAndAnUnknownSplitStaysUnknown() {
    ExpectedTotals totals = new ExpectedTotals();
    totals.offer(new StationRecord(
        "s", "x", "x", null, null, null, null, " ", null, 4, null, null, null, true, true, true, T0,
        null));
    assertThat(totals.totals().get(StationRecord.UNKNOWN_POSTCODE))
        .isEqualTo(new PostcodeAvailability("UNKNOWN", null, 1, 4, null, null, 0, 0, T0, 4L));
  }

  @Test
  void aSplitSumsTheStationsThatGiveItAndCountsTheBikesOfThoseGivingNeither() {
    ExpectedTotals totals = new ExpectedTotals();
    totals.offer(station("a", "75001", "Paris", 3, 2, 20, 10, 100));
    totals.offer(new StationRecord(
        "s", "b", "b", "n", 48.8, 2.3, 20, "75001", "Paris", 9, null, null, 11, true, true, true,
        T0, T0));
    totals.offer(new StationRecord(
        "s", "c", "c", "n", 48.8, 2.3, 20, "75001", "Paris", 4, 4, null, 16, true, true, true, T0,
        T0));
    totals.offer(station("d", "75002", "Paris", 0, 0, 30, 10, 100));

    assertThat(totals.totals().get("75001"))
        .extracting(
            PostcodeAvailability::bikesAvailable,
            PostcodeAvailability::mechanical,
            PostcodeAvailability::ebike,
            PostcodeAvailability::untypedBikes)
        .containsExactly(18L, 7L, 2L, 9L);
    // Typed with no bike: 0 known, not unknown.
    assertThat(totals.totals().get("75002"))
        .extracting(
            PostcodeAvailability::mechanical,
            PostcodeAvailability::ebike,
            PostcodeAvailability::untypedBikes)
        .containsExactly(0L, 0L, 0L);
  }

  @Test
  void acceptsExactlyTheGeneratorsFreshRecords() {
    UpdateGenerator generator = new UpdateGenerator(StationCatalog.generate(1, 40), 9, T0, 0.05);
    ExpectedTotals totals = new ExpectedTotals();
    for (int i = 0; i < 10_000; i++) {
      totals.offer(generator.next());
    }
    assertThat(totals.accepted()).isEqualTo(generator.count(UpdateGenerator.Kind.FRESH));
    assertThat(totals.totals().values().stream()
            .mapToInt(PostcodeAvailability::stations)
            .sum())
        .isEqualTo(40);
  }
}
