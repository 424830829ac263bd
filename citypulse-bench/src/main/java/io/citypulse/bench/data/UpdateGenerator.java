package io.citypulse.bench.data;

import io.citypulse.model.StationRecord;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic stream of station records for the benchmarks: first one record per station (the
 * initial snapshot), then updates of random stations whose counts move plausibly within capacity.
 *
 * <p>Fresh records have a strictly increasing {@code last_reported} per station and a strictly
 * increasing {@code fetched_at} overall (1 ms apart, microsecond precision, which is what Spark
 * keeps). A share of the updates ({@code staleFraction}) must be ignored by any correct engine:
 * exact duplicates of the station's latest record, re-sends of its previous record, and late
 * polls (a new {@code fetched_at} but an older {@code last_reported}).
 */
public final class UpdateGenerator {

  /** What a generated record is; only FRESH records change a station's state. */
  public enum Kind {
    FRESH,
    DUPLICATE,
    RESEND,
    LATE
  }

  private static final long FETCH_STEP_MICROS = 1_000;

  private final StationCatalog catalog;
  private final Random random;
  private final double staleFraction;
  private final int[] mechanical;
  private final int[] ebike;
  private final boolean[] renting;
  private final long[] lastReported;
  private final StationRecord[] latest;
  private final StationRecord[] previous;
  private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);
  private long nextFetchedMicros;
  private int snapshotDone;
  private Kind lastKind;

  /**
   * @param start {@code fetched_at} of the first record and {@code last_reported} of the snapshot
   * @param staleFraction share of the updates (after the snapshot) that are stale, 0-1
   */
  public UpdateGenerator(StationCatalog catalog, long seed, Instant start, double staleFraction) {
    if (staleFraction < 0 || staleFraction > 1) {
      throw new IllegalArgumentException("staleFraction must be within 0-1, got " + staleFraction);
    }
    this.catalog = catalog;
    this.random = new Random(seed);
    this.staleFraction = staleFraction;
    int n = catalog.size();
    mechanical = new int[n];
    ebike = new int[n];
    renting = new boolean[n];
    lastReported = new long[n];
    latest = new StationRecord[n];
    previous = new StationRecord[n];
    for (int i = 0; i < n; i++) {
      StationCatalog.Station s = catalog.stations().get(i);
      mechanical[i] = s.mechanical();
      ebike[i] = s.ebike();
      renting[i] = true;
      lastReported[i] = start.getEpochSecond();
    }
    nextFetchedMicros = start.getEpochSecond() * 1_000_000L + start.getNano() / 1_000;
    for (Kind kind : Kind.values()) {
      counts.put(kind, 0L);
    }
  }

  /** The next record of the stream. */
  public StationRecord next() {
    if (snapshotDone < catalog.size()) {
      int station = snapshotDone++;
      return fresh(station, lastReported[station], nextFetchedAt());
    }
    int station = random.nextInt(catalog.size());
    if (random.nextDouble() < staleFraction) {
      return stale(station);
    }
    moveBikes(station);
    lastReported[station] += 1 + random.nextInt(120);
    return fresh(station, lastReported[station], nextFetchedAt());
  }

  /**
   * A fresh update of a random station fetched at {@code fetchedAt} (for live feeding at a fixed
   * rate): {@code last_reported} is the later of the station's previous one and {@code fetchedAt},
   * so the record is newer as long as callers pass strictly increasing instants.
   */
  public StationRecord liveUpdate(Instant fetchedAt) {
    int station = random.nextInt(catalog.size());
    moveBikes(station);
    lastReported[station] = Math.max(lastReported[station], fetchedAt.getEpochSecond());
    return fresh(station, lastReported[station], fetchedAt);
  }

  /** The kind of the record last returned. */
  public Kind lastKind() {
    return lastKind;
  }

  /** How many records of a kind were generated so far. */
  public long count(Kind kind) {
    return counts.get(kind);
  }

  private StationRecord stale(int station) {
    StationRecord current = latest[station];
    int pick = random.nextInt(3);
    if (pick == 0 || (pick == 1 && previous[station] == null)) {
      return emit(Kind.DUPLICATE, current);
    }
    if (pick == 1) {
      return emit(Kind.RESEND, previous[station]);
    }
    // A poll that came back with an older station state (e.g. a lagging CDN node).
    StationCatalog.Station s = catalog.stations().get(station);
    int bikes = random.nextInt(s.capacity() + 1);
    int e = random.nextInt(bikes + 1);
    long olderReported = lastReported[station] - 1 - random.nextInt(60);
    return emit(
        Kind.LATE, record(s, bikes - e, e, renting[station], olderReported, nextFetchedAt()));
  }

  private StationRecord fresh(int station, long reportedSecond, Instant fetchedAt) {
    StationRecord record = record(
        catalog.stations().get(station),
        mechanical[station],
        ebike[station],
        renting[station],
        reportedSecond,
        fetchedAt);
    previous[station] = latest[station];
    latest[station] = record;
    return emit(Kind.FRESH, record);
  }

  private StationRecord emit(Kind kind, StationRecord record) {
    lastKind = kind;
    counts.merge(kind, 1L, Long::sum);
    return record;
  }

  /** Up to three bikes leave or arrive, never beyond 0 or capacity; now and then renting flips. */
  private void moveBikes(int station) {
    int capacity = catalog.stations().get(station).capacity();
    BikeMoves.move(random, capacity, mechanical, ebike, station);
    if (random.nextInt(100) == 0) {
      renting[station] = !renting[station];
    }
  }

  private Instant nextFetchedAt() {
    long micros = nextFetchedMicros;
    nextFetchedMicros += FETCH_STEP_MICROS;
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  private static StationRecord record(
      StationCatalog.Station s,
      int mech,
      int elec,
      boolean renting,
      long reportedSecond,
      Instant fetchedAt) {
    int bikes = mech + elec;
    return new StationRecord(
        StationCatalog.SYSTEM,
        s.stationCode(),
        s.stationId(),
        s.name(),
        s.lat(),
        s.lon(),
        s.capacity(),
        s.postcode(),
        s.commune(),
        bikes,
        mech,
        elec,
        s.capacity() - bikes,
        true,
        renting,
        true,
        Instant.ofEpochSecond(reportedSecond),
        fetchedAt);
  }
}
