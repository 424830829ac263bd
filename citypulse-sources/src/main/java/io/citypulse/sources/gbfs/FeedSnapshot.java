package io.citypulse.sources.gbfs;

import java.time.Instant;
import java.util.List;

/**
 * One parsed GBFS feed body.
 *
 * @param lastUpdated the feed's {@code last_updated} (Vélib': {@code lastUpdatedOther}); null if absent
 * @param ttlSeconds the feed's {@code ttl}, 0 when absent
 * @param version the feed's {@code version}; {@code "1.0"} when absent (the field arrived in 1.1)
 * @param items the entries that were read
 * @param rejects the entries that could not be read, with why
 */
public record FeedSnapshot<T>(
    Instant lastUpdated,
    int ttlSeconds,
    String version,
    List<T> items,
    List<RejectedItem> rejects) {

  public FeedSnapshot {
    items = List.copyOf(items);
    rejects = List.copyOf(rejects);
  }
}
