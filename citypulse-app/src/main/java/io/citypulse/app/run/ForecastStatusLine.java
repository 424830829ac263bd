package io.citypulse.app.run;

import io.citypulse.jobs.scoring.ForecastScoringStatus;
import java.time.Duration;
import java.time.Instant;

/** The forecast status line: the model in use and what the scoring job published. Pure. */
final class ForecastStatusLine {
  private ForecastStatusLine() {}

  static String format(Instant now, ForecastScoringStatus.Snapshot status) {
    StringBuilder line = new StringBuilder("forecasts | ");
    if (status == null) {
      return line.append("starting").toString();
    }
    if (status.model() == null) {
      line.append("no model yet (citypulse forecast train)");
    } else {
      line.append("model ").append(status.model());
    }
    line.append(" | ").append(status.published()).append(" published");
    if (status.unscored() > 0) {
      line.append(", ").append(status.unscored()).append(" without a model");
    }
    if (status.failed() > 0) {
      line.append(", ").append(status.failed()).append(" FAILED (see the log)");
    }
    if (status.lastBatch() != null) {
      long seconds = Duration.between(status.lastBatch(), now).toSeconds();
      line.append(" | last batch ").append(Math.max(0, seconds)).append(" s ago");
    }
    return line.toString();
  }
}
