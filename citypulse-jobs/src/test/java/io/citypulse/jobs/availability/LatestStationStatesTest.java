package io.citypulse.jobs.availability;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.jobs.availability.LatestStationStates.Outcome;
import io.citypulse.model.PostcodeAvailability;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatestStationStatesTest {

  private static StationState state(String key, String postcode, int bikes, Long lastReported,
      Long fetchedAt) {
    return new StationState(key, postcode, "Paris", bikes, bikes, 0, 10 - bikes, 10, lastReported,
        fetchedAt);
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
    assertThat(states.touchedTotals()).extracting(PostcodeAvailability::bikesAvailable)
        .containsExactly(4L);
  }

  @Test
  void aMissingTimeIsOlderThanAnyTime() {
    LatestStationStates states = LatestStationStates.restore(
        List.of(state("a", "75001", 3, null, null)));

    assertThat(states.offer(state("a", "75001", 4, null, Long.MIN_VALUE + 1)))
        .isEqualTo(Outcome.ACCEPTED);
    assertThat(states.offer(state("a", "75001", 5, null, null))).isEqualTo(Outcome.STALE);
  }

  @Test
  void totalsOnlyCoverTouchedPostcodesAndReEmitAnEmptiedOne() {
    List<StationState> stored = batch(List.of(),
        state("a", "UNKNOWN", 3, 1L, 1L), state("b", "75002", 2, 1L, 1L));
    LatestStationStates states = LatestStationStates.restore(stored);

    states.offer(state("a", "75001", 3, 2L, 5_000_000L));

    assertThat(states.touchedTotals()).containsExactly(
        new PostcodeAvailability("75001", "Paris", 1, 3, 3, 0, 7, 10, Instant.ofEpochSecond(5)),
        new PostcodeAvailability("UNKNOWN", null, 0, 0, 0, 0, 0, 0, Instant.ofEpochSecond(5)));
  }

  @Test
  void theSameStateRepublishedUnderItsGeocodedPostcodeMovesOnlyWhenStrictlyNewer() {
    // The ingest publishes a station under UNKNOWN when the geocoder does not answer in time,
    // then the same state (same last_reported) with its postcode once it does.
    List<StationState> stored = batch(List.of(),
        state("a", "UNKNOWN", 3, 100L, 200L), state("b", "UNKNOWN", 2, 100L, 200L),
        state("c", "75116", 4, 100L, 200L));
    LatestStationStates states = LatestStationStates.restore(stored);

    assertThat(states.offer(state("a", "75116", 3, 100L, 200L)))
        .as("same times: stale, which is why the ingest sends it 1 ms later").isEqualTo(Outcome.STALE);
    assertThat(states.offer(state("a", "75116", 3, 100L, 1_200L))).isEqualTo(Outcome.ACCEPTED);

    assertThat(states.touchedTotals()).extracting(PostcodeAvailability::postcode,
        PostcodeAvailability::stations, PostcodeAvailability::bikesAvailable).containsExactly(
            org.assertj.core.groups.Tuple.tuple("75116", 2, 7L),
            org.assertj.core.groups.Tuple.tuple("UNKNOWN", 1, 2L));

    // And on to the last one: UNKNOWN is emitted empty, not left with stale numbers.
    LatestStationStates next = LatestStationStates.restore(states.snapshot());
    next.offer(state("b", "75016", 2, 100L, 1_200L));
    assertThat(next.touchedTotals()).extracting(PostcodeAvailability::postcode,
        PostcodeAvailability::stations, PostcodeAvailability::bikesAvailable).containsExactly(
            org.assertj.core.groups.Tuple.tuple("75016", 1, 2L),
            org.assertj.core.groups.Tuple.tuple("UNKNOWN", 0, 0L));
  }

  @Test
  void snapshotIsOrderedByStationKey() {
    List<StationState> stored = batch(List.of(), state("b", "1", 1, 1L, 1L),
        state("c", "1", 1, 1L, 1L), state("a", "1", 1, 1L, 1L));

    assertThat(stored).extracting(StationState::getStationKey).containsExactly("a", "b", "c");
  }

  @Test
  void theMostFrequentCommuneNamesThePostcode() {
    LatestStationStates states = LatestStationStates.restore(List.of());
    states.offer(new StationState("a", "94300", "Vincennes", 1, 1, 0, 1, 2, 1L, 1L));
    states.offer(new StationState("b", "94300", "Saint-Mandé", 1, 1, 0, 1, 2, 1L, 1L));
    states.offer(new StationState("c", "94300", "Vincennes", 1, 1, 0, 1, 2, 1L, 1L));

    assertThat(states.touchedTotals()).extracting(PostcodeAvailability::commune)
        .containsExactly("Vincennes");
  }

  @Test
  void microsRoundTripThroughInstants() {
    Instant t = Instant.parse("2025-10-18T08:02:00.123456Z");
    assertThat(LatestStationStates.instantOfMicros(LatestStationStates.microsOf(t))).isEqualTo(t);
    Instant before1970 = Instant.parse("1969-12-31T23:59:59.999999Z");
    assertThat(LatestStationStates.instantOfMicros(LatestStationStates.microsOf(before1970)))
        .isEqualTo(before1970);
  }
}
