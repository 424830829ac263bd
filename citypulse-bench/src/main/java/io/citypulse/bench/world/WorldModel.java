package io.citypulse.bench.world;

import com.uber.h3core.H3Core;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.sources.synthetic.SyntheticWorld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The totals a correct pipeline must end with on a world written by {@code citypulse sample-feed
 * --systems N --seed S --minutes M}, summed from the generator's own model ({@link SyntheticWorld}
 * and {@link SyntheticNetwork}, the objects the feed files are rendered from), not from the files:
 * nothing of the pipeline's parsing, ingest or Spark code is used, so a bug there cannot hide in
 * the expected side.
 *
 * <p>The pipeline's documented rules it applies (README "Every system of a catalogue", "Record
 * schemas"; {@code io.citypulse.jobs.availability} package Javadoc; {@code AreaGrouping}):
 *
 * <ul>
 *   <li>A system whose catalogue row names an authentication type ({@link
 *       SyntheticWorld.SystemSpec#authentication()}: one in 50) is never polled: no total for it.
 *   <li>Every station of a polled system counts once, whatever its flags (installed, renting):
 *       "every station of the latest state counts, installed or not".
 *   <li>{@code bikes_available} = the station's mechanical + e-bikes, {@code docks_available} =
 *       its free docks, {@code capacity} its capacity, as every dialect renders them.
 *   <li>The split: GBFS 1.1 feeds count bikes only (no vehicle types before 2.1), so their
 *       stations give neither kind: {@code mechanical} and {@code ebike} are null (unknown, not 0)
 *       and their bikes are {@code untyped_bikes}. Every other dialect gives both kinds by name
 *       (GBFS 2.2+ {@code vehicle_types_available} by propulsion, Vélib' by key): untyped 0.
 *   <li>The area ({@code aggregate.area = cell:R}, no geocoder, and world stations carry no
 *       postcode): the H3 cell of resolution R holding the station's latitude/longitude, computed
 *       here with H3 itself; the per-area key is {@code system:cell}.
 * </ul>
 *
 * <p>{@code sample-feed} generates every system from its fixed epoch in ticks of 10 s and writes
 * the state {@code --minutes} later; the same seed, system count and minutes give the same state
 * here (a world of 20 systems is the first 20 of a larger one).
 */
public final class WorldModel {
  /** {@code SampleFeedCommand.EPOCH} (citypulse-app): the instant every written world starts at. */
  public static final Instant EPOCH = Instant.parse("2026-01-05T06:00:00Z");

  /** {@code sample-feed}'s simulated time between two rounds of bike moves. */
  public static final Duration TICK = Duration.ofSeconds(10);

  /** No per-area totals (the areas are not H3 cells, or not checked). */
  public static final int NO_CELLS = -1;

  private final int minutes;
  private final Map<String, Totals> systems;
  private final Map<String, Totals> areas;
  private final List<String> needCredentials;
  private final long worldStations;

  private WorldModel(
      int minutes,
      Map<String, Totals> systems,
      Map<String, Totals> areas,
      List<String> needCredentials,
      long worldStations) {
    this.minutes = minutes;
    this.systems = Collections.unmodifiableMap(systems);
    this.areas = Collections.unmodifiableMap(areas);
    this.needCredentials = List.copyOf(needCredentials);
    this.worldStations = worldStations;
  }

  /**
   * The expected totals of the world {@code sample-feed --systems systemCount --seed seed --minutes
   * minutes} writes.
   *
   * @param cellResolution the H3 resolution of {@code aggregate.area = cell:R}, or {@link
   *     #NO_CELLS} to compute no per-area totals
   */
  public static WorldModel of(long seed, int systemCount, int minutes, int cellResolution) {
    H3Core h3 = cellResolution == NO_CELLS ? null : h3();
    Map<String, Totals> systems = new TreeMap<>();
    Map<String, Totals> areas = new TreeMap<>();
    List<String> needCredentials = new ArrayList<>();
    long worldStations = 0;
    Instant now = EPOCH.plus(Duration.ofMinutes(minutes));
    for (SyntheticWorld.SystemSpec spec : new SyntheticWorld(seed, systemCount).systems()) {
      worldStations += spec.stationCount();
      if (spec.authentication()) {
        needCredentials.add(spec.systemId());
        continue;
      }
      SyntheticNetwork network = SyntheticWorld.network(spec, EPOCH, TICK);
      network.advanceTo(now);
      Totals system = Totals.ZERO;
      for (SyntheticNetwork.Station station : network.stations()) {
        Totals share = share(spec.dialect(), station);
        system = system.plus(share);
        if (h3 != null) {
          String key = spec.systemId() + ":"
              + h3.latLngToCellAddress(station.lat(), station.lon(), cellResolution);
          areas.merge(key, share, Totals::plus);
        }
      }
      systems.put(spec.systemId(), system);
    }
    return new WorldModel(minutes, systems, areas, needCredentials, worldStations);
  }

  /**
   * Stations of the polled systems whose published state differs between two states of the world
   * (bikes, flags or {@code last_reported}): the pipeline publishes a station when one of those
   * changed, so after a rewrite from {@code fromMinutes} to {@code toMinutes} it publishes exactly
   * this many records. Bikes only move within a system, so this is what shows the change through
   * a per-system or grand total, which it leaves equal.
   */
  public static long changedStations(long seed, int systemCount, int fromMinutes, int toMinutes) {
    long changed = 0;
    for (SyntheticWorld.SystemSpec spec : new SyntheticWorld(seed, systemCount).systems()) {
      if (spec.authentication()) {
        continue;
      }
      SyntheticNetwork from = SyntheticWorld.network(spec, EPOCH, TICK);
      from.advanceTo(EPOCH.plus(Duration.ofMinutes(fromMinutes)));
      SyntheticNetwork to = SyntheticWorld.network(spec, EPOCH, TICK);
      to.advanceTo(EPOCH.plus(Duration.ofMinutes(toMinutes)));
      List<SyntheticNetwork.Station> before = from.stations();
      List<SyntheticNetwork.Station> after = to.stations();
      for (int i = 0; i < before.size(); i++) {
        SyntheticNetwork.Station a = before.get(i);
        SyntheticNetwork.Station b = after.get(i);
        if (a.mechanical() != b.mechanical()
            || a.ebike() != b.ebike()
            || a.renting() != b.renting()
            || a.lastReported() != b.lastReported()) {
          changed++;
        }
      }
    }
    return changed;
  }

  /** What one station's record adds to its area's and its system's totals (see the class rules). */
  static Totals share(SyntheticWorld.Dialect dialect, SyntheticNetwork.Station station) {
    long bikes = station.mechanical() + station.ebike();
    if (dialect == SyntheticWorld.Dialect.GBFS_1_1) {
      return new Totals(1, bikes, null, null, station.docks(), station.capacity(), bikes);
    }
    return new Totals(
        1,
        bikes,
        (long) station.mechanical(),
        (long) station.ebike(),
        station.docks(),
        station.capacity(),
        0L);
  }

  private static H3Core h3() {
    try {
      return H3Core.newInstance();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load H3's native library", e);
    }
  }

  /** Simulated minutes after the first state. */
  public int minutes() {
    return minutes;
  }

  /** Expected totals of every polled system, by system id. */
  public Map<String, Totals> systems() {
    return systems;
  }

  /** Expected totals by {@code system:cell}; empty without a cell resolution. */
  public Map<String, Totals> areas() {
    return areas;
  }

  /** The systems set aside because their catalogue row asks for credentials. */
  public List<String> needCredentials() {
    return needCredentials;
  }

  /** Stations of every system of the world, polled or not (what {@code sample-feed} prints). */
  public long worldStations() {
    return worldStations;
  }

  /** The sum over every polled system. */
  public Totals total() {
    return systems.values().stream().reduce(Totals.ZERO, Totals::plus);
  }
}
