package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.jobs.scoring.ForecastScoringStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ForecastStatusLineTest {
  private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

  @Test
  void saysWhenThereIsNoModelYet() {
    assertThat(ForecastStatusLine.format(
            NOW, new ForecastScoringStatus.Snapshot(0, 120, 0, null, NOW.minusSeconds(3))))
        .isEqualTo("forecasts | no model yet (citypulse forecast train) | 0 published,"
            + " 120 without a model | last batch 3 s ago");
  }

  @Test
  void namesTheModelAndFailures() {
    assertThat(ForecastStatusLine.format(
            NOW, new ForecastScoringStatus.Snapshot(1500, 0, 2, "20261206T070000Z", NOW)))
        .isEqualTo("forecasts | model 20261206T070000Z | 1500 published, 2 FAILED (see the log)"
            + " | last batch 0 s ago");
    assertThat(ForecastStatusLine.format(NOW, null)).isEqualTo("forecasts | starting");
  }
}
