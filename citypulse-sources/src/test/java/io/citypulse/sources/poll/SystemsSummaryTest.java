package io.citypulse.sources.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.sources.poll.SystemReport.State;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemsSummaryTest {

  private static SystemReport report(String id, State state, int inARow, long tookMillis) {
    return new SystemReport(
        id,
        state,
        state == State.OK ? null : "reason of " + id,
        inARow,
        tookMillis < 0 ? null : Duration.ofMillis(tookMillis),
        10,
        25,
        5,
        inARow,
        null);
  }

  @Test
  void countsEveryStateAndNamesTheWorstFailingFirstThenTheSlowest() {
    List<SystemReport> reports = List.of(
        report("ok-fast", State.OK, 0, 40),
        report("ok-slow", State.OK, 0, 900),
        report("down-long", State.FAILING, 7, 10_000),
        report("down-new", State.FAILING, 1, 200),
        report("scooters", State.SKIPPED, 0, 30),
        report("not-yet", State.WAITING, 0, -1));

    SystemsSummary summary = SystemsSummary.of(reports, 3);

    assertThat(summary.systems()).isEqualTo(6);
    assertThat(summary.count(State.OK)).isEqualTo(2);
    assertThat(summary.count(State.FAILING)).isEqualTo(2);
    assertThat(summary.count(State.SKIPPED)).isEqualTo(1);
    assertThat(summary.count(State.WAITING)).isEqualTo(1);
    assertThat(summary.stations()).isEqualTo(60);
    assertThat(summary.published()).isEqualTo(150);
    assertThat(summary.worst())
        .extracting(SystemReport::systemId)
        .containsExactly("down-long", "down-new", "ok-slow");
    assertThat(summary.worstFailing().systemId()).isEqualTo("down-long");
  }

  @Test
  void nothingFailingHasNoWorstFailing() {
    SystemsSummary summary = SystemsSummary.of(List.of(report("a", State.OK, 0, 5)), 5);

    assertThat(summary.worstFailing()).isNull();
    assertThat(summary.worst()).hasSize(1);
  }
}
