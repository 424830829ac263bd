package io.citypulse.bench.data;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-postcode totals a correct engine must end with, folded in plain Java from the records
 * as they are generated: the benchmark's end condition and its correctness check.
 *
 * <p>Written from the job's documented semantics, not from its code: keep the latest record per
 * station (by {@link Newness}); totals per postcode sum the kept records (a missing count adds 0,
 * a blank postcode is {@value StationRecord#UNKNOWN_POSTCODE}), except the split: {@code mechanical}
 * sums the records that give it and is null when none does, {@code ebike} likewise, and
 * {@code untyped_bikes} sums the bikes of records giving neither; {@code updated_at} is the
 * freshest {@code fetched_at} (else {@code last_reported}) among them; the commune is the most
 * frequent one, ties alphabetically.
 */
public final class ExpectedTotals {
  private final Map<String, StationRecord> latestByStation = new HashMap<>();
  private long accepted;
  private long ignored;

  /** Applies one record; returns whether it replaced the station's kept record. */
  public boolean offer(StationRecord record) {
    String key = record.key();
    if (Newness.replaces(record, latestByStation.get(key))) {
      latestByStation.put(key, record);
      accepted++;
      return true;
    }
    ignored++;
    return false;
  }

  public long accepted() {
    return accepted;
  }

  public long ignored() {
    return ignored;
  }

  /** Totals of every postcode that has at least one station, by postcode. */
  public Map<String, PostcodeAvailability> totals() {
    Map<String, Sum> sums = new TreeMap<>();
    for (StationRecord r : latestByStation.values()) {
      sums.computeIfAbsent(postcodeOf(r), p -> new Sum()).add(r);
    }
    Map<String, PostcodeAvailability> out = new TreeMap<>();
    sums.forEach((postcode, sum) -> out.put(postcode, sum.toAvailability(postcode)));
    return out;
  }

  static String postcodeOf(StationRecord r) {
    return r.postcode() == null || r.postcode().isBlank()
        ? StationRecord.UNKNOWN_POSTCODE
        : r.postcode();
  }

  private static final class Sum {
    int stations;
    long bikes;
    Long mechanical;
    Long ebike;
    long untyped;
    long docks;
    long capacity;
    Instant freshest;
    final Map<String, Integer> communes = new TreeMap<>();

    void add(StationRecord r) {
      stations++;
      bikes += r.bikesAvailable();
      mechanical = plus(mechanical, r.mechanical());
      ebike = plus(ebike, r.ebike());
      if (r.mechanical() == null && r.ebike() == null) {
        untyped += r.bikesAvailable();
      }
      docks += orZero(r.docksAvailable());
      capacity += orZero(r.capacity());
      Instant fresh = r.fetchedAt() != null ? r.fetchedAt() : r.lastReported();
      if (fresh != null && (freshest == null || fresh.isAfter(freshest))) {
        freshest = fresh;
      }
      if (r.commune() != null) {
        communes.merge(r.commune(), 1, Integer::sum);
      }
    }

    PostcodeAvailability toAvailability(String postcode) {
      String commune = null;
      int best = 0;
      for (Map.Entry<String, Integer> e : communes.entrySet()) {
        if (e.getValue() > best) {
          commune = e.getKey();
          best = e.getValue();
        }
      }
      return new PostcodeAvailability(
          postcode,
          commune,
          stations,
          bikes,
          mechanical,
          ebike,
          docks,
          capacity,
          freshest,
          untyped);
    }

    /** Unknown is not 0: a count nobody gave leaves the sum unknown (null). */
    private static Long plus(Long sum, Integer count) {
      return count == null ? sum : Long.valueOf((sum == null ? 0 : sum) + count);
    }

    private static long orZero(Integer value) {
      return value == null ? 0 : value;
    }
  }
}
