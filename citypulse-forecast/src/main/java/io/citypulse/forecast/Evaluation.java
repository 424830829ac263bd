package io.citypulse.forecast;

import java.time.Duration;
import java.util.List;

/**
 * The result of {@code forecast evaluate}: per horizon, the errors of the model (when there is
 * one) and of the baselines on the test part, and the windows of both parts.
 *
 * @param horizons one result per horizon, in the order asked
 * @param train the train window
 * @param test the test window
 */
public record Evaluation(List<HorizonResult> horizons, Window train, Window test) {

  public Evaluation {
    horizons = List.copyOf(horizons);
  }

  /** From and to, epoch seconds: train is {@code [from, to)}, test {@code [from, to]}. */
  public record Window(long from, long to) {}

  /** Mean absolute and root mean square error of predicted bikes. */
  public record Errors(double mae, double rmse) {}

  /**
   * Brier scores of the probability of an event (empty, full) at the target time.
   *
   * @param model the model's, or null without a model
   * @param baseRate the score of always saying the train part's rate
   * @param rate the train part's rate itself (not in the JSON; shown by the table)
   */
  public record Brier(Double model, double baseRate, double rate) {}

  /**
   * One horizon's numbers on the test part.
   *
   * @param model null until there is a model
   * @param trainRows train samples of this horizon (what the baselines were fitted on)
   * @param modelDescription what the model is, for people (not in the JSON)
   */
  public record HorizonResult(
      Duration horizon,
      Errors model,
      Errors persistence,
      Errors historicalAverage,
      Errors seasonalPersistence,
      Brier brierEmpty,
      Brier brierFull,
      long testRows,
      long trainRows,
      String modelDescription) {}
}
