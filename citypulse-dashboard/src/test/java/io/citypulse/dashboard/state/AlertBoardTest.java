package io.citypulse.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.alerts.Alert;
import io.citypulse.alerts.AlertKind;
import io.citypulse.alerts.AlertState;
import io.citypulse.alerts.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertBoardTest {
  private static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");

  private static Alert alert(String subject, AlertKind kind, AlertState state, int since, int at) {
    return new Alert(
        subject,
        kind,
        "rule",
        state,
        T0.plus(Duration.ofMinutes(since)),
        T0.plus(Duration.ofMinutes(at)),
        Severity.WARNING,
        subject + " " + state.id(),
        Map.of());
  }

  @Test
  void raisedOpensAndClearedClosesTheEpisodeBothStayInTheHistory() {
    AlertBoard board = new AlertBoard();
    assertThat(board.apply(
            alert("station:velib:1", AlertKind.STATION_EMPTY, AlertState.RAISED, 0, 10)))
        .isTrue();
    assertThat(
            board.apply(alert("weather:paris", AlertKind.WEATHER_HUMIDEX, AlertState.RAISED, 5, 5)))
        .isTrue();
    assertThat(
            board.apply(alert("station:velib:2", AlertKind.STATION_FULL, AlertState.RAISED, 3, 13)))
        .isTrue();

    assertThat(board.open())
        .extracting(Alert::subject)
        .containsExactly("station:velib:2", "station:velib:1", "weather:paris");
    assertThat(board.stationsWithOpenAlerts()).containsExactly("velib:1", "velib:2");

    assertThat(board.apply(
            alert("station:velib:1", AlertKind.STATION_EMPTY, AlertState.CLEARED, 0, 20)))
        .isTrue();
    assertThat(board.open())
        .extracting(Alert::subject)
        .containsExactly("station:velib:2", "weather:paris");
    assertThat(board.stationsWithOpenAlerts()).containsExactly("velib:2");
    assertThat(board.recent())
        .extracting(a -> a.subject() + " " + a.state().id())
        .containsExactly(
            "station:velib:1 cleared",
            "station:velib:2 raised",
            "weather:paris raised",
            "station:velib:1 raised");
  }

  @Test
  void aClearedRecordOfAnEpisodeNeverSeenOpenIsHistoryOnly() {
    AlertBoard board = new AlertBoard();
    assertThat(board.apply(
            alert("station:velib:1", AlertKind.STATION_EMPTY, AlertState.CLEARED, 0, 20)))
        .isFalse();
    assertThat(board.open()).isEmpty();
    assertThat(board.recent()).hasSize(1);
  }

  @Test
  void anOlderEpisodesRecordDoesNotCloseANewerOne() {
    AlertBoard board = new AlertBoard();
    board.apply(alert("station:velib:1", AlertKind.STATION_EMPTY, AlertState.RAISED, 30, 40));
    assertThat(board.apply(
            alert("station:velib:1", AlertKind.STATION_EMPTY, AlertState.CLEARED, 0, 20)))
        .isFalse();
    assertThat(board.stationsWithOpenAlerts()).containsExactly("velib:1");
  }

  @Test
  void theHistoryIsBounded() {
    AlertBoard board = new AlertBoard(3);
    for (int i = 0; i < 5; i++) {
      board.apply(alert("station:velib:" + i, AlertKind.STATION_EMPTY, AlertState.RAISED, i, i));
    }
    assertThat(board.recent())
        .extracting(Alert::subject)
        .containsExactly("station:velib:4", "station:velib:3", "station:velib:2");
    assertThat(board.open()).hasSize(5);
  }
}
