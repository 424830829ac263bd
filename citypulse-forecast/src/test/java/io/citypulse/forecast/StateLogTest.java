package io.citypulse.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** As-of lookups: a row holds from its time until the station's next row. */
class StateLogTest {
  private final StateLog log = new StateLog.Builder()
      .add("S", 100, 1, 9, 10)
      .add("S", 200, 2, 8, 10)
      // a gap: nothing between 200 and 1000
      .add("S", 1000, 3, 7, 10)
      // two rows at the same time: the later one in the file is the state
      .add("S", 1000, 4, 6, 10)
      .add("T", 50, 0, 5, 5)
      .build();

  @Test
  void beforeTheFirstRowThereIsNoState() {
    StateLog.Station s = log.station("S");
    assertThat(s.stateAt(99)).isNull();
    assertThat(s.bikesAt(99)).isEqualTo(-1);
    assertThat(s.indexAt(Long.MIN_VALUE)).isEqualTo(-1);
  }

  @Test
  void aRowHoldsFromItsOwnTime() {
    assertThat(log.station("S").stateAt(100).bikes()).isEqualTo(1);
    assertThat(log.station("S").stateAt(199).bikes()).isEqualTo(1);
    assertThat(log.station("S").stateAt(200).bikes()).isEqualTo(2);
  }

  @Test
  void aGapKeepsThePreviousState() {
    assertThat(log.station("S").stateAt(999).bikes()).isEqualTo(2);
  }

  @Test
  void ofEqualTimesTheLaterRowWins() {
    assertThat(log.station("S").stateAt(1000).bikes()).isEqualTo(4);
    assertThat(log.station("S").stateAt(5000).bikes()).isEqualTo(4);
  }

  @Test
  void theLogSpansAllStations() {
    assertThat(log.start()).isEqualTo(50);
    assertThat(log.end()).isEqualTo(1000);
    assertThat(log.rows()).isEqualTo(5);
    // indexes follow code order, for per-station arrays
    assertThat(log.station("S").index()).isZero();
    assertThat(log.station("T").index()).isEqualTo(1);
    assertThat(log.station("T").stateAt(1000).empty()).isTrue();
  }
}
