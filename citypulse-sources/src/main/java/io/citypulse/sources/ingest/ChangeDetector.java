package io.citypulse.sources.ingest;

import io.citypulse.model.StationRecord;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers what was last published per station and says whether a new record differs in what
 * matters: counts, flags, {@code last_reported} or postcode (not {@code fetched_at}, which changes
 * at every poll).
 */
public final class ChangeDetector {
  private record Fingerprint(int bikes, Integer mechanical, Integer ebike, Integer docks,
      boolean installed, boolean renting, boolean returning, Object lastReported, String postcode) {

    static Fingerprint of(StationRecord r) {
      return new Fingerprint(r.bikesAvailable(), r.mechanical(), r.ebike(), r.docksAvailable(),
          r.installed(), r.renting(), r.returning(), r.lastReported(), r.postcode());
    }
  }

  private final Map<String, Fingerprint> published = new ConcurrentHashMap<>();

  /** True if the record differs from the last one marked published for its key. */
  public boolean changed(StationRecord record) {
    return !Objects.equals(published.get(record.key()), Fingerprint.of(record));
  }

  /** Marks a record as published (call once the send was accepted). */
  public void published(StationRecord record) {
    published.put(record.key(), Fingerprint.of(record));
  }

  /** Forgets a station so its next record is published again (after a failed send). */
  public void forget(String key) {
    published.remove(key);
  }

  public int size() {
    return published.size();
  }
}
