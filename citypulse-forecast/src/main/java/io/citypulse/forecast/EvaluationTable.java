package io.citypulse.forecast;

import java.time.Instant;
import java.util.Locale;

/** {@code --format table}: the evaluation for people, one block per horizon. */
public final class EvaluationTable {
  private EvaluationTable() {}

  public static String render(Evaluation evaluation) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(
        Locale.ROOT,
        "train %s .. %s   test %s .. %s%n%n",
        Instant.ofEpochSecond(evaluation.train().from()),
        Instant.ofEpochSecond(evaluation.train().to()),
        Instant.ofEpochSecond(evaluation.test().from()),
        Instant.ofEpochSecond(evaluation.test().to())));
    out.append(String.format(
        Locale.ROOT,
        "%-8s %-22s %8s %8s %12s%n",
        "horizon",
        "bikes predicted by",
        "MAE",
        "RMSE",
        "vs persist."));
    for (Evaluation.HorizonResult h : evaluation.horizons()) {
      String label = Horizons.label(h.horizon());
      double base = h.persistence().mae();
      if (h.model() != null) {
        row(out, label, "model", h.model(), base);
        label = "";
      }
      row(out, label, "persistence", h.persistence(), base);
      row(out, "", "historical average", h.historicalAverage(), base);
      row(out, "", "seasonal persistence", h.seasonalPersistence(), base);
      if (h.modelDescription() != null) {
        out.append(
            String.format(Locale.ROOT, "%-8s %-22s %s%n", "", "model is", h.modelDescription()));
      }
      brier(out, "P(empty)", h.brierEmpty());
      brier(out, "P(full)", h.brierFull());
      out.append(String.format(
          Locale.ROOT,
          "%-8s %-22s %d test, %d train%n%n",
          "",
          "samples",
          h.testRows(),
          h.trainRows()));
    }
    return out.toString();
  }

  private static void row(
      StringBuilder out, String horizon, String name, Evaluation.Errors e, double persistence) {
    String change = name.equals("persistence")
        ? ""
        : String.format(Locale.ROOT, "%+.1f %%", 100 * (e.mae() - persistence) / persistence);
    out.append(String.format(
        Locale.ROOT, "%-8s %-22s %8.3f %8.3f %12s%n", horizon, name, e.mae(), e.rmse(), change));
  }

  private static void brier(StringBuilder out, String name, Evaluation.Brier b) {
    out.append(String.format(
        Locale.ROOT,
        "%-8s %-22s Brier model %s, base rate %.4f (rate %.4f)%n",
        "",
        name,
        b.model() == null ? "-" : String.format(Locale.ROOT, "%.4f", b.model()),
        b.baseRate(),
        b.rate()));
  }
}
