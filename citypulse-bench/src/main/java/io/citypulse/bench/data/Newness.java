package io.citypulse.bench.data;

import io.citypulse.model.StationRecord;
import java.time.Instant;
import java.util.Comparator;

/**
 * The job's ordering of a station's records: (last_reported, fetched_at), a missing instant
 * oldest. A record replaces the kept one only if strictly newer (issue: "a record not strictly
 * newer is ignored").
 */
public final class Newness {
  private Newness() {}

  private static final Comparator<Instant> NULL_OLDEST =
      Comparator.nullsFirst(Comparator.naturalOrder());

  public static final Comparator<StationRecord> ORDER = Comparator.comparing(
          StationRecord::lastReported, NULL_OLDEST)
      .thenComparing(StationRecord::fetchedAt, NULL_OLDEST);

  /** True when {@code candidate} should replace {@code current} (null: nothing kept yet). */
  public static boolean replaces(StationRecord candidate, StationRecord current) {
    return current == null || ORDER.compare(candidate, current) > 0;
  }
}
