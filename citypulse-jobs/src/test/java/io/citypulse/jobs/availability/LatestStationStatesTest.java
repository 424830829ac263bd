package io.citypulse.jobs.availability;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.jobs.availability.LatestStationStates.Outcome;
import io.citypulse.model.PostcodeAvailability;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatestStationStatesTest {

  private static StationState state(
      String key, String postcode, int bikes, Long lastReported, Long fetchedAt) {
    return new StationState(
        key, postcode, "Paris", bikes, bikes, 0, 10 - bikes, 10, lastReported, fetchedAt);
  }

  /** One micro-batch: restore, offer, snapshot, as the Spark function does. */
  private static List<StationState> batch(List<StationState> stored, StationState... offers) {
    LatestStationStates states = LatestStationStates.restore(stored);
    for (StationState offer : offers) {
      states.offer(offer);
    }
    return states.snapshot();
  }

  @Test
  void acrossBatchesEqualAndOlderRecordsAreStale() {
    List<StationState> stored = batch(List.of(), state("a", "75001", 3, 100L, 200L));
    LatestStationStates states = LatestStationStates.restore(stored);

    assertThat(states.offer(state("a", "75001", 3, 100L, 200L))).isEqualTo(Outcome.STALE);
    assertThat(states.offer(state("a", "75001", 9, 99L, 900L))).isEqualTo(Outcome.STALE);
    assertThat(states.offer(state("a", "75001", 9, 100L, 199L))).isEqualTo(Outcome.STALE);
    assertThat(states.changed()).isFalse();
    assertThat(states.touchedTotals()).isEmpty();

    assertThat(states.offer(state("a", "75001", 4, 100L, 201L))).isEqualTo(Outcome.ACCEPTED);
    assertThat(states.touchedTotals())
        .extracting(PostcodeAvailability::bikesAvailable)
        .containsExactly(4L);
  }

  @Test
  void aMissingTimeIsOlderThanAnyTime() {
    LatestStationStates states =
        LatestStationStates.restore(List.of(state("a", "75001", 3, null, null)));

    assertThat(states.offer(state("a", "75001", 4, null, Long.MIN_VALUE + 1)))
        .isEqualTo(Outcome.ACCEPTED);
    assertThat(states.offer(state("a", "75001", 5, null, null))).isEqualTo(Outcome.STALE);
  }

  @Test
  void totalsOnlyCoverTouchedPostcodesAndReEmitAnEmptiedOne() {
    List<StationState> stored =
        batch(List.of(), state("a", "UNKNOWN", 3, 1L, 1L), state("b", "75002", 2, 1L, 1L));
    LatestStationStates states = LatestStationStates.restore(stored);

    states.offer(state("a", "75001", 3, 2L, 5_000_000L));

    assertThat(states.touchedTotals())
        .containsExactly(
            new PostcodeAvailability(
                "75001", "Paris", 1, 3, 3L, 0L, 7, 10, Instant.ofEpochSecond(5), 0L),
            // no station left: no station gives a split, so it is unknown
            new PostcodeAvailability(
                "UNKNOWN", null, 0, 0, null, null, 0, 0, Instant.ofEpochSecond(5), 0L));
  }

  /** A station of a feed that gives no breakdown by propulsion (GBFS 1.x): only a bike count. */
  private static StationState untyped(String key, String postcode, int bikes, long time) {
    return new StationState(
        key, postcode, "Montréal", bikes, null, null, 20 - bikes, 20, time, time);
  }

  private static StationState typed(
      String key, String postcode, Integer mechanical, Integer ebike, int bikes, long time) {
    return new StationState(
        key, postcode, "Montréal", bikes, mechanical, ebike, 20 - bikes, 20, time, time);
  }

  private static PostcodeAvailability totalsOf(LatestStationStates states, String postcode) {
    return states.touchedTotals().stream()
        .filter(t -> t.postcode().equals(postcode))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aPostcodeWhereNoStationGivesABreakdownHasAnUnknownSplitNotZero() {
    LatestStationStates states = LatestStationStates.restore(List.of());
    states.offer(untyped("a", "H2X", 12, 1L));
    states.offer(untyped("b", "H2X", 7, 1L));

    PostcodeAvailability totals = totalsOf(states, "H2X");

    assertThat(totals.bikesAvailable()).isEqualTo(19);
    assertThat(totals.mechanical()).isNull();
    assertThat(totals.ebike()).isNull();
    assertThat(totals.untypedBikes()).isEqualTo(19);
  }

  @Test
  void aMixedPostcodeSumsTheKnownSplitsAndCountsTheBikesLeftOut() {
    LatestStationStates states = LatestStationStates.restore(List.of());
    states.offer(typed("a", "H2X", 3, 2, 5, 1L));
    states.offer(untyped("b", "H2X", 10, 1L));
    // gives its mechanical count only: counts there, not as untyped
    states.offer(typed("c", "H2X", 4, null, 6, 1L));

    PostcodeAvailability totals = totalsOf(states, "H2X");

    assertThat(totals.bikesAvailable()).isEqualTo(21);
    assertThat(totals.mechanical()).isEqualTo(7);
    assertThat(totals.ebike()).isEqualTo(2);
    assertThat(totals.untypedBikes()).isEqualTo(10);
  }

  @Test
  void aKnownZeroStaysZero() {
    LatestStationStates states = LatestStationStates.restore(List.of());
    states.offer(typed("a", "H2X", 0, 0, 0, 1L));
    states.offer(untyped("b", "H2X", 4, 1L));
    // one kind known (0), the other not given by any station
    states.offer(typed("c", "H3A", 0, null, 2, 1L));

    assertThat(totalsOf(states, "H2X").mechanical()).isZero();
    assertThat(totalsOf(states, "H2X").ebike()).isZero();
    assertThat(totalsOf(states, "H2X").untypedBikes()).isEqualTo(4);
    assertThat(totalsOf(states, "H3A").mechanical()).isZero();
    assertThat(totalsOf(states, "H3A").ebike()).isNull();
    assertThat(totalsOf(states, "H3A").untypedBikes()).isZero();
  }

  @Test
  void aStationMovingBetweenPostcodesTakesItsSplitOrItsUnknownWithIt() {
    List<StationState> stored =
        batch(List.of(), untyped("a", "UNKNOWN", 9, 1L), typed("b", "H2X", 2, 1, 3, 1L));

    // The untyped station is placed in H2X: H2X's split is still known (b), now with 9 bikes out
    // of it; UNKNOWN has no station left.
    LatestStationStates placed = LatestStationStates.restore(stored);
    placed.offer(untyped("a", "H2X", 9, 2L));
    assertThat(totalsOf(placed, "H2X"))
        .extracting(
            PostcodeAvailability::bikesAvailable,
            PostcodeAvailability::mechanical,
            PostcodeAvailability::ebike,
            PostcodeAvailability::untypedBikes)
        .containsExactly(12L, 2L, 1L, 9L);
    assertThat(totalsOf(placed, "UNKNOWN"))
        .extracting(
            PostcodeAvailability::stations,
            PostcodeAvailability::mechanical,
            PostcodeAvailability::untypedBikes)
        .containsExactly(0, null, 0L);

    // The typed station moves to H3A: H2X keeps only the untyped one, so its split is unknown
    // again, and H3A's is b's.
    LatestStationStates moved = LatestStationStates.restore(placed.snapshot());
    moved.offer(typed("b", "H3A", 2, 1, 3, 3L));
    assertThat(totalsOf(moved, "H2X"))
        .extracting(
            PostcodeAvailability::bikesAvailable,
            PostcodeAvailability::mechanical,
            PostcodeAvailability::ebike,
            PostcodeAvailability::untypedBikes)
        .containsExactly(9L, null, null, 9L);
    assertThat(totalsOf(moved, "H3A"))
        .extracting(
            PostcodeAvailability::mechanical,
            PostcodeAvailability::ebike,
            PostcodeAvailability::untypedBikes)
        .containsExactly(2L, 1L, 0L);

    // The feed starts giving a breakdown for a: H2X's split becomes known.
    LatestStationStates typedNow = LatestStationStates.restore(moved.snapshot());
    typedNow.offer(typed("a", "H2X", 6, 3, 9, 4L));
    assertThat(totalsOf(typedNow, "H2X"))
        .extracting(
            PostcodeAvailability::mechanical,
            PostcodeAvailability::ebike,
            PostcodeAvailability::untypedBikes)
        .containsExactly(6L, 3L, 0L);
  }

  @Test
  void theSameStateRepublishedUnderItsGeocodedPostcodeMovesOnlyWhenStrictlyNewer() {
    // The ingest publishes a station under UNKNOWN when the geocoder does not answer in time,
    // then the same state (same last_reported) with its postcode once it does.
    List<StationState> stored = batch(
        List.of(),
        state("a", "UNKNOWN", 3, 100L, 200L),
        state("b", "UNKNOWN", 2, 100L, 200L),
        state("c", "75116", 4, 100L, 200L));
    LatestStationStates states = LatestStationStates.restore(stored);

    assertThat(states.offer(state("a", "75116", 3, 100L, 200L)))
        .as("same times: stale, which is why the ingest sends it 1 ms later")
        .isEqualTo(Outcome.STALE);
    assertThat(states.offer(state("a", "75116", 3, 100L, 1_200L))).isEqualTo(Outcome.ACCEPTED);

    assertThat(states.touchedTotals())
        .extracting(
            PostcodeAvailability::postcode,
            PostcodeAvailability::stations,
            PostcodeAvailability::bikesAvailable)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("75116", 2, 7L),
            org.assertj.core.groups.Tuple.tuple("UNKNOWN", 1, 2L));

    // And on to the last one: UNKNOWN is emitted empty, not left with stale numbers.
    LatestStationStates next = LatestStationStates.restore(states.snapshot());
    next.offer(state("b", "75016", 2, 100L, 1_200L));
    assertThat(next.touchedTotals())
        .extracting(
            PostcodeAvailability::postcode,
            PostcodeAvailability::stations,
            PostcodeAvailability::bikesAvailable)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("75016", 1, 2L),
            org.assertj.core.groups.Tuple.tuple("UNKNOWN", 0, 0L));
  }

  @Test
  void snapshotIsOrderedByStationKey() {
    List<StationState> stored = batch(
        List.of(),
        state("b", "1", 1, 1L, 1L),
        state("c", "1", 1, 1L, 1L),
        state("a", "1", 1, 1L, 1L));

    assertThat(stored).extracting(StationState::getStationKey).containsExactly("a", "b", "c");
  }

  @Test
  void theMostFrequentCommuneNamesThePostcode() {
    LatestStationStates states = LatestStationStates.restore(List.of());
    states.offer(new StationState("a", "94300", "Vincennes", 1, 1, 0, 1, 2, 1L, 1L));
    states.offer(new StationState("b", "94300", "Saint-Mandé", 1, 1, 0, 1, 2, 1L, 1L));
    states.offer(new StationState("c", "94300", "Vincennes", 1, 1, 0, 1, 2, 1L, 1L));

    assertThat(states.touchedTotals())
        .extracting(PostcodeAvailability::commune)
        .containsExactly("Vincennes");
  }

  @Test
  void microsRoundTripThroughInstants() {
    Instant t = Instant.parse("2025-10-18T08:02:00.123456Z");
    assertThat(LatestStationStates.instantOfMicros(LatestStationStates.microsOf(t)))
        .isEqualTo(t);
    Instant before1970 = Instant.parse("1969-12-31T23:59:59.999999Z");
    assertThat(LatestStationStates.instantOfMicros(LatestStationStates.microsOf(before1970)))
        .isEqualTo(before1970);
  }
}
