package io.citypulse.bench.world;

import static org.assertj.core.api.Assertions.assertThat;

import com.uber.h3core.H3Core;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.sources.synthetic.SyntheticWorld;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorldModelTest {

  /**
   * The first three systems of seed 42: what a real {@code run --systems} of that world (20
   * systems, cell:7) published on citypulse-system-totals and velib-projet-final-data, read with
   * {@code citypulse tail}. sim-0001 and sim-0003 are GBFS 2.3, sim-0002 GBFS 3.0.
   */
  @Test
  void aTinyWorldsTotalsAreWhatThePipelinePublishedForIt() {
    WorldModel model = WorldModel.of(42, 3, 0, 7);

    assertThat(model.systems()).containsOnlyKeys("sim-0001", "sim-0002", "sim-0003");
    assertThat(model.systems().get("sim-0001"))
        .isEqualTo(new Totals(139, 2442, 1361L, 1081L, 2932, 5374, 0L));
    assertThat(model.systems().get("sim-0002"))
        .isEqualTo(new Totals(24, 354, 204L, 150L, 497, 851, 0L));
    assertThat(model.systems().get("sim-0003"))
        .isEqualTo(new Totals(204, 3371, 1809L, 1562L, 4132, 7503, 0L));
    assertThat(model.areas().get("sim-0001:87391c751ffffff"))
        .isEqualTo(new Totals(1, 23, 12L, 11L, 29, 52, 0L));
    assertThat(model.areas().get("sim-0001:87391c629ffffff"))
        .isEqualTo(new Totals(7, 126, 73L, 53L, 156, 282, 0L));
    assertThat(model.needCredentials()).isEmpty();
    assertThat(model.worldStations()).isEqualTo(139 + 24 + 204);
  }

  @Test
  void systemTotalsAreSumsOverTheGeneratorsStationsAndAreasAddUpToThem() throws Exception {
    WorldModel model = WorldModel.of(42, 3, 0, 7);
    H3Core h3 = H3Core.newInstance();
    for (SyntheticWorld.SystemSpec spec : new SyntheticWorld(42, 3).systems()) {
      SyntheticNetwork network =
          SyntheticWorld.network(spec, WorldModel.EPOCH, Duration.ofSeconds(10));
      long bikes = 0;
      long mechanical = 0;
      long ebike = 0;
      long docks = 0;
      long capacity = 0;
      for (SyntheticNetwork.Station s : network.stations()) {
        bikes += s.mechanical() + s.ebike();
        mechanical += s.mechanical();
        ebike += s.ebike();
        docks += s.docks();
        capacity += s.capacity();
        assertThat(model.areas())
            .containsKey(spec.systemId() + ":" + h3.latLngToCellAddress(s.lat(), s.lon(), 7));
      }
      assertThat(bikes + docks).isEqualTo(capacity);
      assertThat(model.systems().get(spec.systemId()))
          .isEqualTo(
              new Totals(spec.stationCount(), bikes, mechanical, ebike, docks, capacity, 0L));
      Totals areasOfSystem = model.areas().entrySet().stream()
          .filter(e -> e.getKey().startsWith(spec.systemId() + ":"))
          .map(Map.Entry::getValue)
          .reduce(Totals.ZERO, Totals::plus);
      assertThat(areasOfSystem).isEqualTo(model.systems().get(spec.systemId()));
    }
  }

  @Test
  void gbfs11SystemsGiveNoSplitTheirBikesAreUntyped() {
    // sim-0004 is the cycle's first GBFS 1.1 system; the pipeline published
    // {"stations":23,"bikes_available":479,"mechanical":null,"ebike":null,"docks_available":445,
    //  "capacity":924,"untyped_bikes":479} for it.
    WorldModel model = WorldModel.of(42, 4, 0, WorldModel.NO_CELLS);

    assertThat(model.systems().get("sim-0004"))
        .isEqualTo(new Totals(23, 479, null, null, 445, 924, 479L));
    assertThat(model.areas()).isEmpty();
    // The world's total: the split sums the systems giving it, the untyped bikes the others.
    assertThat(model.total().mechanical()).isEqualTo(1361L + 204 + 1809);
    assertThat(model.total().untypedBikes()).isEqualTo(479L);
  }

  @Test
  void systemsNeedingCredentialsAreNotExpected() {
    WorldModel model = WorldModel.of(42, 12, 0, WorldModel.NO_CELLS);

    assertThat(model.needCredentials()).containsExactly("sim-0011");
    assertThat(model.systems()).hasSize(11).doesNotContainKey("sim-0011");
    long polled = model.systems().values().stream().mapToLong(Totals::stations).sum();
    assertThat(model.worldStations()).isGreaterThan(polled);
  }

  @Test
  void changedStationsAreThoseWhoseBikesFlagsOrLastReportedMoved() {
    long changed = 0;
    long stations = 0;
    for (SyntheticWorld.SystemSpec spec : new SyntheticWorld(42, 3).systems()) {
      SyntheticNetwork before =
          SyntheticWorld.network(spec, WorldModel.EPOCH, Duration.ofSeconds(10));
      SyntheticNetwork after =
          SyntheticWorld.network(spec, WorldModel.EPOCH, Duration.ofSeconds(10));
      after.advanceTo(WorldModel.EPOCH.plus(Duration.ofMinutes(5)));
      for (int i = 0; i < before.stations().size(); i++) {
        stations++;
        if (before.stations().get(i).lastReported() != after.stations().get(i).lastReported()) {
          changed++;
        }
      }
    }
    // Every move stamps both stations (and a renting flip its one): last_reported tells them.
    assertThat(WorldModel.changedStations(42, 3, 0, 5)).isEqualTo(changed);
    assertThat(changed).isBetween(1L, stations - 1);
    assertThat(WorldModel.changedStations(42, 3, 5, 5)).isZero();
    // A system needing credentials is not polled: its stations are not counted.
    assertThat(WorldModel.changedStations(42, 11, 0, 60))
        .isLessThanOrEqualTo(
            WorldModel.of(42, 11, 0, WorldModel.NO_CELLS).total().stations());
  }

  @Test
  void laterMinutesMoveBikesNotStations() {
    WorldModel first = WorldModel.of(42, 3, 0, 7);
    WorldModel later = WorldModel.of(42, 3, 60, 7);

    assertThat(later.minutes()).isEqualTo(60);
    assertThat(later.areas().keySet()).isEqualTo(first.areas().keySet());
    for (String system : first.systems().keySet()) {
      Totals a = first.systems().get(system);
      Totals b = later.systems().get(system);
      assertThat(b.stations()).isEqualTo(a.stations());
      assertThat(b.capacity()).isEqualTo(a.capacity());
      assertThat(b.bikesAvailable() + b.docksAvailable()).isEqualTo(b.capacity());
      // Bikes move within their system: its total does not change, its areas' do.
      assertThat(b).isEqualTo(a);
    }
    assertThat(later.areas()).isNotEqualTo(first.areas());
  }
}
