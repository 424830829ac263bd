package io.citypulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.forecast.StateLog;
import io.citypulse.forecast.StateLogReader;
import io.citypulse.forecast.StationState;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stored station rows (as the PostgreSQL history export gives them) into a state log. */
class ForecastInputTest {
  private static Map<String, Object> row(
      String system,
      String code,
      Object lastReported,
      Object fetchedAt,
      Integer bikes,
      Integer docks,
      Integer capacity,
      Integer mechanical,
      Integer ebike) {
    Map<String, Object> row = new HashMap<>();
    row.put("system", system);
    row.put("station_code", code);
    row.put("last_reported", lastReported);
    row.put("fetched_at", fetchedAt);
    row.put("bikes_available", bikes);
    row.put("docks_available", docks);
    row.put("capacity", capacity);
    row.put("mechanical", mechanical);
    row.put("ebike", ebike);
    row.put("name", "ignored");
    return row;
  }

  @Test
  void storedRowsAreNamedLikeTheTopicKeysAndTimedByTheirReport() {
    ForecastInput.StatesCollector collector = new ForecastInput.StatesCollector();
    Instant t0 = Instant.parse("2026-11-24T08:00:00Z");
    collector.write(row("velib", "16107", t0, t0.plusSeconds(30), 4, 16, 20, 3, 1));
    // no last_reported: the fetch time is the state's time
    collector.write(row("velib", "16107", null, t0.plusSeconds(600), 6, 14, 20, 4, 2));
    collector.write(row("divvy", "16107", t0, t0, 1, 10, 11, null, null));
    collector.write(row("divvy", "5", t0, t0, null, 10, 11, null, null));
    collector.write(row("divvy", "6", null, null, 1, 10, 11, null, null));

    StateLogReader.Result result = collector.result();

    assertThat(collector.count()).isEqualTo(5);
    assertThat(result.rowsRead()).isEqualTo(5);
    assertThat(result.badRows()).isEqualTo(2);
    assertThat(result.errors())
        .containsExactly("stored row 4: no bikes_available", "stored row 5: no time");
    StateLog log = result.log();
    assertThat(log.stations()).containsOnlyKeys("velib:16107", "divvy:16107");
    assertThat(log.station("velib:16107").stateAt(t0.plusSeconds(600).getEpochSecond()))
        .isEqualTo(new StationState(t0.plusSeconds(600).getEpochSecond(), 6, 14, 20, 4, 2));
    assertThat(log.station("velib:16107").stateAt(t0.getEpochSecond()).bikes()).isEqualTo(4);
    assertThat(log.station("divvy:16107").stateAt(t0.getEpochSecond()).mechanical())
        .isEqualTo(-1);
  }
}
