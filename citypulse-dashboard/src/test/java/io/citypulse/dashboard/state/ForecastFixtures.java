package io.citypulse.dashboard.state;

import io.citypulse.model.StationForecastRecord;
import java.time.Instant;
import java.util.List;

/** Forecast records for dashboard tests (kept apart from {@link Fixtures}, which others extend). */
public final class ForecastFixtures {
  private ForecastFixtures() {}

  /**
   * A forecast of station {@code velib:code} from {@code time}, starting from 5 bikes and 15 docks
   * of 20, with P(empty) {@code pEmpty30} at 30 minutes.
   */
  public static StationForecastRecord forecast(
      String code, Instant time, String model, double pEmpty30) {
    return new StationForecastRecord(
        "velib",
        code,
        time,
        time.minusSeconds(300),
        model,
        20,
        5,
        15,
        List.of(
            new StationForecastRecord.Horizon(15, 4.2, 15.8, 0.031, 0.0),
            new StationForecastRecord.Horizon(30, 3.6, 16.4, pEmpty30, 0.0),
            new StationForecastRecord.Horizon(60, 2.9, 17.1, 0.152, 0.01)));
  }
}
