package io.citypulse.forecast;

import java.util.Arrays;

/**
 * The first model without Spark, for one horizon: bikes = now + a × (usual bikes at the target
 * slot − now) + b × (usual change from now's slot), optionally rounded, kept within {@code [0,
 * max(capacity, now)]}; and the empty/full probabilities of two {@link EventTable}s.
 *
 * <p>a, b and the rounding are chosen to minimise the MAE (the measure) on a validation
 * window, the last {@value #VALIDATION_FRACTION} of the train part, with profiles fitted on the
 * train part before it, so the weights are not chosen on values the profiles have seen; the test
 * part is never looked at. With no validation sample, a = b = 0: persistence. The predictions then
 * use profiles fitted on the whole train part.
 */
public final class BlendModel {
  static final double VALIDATION_FRACTION = 0.2;

  private final long horizon;
  private final double a;
  private final double b;
  private final boolean rounded;
  private final Profiles profiles;
  private final Profiles.Changes changes;
  private final SlotTable slots;
  private final EventTable empty;
  private final EventTable full;

  private BlendModel(
      long horizon,
      double[] weights,
      boolean rounded,
      Profiles profiles,
      Profiles.Changes changes,
      SlotTable slots,
      EventTable empty,
      EventTable full) {
    this.horizon = horizon;
    this.a = weights[0];
    this.b = weights[1];
    this.rounded = rounded;
    this.profiles = profiles;
    this.changes = changes;
    this.slots = slots;
    this.empty = empty;
    this.full = full;
  }

  /**
   * Fits the model of one horizon on the train part of {@code split}.
   *
   * @param profiles usual bikes fitted on the whole train part
   * @param changes usual changes over {@code horizon} fitted on the whole train part
   */
  static BlendModel fit(
      StateLog log,
      TimeSplit split,
      SlotTable slots,
      Profiles profiles,
      Profiles.Changes changes,
      long horizon) {
    EventTable empty = new EventTable(slots.scheme());
    EventTable full = new EventTable(slots.scheme());
    Sampler.forEach(log, split, Sampler.Part.TRAIN, horizon, s -> {
      int slot = slots.slot(s.time());
      empty.add(s.now().bikes(), slot, s.target().empty());
      full.add(s.now().docks(), slot, s.target().full());
    });

    Validation v = validation(log, split, slots, horizon);
    double[] best = {0, 0};
    boolean bestRounded = false;
    double bestMae = v.mae(0, 0, false);
    for (int ai = 0; ai <= 20; ai++) {
      for (int bi = 0; bi <= 15; bi++) {
        for (boolean round : new boolean[] {false, true}) {
          double mae = v.mae(ai * 0.05, bi * 0.1, round);
          if (mae < bestMae - 1e-12) {
            bestMae = mae;
            best = new double[] {ai * 0.05, bi * 0.1};
            bestRounded = round;
          }
        }
      }
    }
    return new BlendModel(horizon, best, bestRounded, profiles, changes, slots, empty, full);
  }

  /** The validation samples with the profiles of the train part before them. */
  private static Validation validation(
      StateLog log, TimeSplit split, SlotTable slots, long horizon) {
    long trainLength = split.split() - split.start();
    long innerSplit =
        Math.floorDiv(split.split() - (long) (trainLength * VALIDATION_FRACTION), split.step())
            * split.step();
    Validation v = new Validation();
    // the inner end is just before the outer split: a validation target stays in the train part
    if (innerSplit <= split.start() || innerSplit >= split.split() - 1) {
      return v;
    }
    TimeSplit inner = new TimeSplit(split.start(), innerSplit, split.split() - 1, split.step());
    Profiles innerProfiles = Profiles.fit(log, inner, slots);
    Profiles.Changes innerChanges = Profiles.Changes.fit(log, inner, slots, horizon);
    Sampler.forEach(log, inner, Sampler.Part.TEST, horizon, s -> {
      double usual = innerProfiles.usualBikes(s.station(), s.time() + s.horizon());
      double towardsUsual = Double.isNaN(usual) ? 0 : usual - s.now().bikes();
      v.add(
          s.now().bikes(),
          Math.max(s.now().capacity(), s.now().bikes()),
          towardsUsual,
          innerChanges.usualChange(s.station(), s.time()),
          s.target().bikes());
    });
    return v;
  }

  public long horizon() {
    return horizon;
  }

  /** The chosen weights {a, b}. */
  public double[] weights() {
    return new double[] {a, b};
  }

  public boolean rounded() {
    return rounded;
  }

  /** Predicted bikes at the sample's target time. */
  public double predictBikes(Sample s) {
    double usual = profiles.usualBikes(s.station(), s.time() + s.horizon());
    double towardsUsual = Double.isNaN(usual) ? 0 : usual - s.now().bikes();
    return predict(
        s.now().bikes(),
        Math.max(s.now().capacity(), s.now().bikes()),
        towardsUsual,
        changes.usualChange(s.station(), s.time()),
        a,
        b,
        rounded);
  }

  /** P(no bike at the target time). */
  public double probabilityEmpty(Sample s) {
    return empty.probability(s.now().bikes(), slots.slot(s.time()));
  }

  /** P(no free dock at the target time). */
  public double probabilityFull(Sample s) {
    return full.probability(s.now().docks(), slots.slot(s.time()));
  }

  static double predict(
      double now,
      double upper,
      double towardsUsual,
      double usualChange,
      double a,
      double b,
      boolean rounded) {
    double p = now + a * towardsUsual + b * usualChange;
    if (rounded) {
      p = Math.rint(p);
    }
    return Math.min(Math.max(p, 0), upper);
  }

  /** The validation samples as columns, for the weight search. */
  private static final class Validation {
    private int n;
    private float[] now = new float[1024];
    private float[] upper = new float[1024];
    private float[] towardsUsual = new float[1024];
    private float[] usualChange = new float[1024];
    private float[] actual = new float[1024];

    void add(double now, double upper, double towardsUsual, double usualChange, double actual) {
      if (n == this.now.length) {
        int size = n * 2;
        this.now = Arrays.copyOf(this.now, size);
        this.upper = Arrays.copyOf(this.upper, size);
        this.towardsUsual = Arrays.copyOf(this.towardsUsual, size);
        this.usualChange = Arrays.copyOf(this.usualChange, size);
        this.actual = Arrays.copyOf(this.actual, size);
      }
      this.now[n] = (float) now;
      this.upper[n] = (float) upper;
      this.towardsUsual[n] = (float) towardsUsual;
      this.usualChange[n] = (float) usualChange;
      this.actual[n] = (float) actual;
      n++;
    }

    double mae(double a, double b, boolean rounded) {
      if (n == 0) {
        return 0;
      }
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += Math.abs(
            predict(now[i], upper[i], towardsUsual[i], usualChange[i], a, b, rounded) - actual[i]);
      }
      return sum / n;
    }
  }
}
