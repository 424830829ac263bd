package io.citypulse.jobs.scoring;

import io.citypulse.forecast.StationForecaster;
import java.util.Optional;

/** Where the scoring job finds the model to apply: asked once per batch, on the driver. */
public interface ForecasterSource {

  /** The model to score with now, or empty when there is none (yet). */
  Optional<Model> current();

  /** A loaded model and its id (what forecast records name). */
  record Model(String id, StationForecaster forecaster) {}
}
