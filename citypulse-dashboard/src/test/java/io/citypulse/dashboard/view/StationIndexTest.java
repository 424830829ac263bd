package io.citypulse.dashboard.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.citypulse.model.StationRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The index against a naive reference computed from the same records: the stations or clusters of
 * a view (cells of the cluster level that meet the box, with all their stations), before and after
 * stations change, move or appear, at coarse and fine levels, for all systems and for one.
 */
class StationIndexTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private final Map<String, StationRecord> held = new LinkedHashMap<>();

  @Test
  void aViewWithFewStationsListsTheirKeysSorted() {
    StationIndex index = new StationIndex(10);
    put(index, station("velib", "2", 48.86, 2.35, 3, 7));
    put(index, station("velib", "1", 48.87, 2.34, 0, 10));
    put(index, station("velib", "far", 45.76, 4.84, 1, 1));

    ViewContent paris = index.query(new Viewport(2.2, 48.8, 2.5, 48.9, 12, null));

    assertThat(paris.clustered()).isFalse();
    assertThat(paris.stationsInView()).isEqualTo(2);
    assertThat(paris.stationKeys()).containsExactly("velib:1", "velib:2");
    assertThat(paris.level()).isEqualTo(14);
  }

  @Test
  void aViewOverTheThresholdIsClusteredPerCellWithSums() {
    StationIndex index = new StationIndex(2);
    put(index, station("velib", "1", 48.86, 2.35, 3, 7));
    put(index, station("velib", "2", 48.861, 2.351, 0, 10));
    put(index, station("velib", "3", 45.76, 4.84, 5, 0));

    ViewContent france = index.query(new Viewport(-5, 42, 8, 51, 5, null));

    assertThat(france.clustered()).isTrue();
    assertThat(france.stationsInView()).isEqualTo(3);
    assertThat(france.level()).isEqualTo(7);
    assertThat(france.clusters()).hasSize(2);
    Cluster paris = france.clusters().get(0);
    assertThat(paris.id()).isEqualTo("7/64/44");
    assertThat(paris.stations()).isEqualTo(2);
    assertThat(paris.bikesAvailable()).isEqualTo(3);
    assertThat(paris.docksAvailable()).isEqualTo(17);
    assertThat(paris.empty()).isEqualTo(1);
    assertThat(paris.full()).isZero();
    assertThat(paris.lat()).isCloseTo(48.8605, within(1e-3));
    assertThat(paris.lon()).isCloseTo(2.3505, within(1e-3));
    assertThat(paris.bbox()[0]).isLessThan(2.35);
    assertThat(paris.bbox()[2]).isGreaterThan(2.351);
    Cluster lyon = france.clusters().get(1);
    assertThat(lyon.stations()).isEqualTo(1);
    assertThat(lyon.full()).isEqualTo(1);
  }

  @Test
  void clustersMatchTheNaiveSumsAtEveryScaleBeforeAndAfterChanges() {
    Random random = new Random(7);
    StationIndex index = new StationIndex(50);
    List<String> systems = List.of("a", "b", "c");
    for (int i = 0; i < 3000; i++) {
      put(index, randomStation(random, systems.get(i % 3), "s" + i));
    }
    checkManyViews(index, random);

    // Counts change, stations move (some across the world, some a few metres), new ones appear,
    // some lose their coordinates.
    List<String> codes = new ArrayList<>(held.keySet());
    for (int i = 0; i < 2000; i++) {
      StationRecord old = held.get(codes.get(random.nextInt(codes.size())));
      StationRecord changed = switch (i % 4) {
        case 0 -> randomStation(random, old.system(), old.stationCode());
        case 1 ->
          withPosition(
              old,
              old.lat() == null ? 10.0 : old.lat() + 0.0001,
              old.lon() == null ? 10.0 : old.lon());
        case 2 -> withPosition(old, null, null);
        default ->
          station(
              old.system(),
              old.stationCode(),
              old.lat() == null ? 0.0 : old.lat(),
              old.lon() == null ? 0.0 : old.lon(),
              random.nextInt(5),
              random.nextInt(3));
      };
      put(index, changed);
    }
    for (int i = 0; i < 200; i++) {
      put(index, randomStation(random, "d", "new" + i));
    }
    checkManyViews(index, random);
  }

  @Test
  void aSystemsViewHoldsOnlyItsStations() {
    StationIndex index = new StationIndex(1);
    put(index, station("a", "1", 48.86, 2.35, 3, 7));
    put(index, station("a", "2", 48.87, 2.36, 1, 7));
    put(index, station("b", "1", 48.86, 2.35, 5, 5));

    Viewport paris = new Viewport(2.2, 48.8, 2.5, 48.9, 8, "b");
    ViewContent b = index.query(paris);
    ViewContent a = index.query(paris.withSystem("a"));

    assertThat(b.stationKeys()).containsExactly("b:1");
    assertThat(a.clustered()).isTrue();
    assertThat(a.clusters()).extracting(Cluster::stations).containsExactly(2);
    assertThat(index.query(paris.withSystem("nope")).stationsInView()).isZero();
  }

  @Test
  void systemTotalsSumTheirStationsAndKeepAnUnknownSplitUnknown() {
    StationIndex index = new StationIndex();
    put(index, station("a", "1", 48.86, 2.35, 3, 7));
    put(index, station("a", "2", 48.87, 2.36, 0, 0));
    put(index, untyped("b", "1", 40.7, -74.0, 12));
    put(index, withPosition(station("b", "2", 0, 0, 1, 1), null, null));

    List<SystemTotals> systems = index.systems();

    assertThat(systems).extracting(SystemTotals::system).containsExactly("a", "b");
    SystemTotals a = systems.get(0);
    assertThat(a.stations()).isEqualTo(2);
    assertThat(a.bikesAvailable()).isEqualTo(3);
    assertThat(a.mechanical()).isEqualTo(3);
    assertThat(a.ebike()).isZero();
    assertThat(a.docksAvailable()).isEqualTo(7);
    assertThat(a.empty()).isEqualTo(1);
    assertThat(a.full()).isEqualTo(1);
    assertThat(a.bbox()[0]).isCloseTo(2.35, within(1e-9));
    assertThat(a.bbox()[1]).isCloseTo(48.86, within(1e-9));
    assertThat(a.bbox()[2]).isCloseTo(2.36, within(1e-9));
    assertThat(a.bbox()[3]).isCloseTo(48.87, within(1e-9));
    SystemTotals b = systems.get(1);
    assertThat(b.stations()).as("an unplaced station is counted").isEqualTo(2);
    assertThat(b.bikesAvailable()).isEqualTo(13);
    assertThat(b.mechanical()).as("one station of b gives a split").isEqualTo(1);
    assertThat(b.untypedBikes()).isEqualTo(12);

    // The untyped station alone: its system's split is unknown, not 0.
    put(index, untyped("b", "2", 40.71, -74.0, 2));
    SystemTotals unknown = index.systemsWithoutBounds(List.of("b", "missing")).get(0);
    assertThat(unknown.mechanical()).isNull();
    assertThat(unknown.ebike()).isNull();
    assertThat(unknown.untypedBikes()).isEqualTo(14);

    SystemTotals all = index.totals();
    assertThat(all.system()).isNull();
    assertThat(all.stations()).isEqualTo(4);
    assertThat(all.bikesAvailable()).isEqualTo(17);
    assertThat(all.mechanical()).isEqualTo(3);
    assertThat(all.bbox()[0]).isCloseTo(-74.0, within(1e-9));
    assertThat(all.bbox()[3]).isCloseTo(48.87, within(1e-9));
  }

  @Test
  void aWorldBoxWithADeepZoomGetsABoundedGridNotOneClusterPerStation() {
    Viewport silly = new Viewport(-180, -85, 180, 85, 22, null);
    int level = StationIndex.clusterLevel(silly);

    assertThat(level).isEqualTo(6);
    assertThat(StationIndex.clusterLevel(Viewport.world(0))).isEqualTo(2);
    assertThat(StationIndex.clusterLevel(new Viewport(2.2, 48.8, 2.5, 48.9, 12, null)))
        .isEqualTo(14);
  }

  @Test
  void placementTellsWhichViewsAStationShowsIn() {
    StationIndex index = new StationIndex();
    put(index, station("velib", "1", 48.86, 2.35, 3, 7));
    put(index, withPosition(station("velib", "2", 0, 0, 3, 7), null, null));
    Viewport paris = new Viewport(2.2, 48.8, 2.5, 48.9, 12, null);

    StationIndex.Placement placed = index.placement("velib:1").orElseThrow();
    assertThat(placed.in(paris)).isTrue();
    assertThat(placed.in(paris.withSystem("other"))).isFalse();
    assertThat(placed.in(new Viewport(4, 45, 5, 46, 12, null))).isFalse();
    assertThat(placed.cell(7)).isEqualTo("7/64/44");
    assertThat(index.placement("velib:2").orElseThrow().in(Viewport.world(0))).isFalse();
    assertThat(index.placement("velib:3")).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------

  private void checkManyViews(StationIndex index, Random random) {
    List<Viewport> views = new ArrayList<>();
    views.add(Viewport.world(0));
    views.add(Viewport.world(2));
    views.add(new Viewport(-30, 20, 40, 70, 4, null));
    views.add(new Viewport(-10, 40, 10, 55, 9, null));
    views.add(new Viewport(1, 47, 4, 50, 12, null));
    views.add(new Viewport(2.0, 48.5, 2.8, 49.2, 14, null));
    for (int i = 0; i < 40; i++) {
      double w = -180 + random.nextDouble() * 340;
      double s = -80 + random.nextDouble() * 150;
      double width = Math.pow(10, random.nextDouble() * 3 - 1);
      Viewport view = new Viewport(
          w,
          s,
          Math.min(180, w + width),
          Math.min(90, s + width * 0.7),
          random.nextInt(18),
          random.nextInt(3) == 0 ? "b" : null);
      views.add(view);
    }
    for (Viewport view : views) {
      ViewContent actual = index.query(view);
      ViewContent expected = naive(view, 50);
      assertThat(describe(actual)).as(view.toString()).isEqualTo(describe(expected));
      for (int i = 0; expected.clustered() && i < expected.clusters().size(); i++) {
        Cluster a = actual.clusters().get(i);
        Cluster e = expected.clusters().get(i);
        assertThat(a.lat()).as("%s %s", view, e.id()).isCloseTo(e.lat(), within(2e-6));
        assertThat(a.lon()).as("%s %s", view, e.id()).isCloseTo(e.lon(), within(2e-6));
      }
    }
    for (SystemTotals totals : index.systems()) {
      assertThat(totals.stations()).isEqualTo((int)
          held.values().stream().filter(r -> r.system().equals(totals.system())).count());
      assertThat(totals.bikesAvailable())
          .isEqualTo(held.values().stream()
              .filter(r -> r.system().equals(totals.system()))
              .mapToLong(StationRecord::bikesAvailable)
              .sum());
    }
  }

  /** The specification, station by station, with no bucket. */
  private ViewContent naive(Viewport view, int maxStations) {
    int level = StationIndex.clusterLevel(view);
    List<String> keys = new ArrayList<>();
    for (StationRecord r : held.values()) {
      if (view.shows(r.system())
          && r.lat() != null
          && view.contains(WebMercator.x(r.lon()), WebMercator.y(r.lat()))) {
        keys.add(r.key());
      }
    }
    if (keys.size() <= maxStations) {
      keys.sort(null);
      return new ViewContent(keys.size(), level, keys, null);
    }
    int minC = WebMercator.cell(level, view.minX());
    int maxC = WebMercator.cell(level, view.maxX());
    int minR = WebMercator.cell(level, view.minY());
    int maxR = WebMercator.cell(level, view.maxY());
    Map<Long, List<StationRecord>> cells = new TreeMap<>();
    for (StationRecord r : held.values()) {
      if (!view.shows(r.system()) || r.lat() == null) {
        continue;
      }
      int cx = WebMercator.cell(level, WebMercator.x(r.lon()));
      int cy = WebMercator.cell(level, WebMercator.y(r.lat()));
      if (cx >= minC && cx <= maxC && cy >= minR && cy <= maxR) {
        cells
            .computeIfAbsent(WebMercator.cellId(level, cx, cy), k -> new ArrayList<>())
            .add(r);
      }
    }
    List<Cluster> clusters = new ArrayList<>();
    cells.forEach((cell, records) -> {
      double sx = 0;
      double sy = 0;
      long bikes = 0;
      long docks = 0;
      int empty = 0;
      int full = 0;
      for (StationRecord r : records) {
        sx += WebMercator.x(r.lon());
        sy += WebMercator.y(r.lat());
        bikes += r.bikesAvailable();
        docks += r.docksAvailable();
        empty += r.bikesAvailable() == 0 ? 1 : 0;
        full += r.docksAvailable() == 0 ? 1 : 0;
      }
      Cluster c = new Cluster(
          Cluster.id(cell),
          WebMercator.rounded(WebMercator.lat(sy / records.size())),
          WebMercator.rounded(WebMercator.lon(sx / records.size())),
          records.size(),
          bikes,
          docks,
          empty,
          full,
          WebMercator.bounds(level, WebMercator.column(cell), WebMercator.row(cell)));
      clusters.add(c);
    });
    return new ViewContent(keys.size(), level, null, clusters);
  }

  private void put(StationIndex index, StationRecord record) {
    held.put(record.key(), record);
    index.put(record.key(), record);
  }

  private static StationRecord randomStation(Random random, String system, String code) {
    // Three quarters in a few dense cities, the rest anywhere: deep and shallow buckets both.
    double lat;
    double lon;
    if (random.nextInt(4) > 0) {
      double[][] cities = {{48.86, 2.35}, {40.71, -74.0}, {35.68, 139.69}, {-33.9, 18.4}};
      double[] city = cities[random.nextInt(cities.length)];
      lat = city[0] + random.nextGaussian() * 0.05;
      lon = city[1] + random.nextGaussian() * 0.05;
    } else {
      lat = -80 + random.nextDouble() * 160;
      lon = -180 + random.nextDouble() * 360;
    }
    return station(system, code, lat, lon, random.nextInt(20), random.nextInt(20));
  }

  static StationRecord station(
      String system, String code, double lat, double lon, int bikes, int docks) {
    return new StationRecord(
        system,
        code,
        "id-" + code,
        "Station " + code,
        lat,
        lon,
        bikes + docks,
        null,
        null,
        bikes,
        bikes,
        0,
        docks,
        true,
        true,
        true,
        T0,
        T0);
  }

  private static StationRecord untyped(
      String system, String code, double lat, double lon, int bikes) {
    return new StationRecord(
        system,
        code,
        "id-" + code,
        "Station " + code,
        lat,
        lon,
        20,
        null,
        null,
        bikes,
        null,
        null,
        20 - bikes,
        true,
        true,
        true,
        T0,
        T0);
  }

  private static StationRecord withPosition(StationRecord r, Double lat, Double lon) {
    return new StationRecord(
        r.system(),
        r.stationCode(),
        r.stationId(),
        r.name(),
        lat,
        lon,
        r.capacity(),
        r.postcode(),
        r.commune(),
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

  /**
   * A content as text, but for the centroids: sums added in another order may differ in the last
   * bits, so a rounding to 1e-6 may differ by one; they are compared with a tolerance.
   */
  private static String describe(ViewContent content) {
    StringBuilder text = new StringBuilder()
        .append(content.stationsInView())
        .append(" in view, level ")
        .append(content.level());
    if (!content.clustered()) {
      return text.append(", stations ").append(content.stationKeys()).toString();
    }
    for (Cluster c : content.clusters()) {
      text.append(String.format(
          java.util.Locale.ROOT,
          "%n%s %d stations %d bikes %d docks %d empty %d full in [%s %s %s %s]",
          c.id(),
          c.stations(),
          c.bikesAvailable(),
          c.docksAvailable(),
          c.empty(),
          c.full(),
          c.bbox()[0],
          c.bbox()[1],
          c.bbox()[2],
          c.bbox()[3]));
    }
    return text.toString();
  }
}
