package io.citypulse.app.it;

import io.citypulse.model.StationRecord;
import io.citypulse.sources.synthetic.SyntheticWorld;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Station states of a generated world, for feeding the dashboard directly (no feed, no Spark):
 * the systems of {@link SyntheticWorld} (their ids, sizes, places and spreads) with stations drawn
 * here around a few districts per system, and counts that change on demand.
 */
final class WorldStations {
  private final List<StationRecord> stations = new ArrayList<>();
  private final Random random;
  private final int systemCount;

  /** The stations of the first {@code systems} systems of the world of {@code seed}, at {@code at}. */
  WorldStations(long seed, int systems, Instant at) {
    this.random = new Random(seed);
    List<SyntheticWorld.SystemSpec> specs = new SyntheticWorld(seed, systems).systems();
    this.systemCount = specs.size();
    for (SyntheticWorld.SystemSpec spec : specs) {
      Random places = new Random(spec.seed());
      int districts = Math.max(1, spec.stationCount() / 40);
      double[][] centres = new double[districts][];
      for (int d = 0; d < districts; d++) {
        centres[d] = new double[] {
          spec.lat() + (places.nextDouble() * 2 - 1) * spec.halfWidth() * 0.7,
          spec.lon() + (places.nextDouble() * 2 - 1) * spec.halfWidth() * 0.7
        };
      }
      for (int i = 0; i < spec.stationCount(); i++) {
        double[] centre = centres[places.nextInt(districts)];
        double lat = clamp(
            centre[0] + places.nextGaussian() * spec.halfWidth() / 4, spec.lat(), spec.halfWidth());
        double lon = clamp(
            centre[1] + places.nextGaussian() * spec.halfWidth() / 4, spec.lon(), spec.halfWidth());
        int capacity = 10 + places.nextInt(30);
        stations.add(state(
            spec.systemId(),
            "s" + i,
            spec.name() + " " + i,
            lat,
            lon,
            capacity,
            places.nextInt(capacity + 1),
            at));
      }
    }
  }

  List<StationRecord> all() {
    return stations;
  }

  int systems() {
    return systemCount;
  }

  /** A later state of a random station: other counts, same place, reported at {@code at}. */
  StationRecord changeOne(Instant at) {
    StationRecord held = stations.get(random.nextInt(stations.size()));
    StationRecord changed = state(
        held.system(),
        held.stationCode(),
        held.name(),
        held.lat(),
        held.lon(),
        held.capacity(),
        random.nextInt(held.capacity() + 1),
        at);
    return changed;
  }

  private static StationRecord state(
      String system,
      String code,
      String name,
      double lat,
      double lon,
      int capacity,
      int bikes,
      Instant at) {
    int ebike = bikes / 3;
    return new StationRecord(
        system,
        code,
        code,
        name,
        lat,
        lon,
        capacity,
        null,
        null,
        bikes,
        bikes - ebike,
        ebike,
        capacity - bikes,
        true,
        true,
        true,
        at,
        at);
  }

  private static double clamp(double value, double centre, double halfWidth) {
    return Math.max(centre - halfWidth, Math.min(centre + halfWidth, value));
  }
}
