package io.citypulse.search;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Which dated indices are past retention. An index is deleted once all the time it covers is
 * older than {@code retention}: with daily indices and 7 days, at 2026-12-10 12:00 UTC the index
 * of 2026-12-02 (which ends 12-03 00:00, before 12-03 12:00) goes and the one of 12-03 stays, so
 * every document younger than the retention is always kept, and up to one period more.
 *
 * <p>Only names of the form {@code <prefix>-<stream>-<suffix of the configured period>} are
 * candidates: the single index of {@link IndexPeriod#NONE}, indices of another period (after the
 * period setting changed) and hand-made indices matching the pattern are never deleted. Retention
 * zero keeps everything.
 */
public final class Retention {
  private Retention() {}

  /** The names among {@code indices} to delete, in the order given. */
  public static List<String> expired(
      Collection<String> indices,
      IndexNaming naming,
      SearchStream stream,
      Instant now,
      Duration retention) {
    if (retention.isNegative()) {
      throw new IllegalArgumentException("retention must be >= 0: " + retention);
    }
    List<String> expired = new ArrayList<>();
    if (retention.isZero() || naming.period() == IndexPeriod.NONE) {
      return expired;
    }
    Instant cutoff = now.minus(retention);
    String stem = naming.base(stream) + "-";
    for (String index : indices) {
      if (!index.startsWith(stem)) {
        continue;
      }
      Optional<Instant> start = naming.period().periodStart(index.substring(stem.length()));
      if (start.isPresent() && !naming.period().periodEnd(start.get()).isAfter(cutoff)) {
        expired.add(index);
      }
    }
    return expired;
  }
}
