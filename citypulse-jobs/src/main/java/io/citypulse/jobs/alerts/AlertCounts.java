package io.citypulse.jobs.alerts;

/**
 * The alerts job's totals since it started (the status line, {@code /metrics}).
 *
 * @param open raised minus cleared since the start: episodes this run opened and did not close
 *     (those open before a restart are not in it)
 */
public record AlertCounts(
    long raised, long cleared, long outOfOrder, long late, long rejected, long subjectsInState) {

  public static final AlertCounts ZERO = new AlertCounts(0, 0, 0, 0, 0, 0);

  AlertCounts plus(AlertBatchCounts batch) {
    return new AlertCounts(
        raised + batch.raised(),
        cleared + batch.cleared(),
        outOfOrder + batch.outOfOrder(),
        late + batch.late(),
        rejected + batch.rejected(),
        batch.subjectsInState());
  }

  public long open() {
    return raised - cleared;
  }
}
