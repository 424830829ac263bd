package io.citypulse.forecast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A trained forecast model: what scoring needs and nothing of the training. The station profiles
 * (usual bikes per slot, usual change per horizon, by station code) feed the {@link
 * FeatureBuilder} features; per horizon, a tree ensemble predicts the change of bikes (turned into
 * bikes by a {@link ChangeRule} chosen on a validation window) and two more give the probabilities
 * of an empty and of a full station. Pure Java, immutable, thread-safe: saved and loaded by {@link
 * ForecastModelStore}, trained by the Spark MLlib trainer of citypulse-jobs.
 *
 * <p>A station the profiles do not know is still forecast: its usual values fall back to its count
 * now, as in {@link FeatureBuilder}.
 */
public final class ForecastModel implements DescribedForecaster {

  /**
   * How a predicted change of bikes becomes bikes: a change smaller than {@code deadZone} (in
   * absolute value) is taken as none, the rest is multiplied by {@code scale}; the result is
   * optionally rounded to whole bikes. MAE rewards the median, and at short horizons the median
   * change is 0: the dead zone and the rounding keep persistence where the trees are unsure.
   */
  public record ChangeRule(double scale, double deadZone, boolean rounded) {
    public ChangeRule {
      if (!(scale >= 0) || !(deadZone >= 0)) {
        throw new IllegalArgumentException("scale and dead zone must be >= 0");
      }
    }

    /** Persistence: no change ever. */
    public static ChangeRule none() {
      return new ChangeRule(0, 0, false);
    }

    /** Bikes from the count now and the predicted change, within {@code [0, upper]}. */
    public double bikes(double now, double change, double upper) {
      double c = Math.abs(change) < deadZone ? 0 : scale * change;
      double bikes = now + c;
      if (rounded) {
        bikes = Math.rint(bikes);
      }
      return Math.min(Math.max(bikes, 0), upper);
    }
  }

  /**
   * The predictors of one horizon, on {@link FeatureBuilder} vectors.
   *
   * @param horizonSeconds how far ahead
   * @param change predicted change of bikes
   * @param rule change to bikes
   * @param empty probability of 0 bikes then
   * @param full probability of 0 free docks then
   */
  public record HorizonModel(
      long horizonSeconds,
      TreeEnsemble change,
      ChangeRule rule,
      TreeEnsemble empty,
      TreeEnsemble full) {
    public HorizonModel {
      if (horizonSeconds <= 0) {
        throw new IllegalArgumentException("horizon must be positive: " + horizonSeconds);
      }
      Objects.requireNonNull(change, "change");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(empty, "empty");
      Objects.requireNonNull(full, "full");
      for (TreeEnsemble e : List.of(change, empty, full)) {
        if (e.featuresRead() > FeatureBuilder.NAMES.size()) {
          throw new IllegalArgumentException("a tree reads feature " + (e.featuresRead() - 1)
              + " of " + FeatureBuilder.NAMES.size());
        }
      }
    }
  }

  private final StationProfiles profiles;
  private final List<HorizonModel> models;
  private final List<Long> horizons;
  private final FeatureBuilder features;

  /** @param models one per horizon, in ascending horizon order */
  public ForecastModel(StationProfiles profiles, List<HorizonModel> models) {
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    this.models = List.copyOf(models);
    if (this.models.isEmpty()) {
      throw new IllegalArgumentException("a forecast model needs at least one horizon");
    }
    List<Long> hs = new ArrayList<>();
    for (HorizonModel m : this.models) {
      if (!hs.isEmpty() && m.horizonSeconds() <= hs.get(hs.size() - 1)) {
        throw new IllegalArgumentException("horizons must be ascending and distinct");
      }
      hs.add(m.horizonSeconds());
    }
    this.horizons = List.copyOf(hs);
    this.features = new FeatureBuilder(profiles);
  }

  public StationProfiles profiles() {
    return profiles;
  }

  public List<HorizonModel> models() {
    return models;
  }

  @Override
  public List<Long> horizons() {
    return horizons;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Bikes are within {@code [0, capacity]} (capacity now; when a row states none, bikes + docks
   * now). Docks assume the places in service now (bikes + free docks) stay in service: docks =
   * places − bikes, within {@code [0, capacity]}; so bikes + docks never exceed capacity when the
   * row's own counts did not.
   */
  @Override
  public StationForecast forecast(StateLog.Station station, long time) {
    StationState now = station.stateAt(time);
    if (now == null) {
      throw new IllegalArgumentException(
          "station " + station.code() + " has no state at " + Instant.ofEpochSecond(time));
    }
    double upper =
        now.capacity() > 0 ? now.capacity() : Math.max(0, now.bikes() + Math.max(0, now.docks()));
    double places = now.bikes() + Math.max(0, now.docks());
    List<HorizonForecast> out = new ArrayList<>(models.size());
    for (HorizonModel m : models) {
      double[] x = features.features(station, time, m.horizonSeconds());
      double bikes = m.rule().bikes(now.bikes(), m.change().predict(x), upper);
      double docks = Math.min(Math.max(places - bikes, 0), upper);
      out.add(new HorizonForecast(
          m.horizonSeconds(),
          bikes,
          docks,
          probability(m.empty().predict(x)),
          probability(m.full().predict(x))));
    }
    return new StationForecast(station.code(), time, out);
  }

  private static double probability(double p) {
    return Double.isNaN(p) ? 0 : Math.min(Math.max(p, 0), 1);
  }

  @Override
  public String describe(long horizonSeconds) {
    int i = horizons.indexOf(horizonSeconds);
    if (i < 0) {
      throw new IllegalArgumentException("no horizon " + horizonSeconds + " s in " + horizons);
    }
    HorizonModel m = models.get(i);
    return String.format(
        java.util.Locale.ROOT,
        "change %d trees x%.2f, dead zone %.2f%s; P(empty) %d trees, P(full) %d trees",
        m.change().trees().size(),
        m.rule().scale(),
        m.rule().deadZone(),
        m.rule().rounded() ? ", rounded" : "",
        m.empty().trees().size(),
        m.full().trees().size());
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (long h : horizons) {
      s.append(s.length() == 0 ? "" : "; ")
          .append(Horizons.label(java.time.Duration.ofSeconds(h)))
          .append(' ')
          .append(describe(h));
    }
    return s.toString();
  }
}
