package io.citypulse.sources.poll;

import io.citypulse.sources.poll.SystemReport.State;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A catalogue-wide run at a glance, from its systems' reports (pure): how many systems are ok,
 * failing, skipped or not polled yet, their stations, and the few worst systems by name. Metrics
 * and health show only these few by name, so their size does not grow with the catalogue (1,500
 * systems would be 1,500 series per meter).
 *
 * @param stations stations in the last station_status of every system
 * @param lastSuccess the newest station_status fetched of any system; null before the first
 * @param worst up to the requested number of systems, worst first: failing ones (most failures
 *     in a row first), then the slowest of the others; skipped and never-polled systems are not
 *     "worst", they are counted
 */
public record SystemsSummary(
    int systems,
    Map<State, Integer> byState,
    long stations,
    long published,
    Instant lastSuccess,
    List<SystemReport> worst) {

  /** Failing first (most failures in a row, then most failures), then by the last poll's time. */
  static final Comparator<SystemReport> WORST_FIRST = Comparator.comparing(
          (SystemReport r) -> r.state() == State.FAILING ? 0 : 1)
      .thenComparing(SystemReport::failuresInARow, Comparator.reverseOrder())
      .thenComparing(SystemReport::failures, Comparator.reverseOrder())
      .thenComparing(
          r -> r.lastPollTook() == null ? Duration.ZERO : r.lastPollTook(),
          Comparator.reverseOrder())
      .thenComparing(SystemReport::systemId);

  public SystemsSummary {
    byState = Map.copyOf(byState);
    worst = List.copyOf(worst);
  }

  /** @param worstCount how many systems to name, at most */
  public static SystemsSummary of(Collection<SystemReport> reports, int worstCount) {
    Map<State, Integer> byState = new EnumMap<>(State.class);
    for (State state : State.values()) {
      byState.put(state, 0);
    }
    long stations = 0;
    long published = 0;
    Instant lastSuccess = null;
    for (SystemReport report : reports) {
      byState.merge(report.state(), 1, Integer::sum);
      if (report.lastSuccess() != null
          && (lastSuccess == null || report.lastSuccess().isAfter(lastSuccess))) {
        lastSuccess = report.lastSuccess();
      }
      stations += report.stations();
      published += report.published();
    }
    List<SystemReport> worst = reports.stream()
        .filter(r -> r.state() == State.FAILING || r.state() == State.OK)
        .sorted(WORST_FIRST)
        .limit(worstCount)
        .toList();
    return new SystemsSummary(reports.size(), byState, stations, published, lastSuccess, worst);
  }

  public int count(State state) {
    return byState.getOrDefault(state, 0);
  }

  /** The failing system with the most failures in a row, if any fails: the one to show first. */
  public SystemReport worstFailing() {
    return worst.isEmpty() || worst.get(0).state() != State.FAILING ? null : worst.get(0);
  }
}
