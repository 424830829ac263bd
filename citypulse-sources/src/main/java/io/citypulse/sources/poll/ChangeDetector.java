package io.citypulse.sources.poll;

import io.citypulse.model.StationRecord;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers, per station key, what was last published, so that re-polls of an unchanged station
 * are not published again. Thread-safe.
 *
 * <p>The fingerprint is everything but {@code fetched_at}: counts, flags and {@code last_reported},
 * and also the enrichment (name, place, postcode), so a station first published without its
 * information or postcode is published again once they are known.
 */
public final class ChangeDetector {

  private record Fingerprint(
      String stationId,
      String name,
      Double lat,
      Double lon,
      Integer capacity,
      String postcode,
      String commune,
      int bikes,
      Integer mechanical,
      Integer ebike,
      Integer docks,
      boolean installed,
      boolean renting,
      boolean returning,
      Instant lastReported) {

    static Fingerprint of(StationRecord r) {
      return new Fingerprint(
          r.stationId(),
          r.name(),
          r.lat(),
          r.lon(),
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
          r.lastReported());
    }
  }

  private final ConcurrentMap<String, Fingerprint> published = new ConcurrentHashMap<>();

  /** True (and remembered as published) when the record differs from the last one of its key. */
  public boolean changed(StationRecord record) {
    Fingerprint fingerprint = Fingerprint.of(record);
    return !fingerprint.equals(published.put(record.key(), fingerprint));
  }

  /**
   * Forgets a record whose publication failed, so the same state is published again next poll.
   * A newer state remembered since is kept.
   */
  public void forget(StationRecord record) {
    published.remove(record.key(), Fingerprint.of(record));
  }

  /** Stations remembered. */
  public int size() {
    return published.size();
  }
}
