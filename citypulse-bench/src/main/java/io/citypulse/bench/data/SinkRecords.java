package io.citypulse.bench.data;

import io.citypulse.model.StationRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * Deterministic input of the sinks benchmark: every station in turn, round after round, as a
 * poller publishes a whole feed each minute. Every record is a new state of its station: its
 * {@code last_reported} is later than the station's previous one, so each of the N records is one
 * row of {@code station_history} (keyed by station and {@code last_reported}) and one Parquet row
 * (the Parquet job leaves out only repeats of a station's last state).
 */
public final class SinkRecords {

  /** Time between two rounds (two states of the same station). */
  public static final Duration ROUND = Duration.ofMinutes(1);

  private final StationCatalog catalog;
  private final Instant start;
  private final Random random;
  private final int[] mechanical;
  private final int[] ebike;
  private long produced;

  /** @param start {@code last_reported} of the first round's first station */
  public SinkRecords(StationCatalog catalog, long seed, Instant start) {
    if (catalog.size() == 0) {
      throw new IllegalArgumentException("the catalog has no station");
    }
    this.catalog = catalog;
    this.start = start;
    this.random = new Random(seed);
    int n = catalog.size();
    mechanical = new int[n];
    ebike = new int[n];
    for (int i = 0; i < n; i++) {
      mechanical[i] = catalog.stations().get(i).mechanical();
      ebike[i] = catalog.stations().get(i).ebike();
    }
  }

  /** Rounds needed for {@code records} records: 300,000 over 1,500 stations is 200 states each. */
  public static long rounds(long records, int stations) {
    return (records + stations - 1) / stations;
  }

  /** The next record: station {@code i % stations} of round {@code i / stations}. */
  public StationRecord next() {
    int station = (int) (produced % catalog.size());
    long round = produced / catalog.size();
    produced++;
    if (round > 0) {
      moveBikes(station);
    }
    StationCatalog.Station s = catalog.stations().get(station);
    Instant roundStart = start.plus(ROUND.multipliedBy(round));
    // Stations report at different seconds within the minute; the poll fetches them all at once
    // at the end of the round, as the GBFS poller does.
    Instant lastReported = roundStart.plusSeconds(station % ROUND.toSeconds());
    Instant fetchedAt = roundStart.plus(ROUND);
    int bikes = mechanical[station] + ebike[station];
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
        mechanical[station],
        ebike[station],
        s.capacity() - bikes,
        true,
        true,
        true,
        lastReported,
        fetchedAt);
  }

  /** Up to three bikes leave or arrive, within 0 and capacity (a station at a bound may not move). */
  private void moveBikes(int station) {
    int capacity = catalog.stations().get(station).capacity();
    BikeMoves.move(random, capacity, mechanical, ebike, station);
  }
}
