package io.citypulse.alerts;

import static io.citypulse.alerts.StationHistory.at;
import static io.citypulse.alerts.StationHistory.station;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Exact raise/clear sequences of scripted station histories (defaults: 10 min, 5 min, 3 bikes). */
class StationRulesTest {
  private static final AlertRules RULES = AlertSettings.defaults().rules();

  private static StationHistory history() {
    return new StationHistory(RULES);
  }

  @Test
  void raisesOnceAfterTheMinimumDurationAndClearsOnceAfterTheRecoveryHeld() {
    StationHistory h = history().bikes(0, 0).bikes(3, 0).bikes(6, 0).bikes(9, 0);
    assertThat(h.alerts).as("9 minutes empty: not yet").isEmpty();

    h.bikes(12, 0).bikes(15, 1).bikes(18, 1).bikes(19.5, 2);
    assertThat(h.script()).containsExactly("raised station_empty since=0 at=10");

    h.bikes(21, 1).bikes(30, 1);
    assertThat(h.script())
        .containsExactly(
            "raised station_empty since=0 at=10", "cleared station_empty since=0 at=20");
    assertThat(h.state.hasEpisodes()).isFalse();
  }

  @Test
  void aFlappingStationGivesOneRaisedAndOneClearedRecord() {
    StationHistory h = history().bikes(0, 0).bikes(11, 0);
    // Flaps between 0 and 1 bike every 2 minutes for half an hour: the recovery never holds.
    for (int m = 12; m < 42; m += 2) {
      h.bikes(m, (m / 2) % 2);
    }
    h.bikes(42, 1).bikes(44, 2).bikes(46, 1).bikes(50, 1);
    assertThat(h.script())
        .containsExactly(
            "raised station_empty since=0 at=10", "cleared station_empty since=0 at=47");
    assertThat(h.alerts).hasSize(2);
  }

  @Test
  void flappingFasterThanTheMinimumDurationRaisesNothing() {
    StationHistory h = history();
    for (int m = 0; m < 120; m += 4) {
      h.bikes(m, (m / 4) % 2 == 0 ? 0 : 1);
    }
    assertThat(h.alerts).isEmpty();
  }

  @Test
  void theMinimumDurationNotReachedRaisesNothing() {
    StationHistory h = history().bikes(0, 0).bikes(9, 0).bikes(9.99, 4).bikes(30, 4);
    assertThat(h.alerts).isEmpty();
    assertThat(h.state.hasEpisodes()).isFalse();
  }

  @Test
  void aStationWellOutOfTheConditionClearsAtOnce() {
    StationHistory h = history().bikes(0, 0).bikes(10, 0).bikes(13, 3);
    assertThat(h.script())
        .containsExactly(
            "raised station_empty since=0 at=10", "cleared station_empty since=0 at=13");
  }

  @Test
  void aRecordRevealingThatTheDurationPassedRaisesAtTheDeadlineThenApplies() {
    // Empty at 0, next record at 25 with plenty of bikes: it was empty from 0 to 25.
    StationHistory h = history().bikes(0, 0).bikes(25, 8);
    assertThat(h.script())
        .containsExactly(
            "raised station_empty since=0 at=10", "cleared station_empty since=0 at=25");
  }

  @Test
  void aRestartMidEpisodeResumesFromTheSerializedStateWithoutASecondRaise() {
    StationHistory straight = history()
        .bikes(0, 0)
        .bikes(12, 0)
        .bikes(14, 0)
        .bikes(16, 1)
        .bikes(18, 0)
        .bikes(20, 1)
        .bikes(26, 1);
    StationHistory restarted = history()
        .bikes(0, 0)
        .bikes(12, 0)
        .restart()
        .bikes(14, 0)
        .restart()
        .bikes(16, 1)
        .restart()
        .bikes(18, 0)
        .bikes(20, 1)
        .restart()
        .bikes(26, 1);

    assertThat(restarted.script())
        .containsExactly(
            "raised station_empty since=0 at=10", "cleared station_empty since=0 at=25")
        .isEqualTo(straight.script());
    assertThat(restarted.state).isEqualTo(straight.state);
  }

  @Test
  void outOfOrderAndDuplicateRecordsAreIgnored() {
    StationHistory h = history().bikes(0, 0).bikes(12, 0);
    h.bikes(5, 10).bikes(12, 10).bikes(11, 10);
    assertThat(h.ignored).isEqualTo(3);
    assertThat(h.script()).containsExactly("raised station_empty since=0 at=10");

    h.bikes(14, 10).bikes(13, 0);
    assertThat(h.ignored).isEqualTo(4);
    assertThat(h.script())
        .containsExactly(
            "raised station_empty since=0 at=10", "cleared station_empty since=0 at=14");
  }

  @Test
  void timePassingWithoutRecordsRaisesAndClearsAtTheDeadlines() {
    StationHistory h = history().bikes(0, 0);
    assertThat(h.state.nextDeadline()).isEqualTo(at(10));
    h.advance(9.9);
    assertThat(h.alerts).isEmpty();

    h.advance(30);
    assertThat(h.script()).containsExactly("raised station_empty since=0 at=10");
    assertThat(h.state.nextDeadline())
        .as("raised: nothing due without a record")
        .isNull();

    h.bikes(29, 1);
    assertThat(h.ignored).as("older than the time advanced to").isEqualTo(1);
    h.bikes(31, 1).advance(36);
    assertThat(h.script())
        .containsExactly(
            "raised station_empty since=0 at=10", "cleared station_empty since=0 at=36");
  }

  @Test
  void aFullStationIsRaisedAsFullWithItsValues() {
    StationHistory h = history().bikes(0, 20).bikes(10, 20).bikes(11, 17);
    assertThat(h.script())
        .containsExactly("raised station_full since=0 at=10", "cleared station_full since=0 at=11");
    Alert raised = h.alerts.get(0);
    assertThat(raised.subject()).isEqualTo("station:velib:16107");
    assertThat(raised.rule()).isEqualTo("docks_available=0");
    assertThat(raised.severity()).isEqualTo(Severity.WARNING);
    assertThat(raised.values())
        .containsEntry("bikes_available", 20.0)
        .containsEntry("docks_available", 0.0)
        .containsEntry("capacity", 20.0);
    assertThat(raised.message())
        .isEqualTo("Benjamin Godard (velib:16107) is full: no free dock for at least 10m");
    assertThat(h.alerts.get(1).values()).containsEntry("docks_available", 3.0);
  }

  @Test
  void aStationTakenOutOfServiceClosesItsEpisodeAndIsNeverEmpty() {
    StationHistory h = history()
        .bikes(0, 0)
        .bikes(10, 0)
        .record(station(12, 0, 0, false))
        .record(station(40, 0, 0, false));
    assertThat(h.script())
        .containsExactly(
            "raised station_empty since=0 at=10", "cleared station_empty since=0 at=12");
  }

  @Test
  void zeroMinimumDurationAndClearAfterActOnTheRecordItself() {
    AlertRules eager = new AlertSettings(Duration.ZERO, Duration.ZERO, 3, 5, 0, 40, 8, "").rules();
    StationHistory h = new StationHistory(eager).bikes(0, 0).bikes(1, 1).bikes(2, 0);
    assertThat(h.script())
        .containsExactly(
            "raised station_empty since=0 at=0",
            "cleared station_empty since=0 at=1",
            "raised station_empty since=2 at=2");
  }
}
