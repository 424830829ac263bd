package io.citypulse.forecast;

/** Running sums for MAE/RMSE and Brier scores. */
final class Metrics {
  private Metrics() {}

  /** Absolute and squared errors of predicted counts. */
  static final class ErrorSum {
    private long n;
    private double abs;
    private double squared;

    void add(double predicted, double actual) {
      double e = predicted - actual;
      n++;
      abs += Math.abs(e);
      squared += e * e;
    }

    Evaluation.Errors errors() {
      return n == 0
          ? new Evaluation.Errors(Double.NaN, Double.NaN)
          : new Evaluation.Errors(abs / n, Math.sqrt(squared / n));
    }
  }

  /** Squared errors of probabilities against 0/1 outcomes. */
  static final class BrierSum {
    private long n;
    private double squared;

    void add(double probability, boolean happened) {
      double e = probability - (happened ? 1 : 0);
      n++;
      squared += e * e;
    }

    double score() {
      return n == 0 ? Double.NaN : squared / n;
    }
  }
}
