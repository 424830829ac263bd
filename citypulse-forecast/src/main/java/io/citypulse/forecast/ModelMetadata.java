package io.citypulse.forecast;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What is known about a saved {@link ForecastModel}: where it comes from and how good it was.
 *
 * @param id the model's directory name under {@code <stateDir>/forecast/models/}
 * @param created when training ended
 * @param trainFrom first instant of the rows trained on
 * @param trainTo end of the rows trained on (exclusive)
 * @param trainRows feature rows the trees were fitted on (after subsampling)
 * @param horizons e.g. {@code 15m, 30m, 60m}
 * @param featureNames {@link FeatureBuilder#NAMES} at training time
 * @param description the chosen approach, for people
 * @param validation per horizon, on the validation window (last part of the train part)
 * @param test per horizon, on the test part; empty when the model was trained on everything
 * @param trainingSeconds wall time of the training
 * @param libraries versions of what trained it (java, spark)
 */
public record ModelMetadata(
    String id,
    Instant created,
    Instant trainFrom,
    Instant trainTo,
    long trainRows,
    List<String> horizons,
    List<String> featureNames,
    String description,
    List<HorizonMetrics> validation,
    List<HorizonMetrics> test,
    double trainingSeconds,
    Map<String, String> libraries) {

  public ModelMetadata {
    horizons = List.copyOf(horizons);
    featureNames = List.copyOf(featureNames);
    validation = List.copyOf(validation);
    test = List.copyOf(test);
    libraries = Map.copyOf(libraries);
  }

  /** The same metadata under another id. */
  public ModelMetadata withId(String newId) {
    return new ModelMetadata(
        newId,
        created,
        trainFrom,
        trainTo,
        trainRows,
        horizons,
        featureNames,
        description,
        validation,
        test,
        trainingSeconds,
        libraries);
  }

  /**
   * Errors of the model and of persistence on some rows of one horizon, and Brier scores of the
   * empty/full probabilities against the train part's base rate.
   */
  public record HorizonMetrics(
      String horizon,
      long rows,
      double mae,
      double rmse,
      double persistenceMae,
      double persistenceRmse,
      double brierEmpty,
      double brierEmptyBaseRate,
      double brierFull,
      double brierFullBaseRate) {}
}
