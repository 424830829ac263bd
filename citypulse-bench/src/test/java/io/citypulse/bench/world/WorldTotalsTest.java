package io.citypulse.bench.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.bench.world.WorldTotals.Scope;
import org.junit.jupiter.api.Test;

class WorldTotalsTest {
  // sim-0001 (GBFS 2.3), sim-0002 (GBFS 3.0), sim-0003 (GBFS 2.3): see WorldModelTest.
  private static final WorldModel MODEL = WorldModel.of(42, 3, 0, 7);

  @Test
  void exactWhenTheLatestValueOfEveryKeyMatches() {
    WorldTotals totals = published(MODEL, 0);
    // An older, wrong value of a key was replaced by the right one: only the latest counts.
    WorldTotals withHistory = new WorldTotals();
    withHistory.system("sim-0001", json("sim-0001", new Totals(1, 2, 1L, 1L, 3, 5, 0L)), 0);
    publishInto(withHistory, MODEL, 1);

    for (WorldTotals t : new WorldTotals[] {totals, withHistory}) {
      WorldTotals.Check check = t.check(MODEL, Scope.SYSTEMS_AND_AREAS, WorldTotals.ANY_TIME);
      assertThat(check.exact()).isTrue();
      assertThat(check.mismatched()).isZero();
      assertThat(check.compared()).isEqualTo(1 + 3 + MODEL.areas().size());
    }
  }

  @Test
  void aDifferentTotalIsAMismatchNamingTheField() {
    WorldTotals totals = published(MODEL, 0);
    Totals right = MODEL.systems().get("sim-0002");
    totals.system("sim-0002", json("sim-0002", withBikes(right, right.bikesAvailable() + 1)), 1);

    WorldTotals.Check check = totals.check(MODEL, Scope.SYSTEMS, WorldTotals.ANY_TIME);
    assertThat(check.exact()).isFalse();
    assertThat(check.mismatched()).isEqualTo(1);
    assertThat(check.mismatches()).containsExactly("sim-0002: bikes_available 355 (expected 354)");
  }

  @Test
  void aMissingKeyAndAnUnexpectedOneAreMismatches() {
    WorldTotals totals = new WorldTotals();
    publishInto(totals, MODEL, 0);
    // Remove an area (tombstone) and add one nobody expects, e.g. a station keyed UNKNOWN.
    String area = MODEL.areas().keySet().iterator().next();
    totals.area(area, null, 1);
    totals.area("sim-0001:UNKNOWN", json("sim-0001", new Totals(1, 3, 2L, 1L, 4, 7, 0L)), 1);

    WorldTotals.Check check = totals.check(MODEL, Scope.SYSTEMS_AND_AREAS, WorldTotals.ANY_TIME);
    assertThat(check.exact()).isFalse();
    assertThat(check.mismatches())
        .contains("area " + area + ": missing", "area sim-0001:UNKNOWN: not expected (1 stations)");
    // The per-area records no longer add up to the world's total either.
    assertThat(check.mismatches().get(0)).startsWith("grand total");
    // An area reported empty (its stations left) is as good as absent.
    WorldTotals emptied = published(MODEL, 0);
    emptied.area("sim-0009:UNKNOWN", json("sim-0009", new Totals(0, 0, null, null, 0, 0, 0L)), 1);
    assertThat(
            emptied.check(MODEL, Scope.SYSTEMS_AND_AREAS, WorldTotals.ANY_TIME).exact())
        .isTrue();
  }

  @Test
  void aSystemThatIsNotPublishedIsMissing() {
    WorldTotals totals = published(MODEL, 0);
    totals.system("sim-0003", null, 1);
    WorldTotals.Check check = totals.check(MODEL, Scope.SYSTEMS, WorldTotals.ANY_TIME);
    assertThat(check.mismatches()).containsExactly("sim-0003: missing");
  }

  @Test
  void aGrandTotalOnlyCheckAddsUpTheAreasWhateverTheirKeys() {
    // An older build: no per-system topic, areas keyed without the system.
    WorldTotals totals = new WorldTotals();
    totals.area("UNKNOWN", json(null, MODEL.total()), 0);
    assertThat(totals.areasKeyedBySystem()).isFalse();
    assertThat(totals.check(MODEL, Scope.GRAND_TOTAL, WorldTotals.ANY_TIME).exact())
        .isTrue();

    totals.area("UNKNOWN", json(null, withBikes(MODEL.total(), 1)), 1);
    WorldTotals.Check check = totals.check(MODEL, Scope.GRAND_TOTAL, WorldTotals.ANY_TIME);
    assertThat(check.exact()).isFalse();
    assertThat(check.compared()).isEqualTo(1);
    assertThat(check.mismatches().get(0)).contains("bikes_available 1 (expected");
  }

  @Test
  void untypedBikesAreComparedOnlyWhenTheRecordHasThem() {
    WorldTotals totals = published(MODEL, 0);
    totals.system(
        "sim-0001",
        "{\"system\":\"sim-0001\",\"stations\":139,\"bikes_available\":2442,\"mechanical\":1361,"
            + "\"ebike\":1081,\"docks_available\":2932,\"capacity\":5374,"
            + "\"updated_at\":\"2026-01-05T06:00:00Z\"}",
        1);
    assertThat(totals.check(MODEL, Scope.SYSTEMS, WorldTotals.ANY_TIME).exact()).isTrue();
  }

  @Test
  void afterARestartEveryKeyMustBePublishedAgain() {
    WorldTotals totals = published(MODEL, 10);
    long relaunch = 20;
    WorldTotals.Check before = totals.check(MODEL, Scope.SYSTEMS, relaunch);
    assertThat(before.exact()).isFalse();
    assertThat(before.mismatched()).isZero();
    assertThat(before.notRefreshed()).isEqualTo(3);

    publishInto(totals, MODEL, 30);
    assertThat(totals.check(MODEL, Scope.SYSTEMS_AND_AREAS, relaunch).exact()).isTrue();
  }

  @Test
  void aWatchCountsEveryWrongRecordAndDoubleCounts() {
    WorldTotals totals = published(MODEL, 0);
    totals.watch(MODEL, Scope.SYSTEMS_AND_AREAS);
    publishInto(totals, MODEL, 1);
    Totals sim1 = MODEL.systems().get("sim-0001");
    // A station counted twice, then repaired: still a wrong result.
    totals.system("sim-0001", json("sim-0001", withStations(sim1, sim1.stations() + 1)), 2);
    totals.system("sim-0001", json("sim-0001", sim1), 3);
    totals.system("sim-0042", json("sim-0042", sim1), 3);
    WorldTotals.WatchResult watched = totals.stopWatching();

    assertThat(watched.checked()).isEqualTo(3 + MODEL.areas().size() + 3);
    assertThat(watched.wrong()).isEqualTo(2);
    assertThat(watched.exceeding()).isEqualTo(2);
    assertThat(watched.examples())
        .containsExactly("sim-0001: stations 140 (expected 139)", "sim-0042: not expected");
    // Not watching any more.
    totals.system("sim-0001", json("sim-0001", withStations(sim1, 1)), 4);
    assertThat(totals.stopWatching().checked()).isZero();
  }

  @Test
  void withoutPerAreaExpectationsAWatchHoldsEachAreaToItsValueWhenItStarted() {
    // An older build: one area record per key, not keyed by system, no per-system totals.
    WorldTotals totals = new WorldTotals();
    totals.area("UNKNOWN", json(null, MODEL.total()), 0);
    totals.watch(MODEL, Scope.GRAND_TOTAL);
    totals.area("UNKNOWN", json(null, MODEL.total()), 1);
    totals.area("UNKNOWN", json(null, withStations(MODEL.total(), 400)), 2);
    WorldTotals.WatchResult watched = totals.stopWatching();

    assertThat(watched.checked()).isEqualTo(2);
    assertThat(watched.wrong()).isEqualTo(1);
    assertThat(watched.exceeding()).isEqualTo(1);
    assertThat(watched.examples()).containsExactly("UNKNOWN: stations 400 (expected 367)");
  }

  private static WorldTotals published(WorldModel model, long at) {
    WorldTotals totals = new WorldTotals();
    publishInto(totals, model, at);
    return totals;
  }

  private static void publishInto(WorldTotals totals, WorldModel model, long at) {
    model.systems().forEach((system, t) -> totals.system(system, json(system, t), at));
    model.areas().forEach((key, t) -> totals.area(key, json(key.split(":")[0], t), at));
  }

  private static Totals withBikes(Totals t, long bikes) {
    return new Totals(
        t.stations(),
        bikes,
        t.mechanical(),
        t.ebike(),
        t.docksAvailable(),
        t.capacity(),
        t.untypedBikes());
  }

  private static Totals withStations(Totals t, long stations) {
    return new Totals(
        stations,
        t.bikesAvailable(),
        t.mechanical(),
        t.ebike(),
        t.docksAvailable(),
        t.capacity(),
        t.untypedBikes());
  }

  /** A record as the job writes it (field names of PostcodeAvailability / SystemTotals). */
  private static String json(String system, Totals t) {
    return "{\"system\":" + (system == null ? "null" : "\"" + system + "\"")
        + ",\"stations\":" + t.stations()
        + ",\"bikes_available\":" + t.bikesAvailable()
        + ",\"mechanical\":" + t.mechanical()
        + ",\"ebike\":" + t.ebike()
        + ",\"docks_available\":" + t.docksAvailable()
        + ",\"capacity\":" + t.capacity()
        + ",\"updated_at\":\"2026-01-05T06:00:00Z\""
        + ",\"untyped_bikes\":" + t.untypedBikes() + "}";
  }
}
