package io.citypulse.forecast;

/**
 * The three baselines of issue 20, as pure functions of a sample and what was fitted on the train
 * part. Each gives the predicted bikes at the sample's target time.
 */
public final class Baselines {
  private Baselines() {}

  /** The value now. */
  public static double persistence(Sample s) {
    return s.now().bikes();
  }

  /**
   * The station's mean bikes in the slot of the target time (not of now: the slot the forecast is
   * for); the station's mean over the train part when that slot was never seen; persistence for a
   * station the train part never saw.
   */
  public static double historicalAverage(Sample s, Profiles profiles) {
    double usual = profiles.usualBikes(s.station(), s.time() + s.horizon());
    return Double.isNaN(usual) ? persistence(s) : usual;
  }

  /**
   * Now plus the station's mean change over this horizon from the slot of now, kept within {@code
   * [0, max(capacity, bikes now)]} (a mean change can push a near-empty station below zero; the
   * upper bound keeps a row whose bikes exceed its stated capacity possible).
   */
  public static double seasonalPersistence(Sample s, Profiles.Changes changes) {
    double predicted = s.now().bikes() + changes.usualChange(s.station(), s.time());
    double upper = Math.max(s.now().capacity(), s.now().bikes());
    return Math.min(Math.max(predicted, 0), upper);
  }
}
