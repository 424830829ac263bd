package io.citypulse.dashboard.feed;

import static io.citypulse.dashboard.state.Fixtures.T0;
import static io.citypulse.dashboard.state.Fixtures.station;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.dashboard.state.Change;
import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.dashboard.state.Kind;
import io.citypulse.model.Json;
import io.citypulse.testkit.LogCapture;
import io.citypulse.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ForecastRecordApplierTest {

  private final DashboardState state = new DashboardState(new MutableClock(T0));
  private final RecordApplier applier = new RecordApplier(state);

  /** The topic's value as the scoring job writes it (see StationForecastRecord). */
  private static final String FORECAST = """
      {"system":"velib","station_code":"9","time":"2026-11-24T10:00:00Z",\
      "state_time":"2026-11-24T09:55:00Z","model":"20261124T070000Z","capacity":6,\
      "bikes_available":3,"docks_available":3,"forecasts":[\
      {"minutes":15,"bikes":2.5,"docks":3.5,"p_empty":0.031,"p_full":0.0},\
      {"minutes":30,"bikes":2.1,"docks":3.9,"p_empty":0.074,"p_full":0.0},\
      {"minutes":60,"bikes":1.2,"docks":4.8,"p_empty":0.152,"p_full":0.002}]}""";

  @Test
  void aForecastRecordChangesItsStation() {
    applier.apply(Kind.STATION, Json.write(station("9", 1, 2, 3, 6, T0)), "s-0@0");

    assertThat(applier.apply(Kind.FORECAST, FORECAST.getBytes(StandardCharsets.UTF_8), "f-0@0"))
        .contains(new Change(Kind.STATION, "velib:9"));
    assertThat(
            state.station("velib:9").orElseThrow().forecast().horizons().get(2).probabilityFull())
        .isEqualTo(0.002);
  }

  @Test
  void unreadableForecastsAreCountedAndLogged() {
    try (LogCapture log = LogCapture.of(RecordApplier.class.getName())) {
      assertThat(applier.apply(Kind.FORECAST, "{oops".getBytes(StandardCharsets.UTF_8), "f-0@1"))
          .isEmpty();
      assertThat(applier.apply(
              Kind.FORECAST,
              "{\"model\":\"m\",\"forecasts\":[]}".getBytes(StandardCharsets.UTF_8),
              "f-0@2"))
          .isEmpty();
      assertThat(applier.apply(Kind.FORECAST, null, "f-0@3")).isEmpty();

      assertThat(log.text())
          .contains("unreadable forecast record at f-0@1: not a valid StationForecastRecord")
          .contains("unreadable forecast record at f-0@2: record without system")
          .contains("unreadable forecast record at f-0@3: null value (tombstone)");
    }
    assertThat(state.stats().get("forecast").unreadable()).isEqualTo(3);
    assertThat(state.stats().get("forecast").keys()).isZero();
  }
}
