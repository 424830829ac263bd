package io.citypulse.jobs.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.citypulse.model.PostcodeAvailability;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The station step's newness rule and the area step's running totals, without Spark. */
class StationAndAreaStepsTest {

  private static StationState state(
      String key, String postcode, int bikes, Long lastReported, Long fetchedAt) {
    return new StationState(
        key, postcode, "Paris", bikes, bikes, 0, 10 - bikes, 10, lastReported, fetchedAt);
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

  private static TwoSteps afterOneBatch(StationState... offers) {
    TwoSteps steps = new TwoSteps();
    for (StationState offer : offers) {
      steps.offer(offer);
    }
    steps.endBatch();
    return steps;
  }

  private static PostcodeAvailability totalsOf(List<PostcodeAvailability> emitted, String area) {
    return emitted.stream().filter(t -> t.postcode().equals(area)).findFirst().orElseThrow();
  }

  @Test
  void acrossBatchesEqualAndOlderRecordsAreStale() {
    TwoSteps steps = afterOneBatch(state("a", "75001", 3, 100L, 200L));

    assertThat(steps.offer(state("a", "75001", 3, 100L, 200L))).isFalse();
    assertThat(steps.offer(state("a", "75001", 9, 99L, 900L))).isFalse();
    assertThat(steps.offer(state("a", "75001", 9, 100L, 199L))).isFalse();
    assertThat(steps.endBatch()).as("nothing changed, nothing emitted").isEmpty();

    assertThat(steps.offer(state("a", "75001", 4, 100L, 201L))).isTrue();
    assertThat(steps.endBatch())
        .extracting(PostcodeAvailability::bikesAvailable)
        .containsExactly(4L);
  }

  @Test
  void aMissingTimeIsOlderThanAnyTime() {
    TwoSteps steps = afterOneBatch(state("a", "75001", 3, null, null));

    assertThat(steps.offer(state("a", "75001", 4, null, Long.MIN_VALUE + 1))).isTrue();
    assertThat(steps.offer(state("a", "75001", 5, null, null))).isFalse();
  }

  @Test
  void onlyChangedAreasAreEmittedAndAnEmptiedOneIsEmittedWithZeroTotals() {
    TwoSteps steps =
        afterOneBatch(state("a", "UNKNOWN", 3, 1L, 1L), state("b", "75002", 2, 1L, 1L));

    steps.offer(state("a", "75001", 3, 2L, 5_000_000L));

    assertThat(steps.endBatch())
        .containsExactly(
            new PostcodeAvailability(
                "75001", "Paris", 1, 3, 3L, 0L, 7, 10, Instant.ofEpochSecond(5), 0L),
            // no station left: no station gives a split, so it is unknown
            new PostcodeAvailability(
                "UNKNOWN", null, 0, 0, null, null, 0, 0, Instant.ofEpochSecond(5), 0L));
  }

  @Test
  void aPostcodeWhereNoStationGivesABreakdownHasAnUnknownSplitNotZero() {
    TwoSteps steps = new TwoSteps();
    steps.offer(untyped("a", "H2X", 12, 1L));
    steps.offer(untyped("b", "H2X", 7, 1L));

    PostcodeAvailability totals = totalsOf(steps.endBatch(), "H2X");

    assertThat(totals.bikesAvailable()).isEqualTo(19);
    assertThat(totals.mechanical()).isNull();
    assertThat(totals.ebike()).isNull();
    assertThat(totals.untypedBikes()).isEqualTo(19);
  }

  @Test
  void aMixedPostcodeSumsTheKnownSplitsAndCountsTheBikesLeftOut() {
    TwoSteps steps = new TwoSteps();
    steps.offer(typed("a", "H2X", 3, 2, 5, 1L));
    steps.offer(untyped("b", "H2X", 10, 1L));
    // gives its mechanical count only: counts there, not as untyped
    steps.offer(typed("c", "H2X", 4, null, 6, 1L));

    PostcodeAvailability totals = totalsOf(steps.endBatch(), "H2X");

    assertThat(totals.bikesAvailable()).isEqualTo(21);
    assertThat(totals.mechanical()).isEqualTo(7);
    assertThat(totals.ebike()).isEqualTo(2);
    assertThat(totals.untypedBikes()).isEqualTo(10);
  }

  @Test
  void aKnownZeroStaysZero() {
    TwoSteps steps = new TwoSteps();
    steps.offer(typed("a", "H2X", 0, 0, 0, 1L));
    steps.offer(untyped("b", "H2X", 4, 1L));
    // one kind known (0), the other not given by any station
    steps.offer(typed("c", "H3A", 0, null, 2, 1L));
    List<PostcodeAvailability> emitted = steps.endBatch();

    assertThat(totalsOf(emitted, "H2X").mechanical()).isZero();
    assertThat(totalsOf(emitted, "H2X").ebike()).isZero();
    assertThat(totalsOf(emitted, "H2X").untypedBikes()).isEqualTo(4);
    assertThat(totalsOf(emitted, "H3A").mechanical()).isZero();
    assertThat(totalsOf(emitted, "H3A").ebike()).isNull();
    assertThat(totalsOf(emitted, "H3A").untypedBikes()).isZero();
  }

  @Test
  void aStationMovingBetweenPostcodesTakesItsSplitOrItsUnknownWithIt() {
    TwoSteps steps = afterOneBatch(untyped("a", "UNKNOWN", 9, 1L), typed("b", "H2X", 2, 1, 3, 1L));

    // The untyped station is placed in H2X: H2X's split is still known (b), now with 9 bikes out
    // of it; UNKNOWN has no station left.
    steps.offer(untyped("a", "H2X", 9, 2L));
    List<PostcodeAvailability> placed = steps.endBatch();
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
    steps.offer(typed("b", "H3A", 2, 1, 3, 3L));
    List<PostcodeAvailability> moved = steps.endBatch();
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
    steps.offer(typed("a", "H2X", 6, 3, 9, 4L));
    assertThat(totalsOf(steps.endBatch(), "H2X"))
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
    TwoSteps steps = afterOneBatch(
        state("a", "UNKNOWN", 3, 100L, 200L),
        state("b", "UNKNOWN", 2, 100L, 200L),
        state("c", "75116", 4, 100L, 200L));

    assertThat(steps.offer(state("a", "75116", 3, 100L, 200L)))
        .as("same times: stale, which is why the ingest sends it 1 ms later")
        .isFalse();
    assertThat(steps.offer(state("a", "75116", 3, 100L, 1_200L))).isTrue();

    assertThat(steps.endBatch())
        .extracting(
            PostcodeAvailability::postcode,
            PostcodeAvailability::stations,
            PostcodeAvailability::bikesAvailable)
        .containsExactly(tuple("75116", 2, 7L), tuple("UNKNOWN", 1, 2L));

    // And on to the last one: UNKNOWN is emitted empty, not left with stale numbers.
    steps.offer(state("b", "75016", 2, 100L, 1_200L));
    assertThat(steps.endBatch())
        .extracting(
            PostcodeAvailability::postcode,
            PostcodeAvailability::stations,
            PostcodeAvailability::bikesAvailable)
        .containsExactly(tuple("75016", 1, 2L), tuple("UNKNOWN", 0, 0L));
  }

  @Test
  void theMostFrequentCommuneNamesThePostcodeAndFollowsDepartures() {
    TwoSteps steps = new TwoSteps();
    steps.offer(new StationState("a", "94300", "Vincennes", 1, 1, 0, 1, 2, 1L, 1L));
    steps.offer(new StationState("b", "94300", "Saint-Mandé", 1, 1, 0, 1, 2, 1L, 1L));
    steps.offer(new StationState("c", "94300", "Vincennes", 1, 1, 0, 1, 2, 1L, 1L));
    assertThat(steps.endBatch())
        .extracting(PostcodeAvailability::commune)
        .containsExactly("Vincennes");

    steps.offer(new StationState("a", "94160", "Vincennes", 1, 1, 0, 1, 2, 2L, 2L));
    assertThat(totalsOf(steps.endBatch(), "94300").commune())
        .as("one of each left: alphabetical")
        .isEqualTo("Saint-Mandé");
  }

  @Test
  void updatedAtIsTheFreshestChangeIncludingADeparture() {
    TwoSteps steps =
        afterOneBatch(state("a", "75001", 3, 1L, 1_000_000L), state("b", "75001", 2, 1L, 0L));

    steps.offer(state("a", "75002", 3, 2L, 9_000_000L));

    assertThat(totalsOf(steps.endBatch(), "75001").updatedAt())
        .as("the departure is the area's latest change")
        .isEqualTo(Instant.ofEpochSecond(9));
  }

  @Test
  void runningTotalsEqualARecomputationOverTheLatestStatesAfterManyRandomBatches() {
    Random random = new Random(16);
    String[] areas = {"75001", "75002", "UNKNOWN", "H2X"};
    String[] communes = {"Paris", "Montréal", null};
    TwoSteps steps = new TwoSteps();
    Map<String, PostcodeAvailability> lastEmitted = new TreeMap<>();
    long time = 0;
    for (int batch = 0; batch < 300; batch++) {
      for (int i = random.nextInt(6); i > 0; i--) {
        int bikes = random.nextInt(8);
        Integer mechanical = random.nextInt(3) == 0 ? null : random.nextInt(bikes + 1);
        Integer ebike =
            random.nextInt(3) == 0 ? null : bikes - (mechanical == null ? 0 : mechanical);
        // sometimes a stale record: an older time than the station may already have
        long when = random.nextInt(5) == 0 ? time - random.nextInt(3) : ++time;
        steps.offer(new StationState(
            "s" + random.nextInt(12),
            areas[random.nextInt(areas.length)],
            communes[random.nextInt(communes.length)],
            bikes,
            mechanical,
            ebike,
            random.nextInt(10),
            10 + random.nextInt(5),
            when,
            when));
      }
      steps.endBatch().forEach(t -> lastEmitted.put(t.postcode(), t));
    }

    Map<String, PostcodeAvailability> recomputed = recompute(steps.stations.values());
    for (String area : areas) {
      PostcodeAvailability expected = recomputed.get(area);
      PostcodeAvailability actual = lastEmitted.get(area);
      if (expected == null) {
        assertThat(actual == null || actual.stations() == 0).as(area + " empty").isTrue();
        continue;
      }
      assertThat(actual)
          .as(area)
          .usingRecursiveComparison()
          .ignoringFields("updatedAt")
          .isEqualTo(expected);
    }
  }

  /** Independent sums over the latest states, the rules of the package documentation. */
  private static Map<String, PostcodeAvailability> recompute(
      java.util.Collection<StationState> states) {
    Map<String, List<StationState>> byArea = new HashMap<>();
    states.forEach(s -> byArea
        .computeIfAbsent(s.getPostcode(), k -> new java.util.ArrayList<>())
        .add(s));
    Map<String, PostcodeAvailability> out = new HashMap<>();
    byArea.forEach((area, list) -> {
      long bikes = list.stream().mapToLong(StationState::getBikesAvailable).sum();
      boolean anyMechanical = list.stream().anyMatch(s -> s.getMechanical() != null);
      boolean anyEbike = list.stream().anyMatch(s -> s.getEbike() != null);
      long mechanical = list.stream()
          .filter(s -> s.getMechanical() != null)
          .mapToLong(StationState::getMechanical)
          .sum();
      long ebike = list.stream()
          .filter(s -> s.getEbike() != null)
          .mapToLong(StationState::getEbike)
          .sum();
      long untyped = list.stream()
          .filter(s -> s.getMechanical() == null && s.getEbike() == null)
          .mapToLong(StationState::getBikesAvailable)
          .sum();
      Map<String, Integer> communeCounts = new TreeMap<>();
      list.stream()
          .filter(s -> s.getCommune() != null)
          .forEach(s -> communeCounts.merge(s.getCommune(), 1, Integer::sum));
      String commune = communeCounts.entrySet().stream()
          .sorted((x, y) -> x.getValue().equals(y.getValue())
              ? x.getKey().compareTo(y.getKey())
              : y.getValue() - x.getValue())
          .map(Map.Entry::getKey)
          .findFirst()
          .orElse(null);
      out.put(
          area,
          new PostcodeAvailability(
              area,
              commune,
              list.size(),
              bikes,
              anyMechanical ? mechanical : null,
              anyEbike ? ebike : null,
              list.stream().mapToLong(StationState::getDocksAvailable).sum(),
              list.stream().mapToLong(StationState::getCapacity).sum(),
              null,
              untyped));
    });
    return out;
  }

  @Test
  void areaTotalsRoundTripThroughTheirStateFormat() {
    AreaTotals totals = new AreaTotals();
    totals.apply(1, new StationShare(5, 3, null, 2, 7, "Évry-Courcouronnes"), 1_000_000L);
    totals.apply(1, new StationShare(4, null, null, 1, 5, null), null);

    AreaTotals back = AreaTotals.decode(totals.encode());

    assertThat(back.toAvailability("91000", null)).isEqualTo(totals.toAvailability("91000", null));
    assertThat(back.encode()).isEqualTo(totals.encode());
  }

  @Test
  void takingBackAStationNeverAddedIsABrokenStateWithAClearMessage() {
    AreaTotals totals = new AreaTotals();
    totals.apply(-1, new StationShare(1, null, null, 0, 1, null), 1L);

    assertThatThrownBy(() -> totals.checkConsistent("75001"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("75001")
        .hasMessageContaining("delete the job's checkpoint");
  }

  @Test
  void aStateOfAnotherFormatIsRefusedWithAClearMessage() {
    byte[] value = StationStateCodec.encode(state("velib:1", "75001", 3, 1L, 2L));
    value[0] = 2;

    assertThatThrownBy(() -> StationStateCodec.decode("velib:1", value))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("format version 2")
        .hasMessageContaining("delete the checkpoint directory");
  }

  @Test
  void aStationStateRoundTripsWithItsNullsAndNonAsciiText() {
    StationState typed = new StationState(
        "gbfs:Évry", "91000", "Évry-Courcouronnes", 2, 2, 0, 8, 10, -1L, Long.MAX_VALUE);
    StationState unknownSplit =
        new StationState("bixi:1", "UNKNOWN", null, 12, null, null, 3, 15, null, null);

    for (StationState s : List.of(typed, unknownSplit)) {
      StationState back = StationStateCodec.decode(s.getStationKey(), StationStateCodec.encode(s));
      assertThat(back).isEqualTo(s);
      assertThat(back.getMechanical()).isEqualTo(s.getMechanical());
      assertThat(back.getEbike()).isEqualTo(s.getEbike());
      assertThat(back.getCommune()).isEqualTo(s.getCommune());
      assertThat(back.getBikesAvailable()).isEqualTo(s.getBikesAvailable());
    }
  }

  @Test
  void microsRoundTripThroughInstants() {
    Instant t = Instant.parse("2025-10-18T08:02:00.123456Z");
    assertThat(StationState.instantOfMicros(StationState.microsOf(t))).isEqualTo(t);
    Instant before1970 = Instant.parse("1969-12-31T23:59:59.999999Z");
    assertThat(StationState.instantOfMicros(StationState.microsOf(before1970)))
        .isEqualTo(before1970);
  }

  private static StationState ofSystem(
      String system, String code, String postcode, int bikes, long t) {
    StationState s = new StationState(
        system + ":" + code, postcode, null, bikes, null, null, 10 - bikes, 10, t, t);
    s.setSystem(system);
    return s;
  }

  @Test
  void perSystemTotalsKeepTwoSystemsOfOneCityApartAndSumEachSystem() {
    TwoSteps steps = new TwoSteps(AreaGrouping.perSystem(
        io.citypulse.jobs.area.AreaKeySpec.POSTCODE, "citypulse-system-totals"));
    steps.offer(ofSystem("velib", "1", "75001", 3, 1L));
    steps.offer(ofSystem("velib", "2", "75002", 4, 1L));
    steps.offer(ofSystem("yego bordeaux", "1", "75001", 5, 1L));

    List<PostcodeAvailability> areas = steps.endBatch();

    assertThat(areas)
        .extracting(PostcodeAvailability::postcode, PostcodeAvailability::bikesAvailable)
        .as("75001 twice: one per system")
        .containsExactly(tuple("75001", 3L), tuple("75002", 4L), tuple("75001", 5L));
    assertThat(steps.systemTotals.get("velib").bikesAvailable()).isEqualTo(7);
    assertThat(steps.systemTotals.get("velib").stations()).isEqualTo(2);
    assertThat(steps.systemTotals.get("yego bordeaux").bikesAvailable()).isEqualTo(5);

    // a station moving within its system changes two areas and its system's total once
    steps.offer(ofSystem("velib", "1", "75002", 6, 2L));
    steps.endBatch();
    assertThat(steps.systemTotals.get("velib").bikesAvailable()).isEqualTo(10);
    assertThat(steps.systemTotals.get("velib").stations()).isEqualTo(2);
  }

  @Test
  void withCellsAStationWithoutAPostcodeIsKeyedByTheH3CellOfItsPlace() {
    AreaGrouping cells = new AreaGrouping(io.citypulse.jobs.area.AreaKeySpec.cell(7), null);

    assertThat(cells.areaOf("75001", 48.86, 2.34)).as("a known postcode wins").isEqualTo("75001");
    String cell = cells.areaOf("UNKNOWN", 41.88, -87.63);
    assertThat(io.citypulse.jobs.area.GeoCell.isCell(cell)).as(cell).isTrue();
    assertThat(io.citypulse.jobs.area.GeoCell.resolution(cell)).isEqualTo(7);
    assertThat(cells.areaOf(null, 41.88, -87.63)).isEqualTo(cell);
    assertThat(cells.areaOf(null, null, -87.63)).as("no place: unknown").isEqualTo("UNKNOWN");
    assertThat(cells.areaOf(null, 95.0, 0.0)).as("off the globe: unknown").isEqualTo("UNKNOWN");
    assertThat(AreaGrouping.POSTCODES.areaOf(null, 41.88, -87.63))
        .as("postcodes only: today's rule")
        .isEqualTo("UNKNOWN");
  }
}
