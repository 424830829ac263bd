package io.citypulse.forecast;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@code forecast evaluate} without its I/O: splits a state log by time, fits the baselines and a
 * model on the train part and scores them on the test part, horizon by horizon. The model is any
 * {@link StationForecaster} a fitter makes from the {@link TrainingData}: the Spark-free {@link
 * BlendForecaster} by default, the Spark MLlib trainer of citypulse-jobs through the same seam.
 */
public final class Evaluator {

  /**
   * How to evaluate.
   *
   * @param horizons the horizons, e.g. 15, 30, 60 minutes
   * @param testFraction the last part of the time range kept for testing, in (0, 1)
   * @param step the sampling grid (every station every {@code step})
   * @param slots the slots profiles are kept by
   */
  public record Options(
      List<Duration> horizons, double testFraction, Duration step, SlotScheme slots) {
    public Options {
      horizons = List.copyOf(horizons);
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(slots, "slots");
      if (horizons.isEmpty()) {
        throw new IllegalArgumentException("no horizon to evaluate");
      }
    }

    /** 15, 30 and 60 minutes, test fraction 0.2, a 5-minute grid, 15-minute slots in {@code zone}. */
    public static Options defaults(ZoneId zone) {
      return new Options(
          Horizons.parse("15m,30m,60m"), 0.2, Duration.ofMinutes(5), SlotScheme.quarterHours(zone));
    }
  }

  private Evaluator() {}

  /** Evaluates the baselines and the {@link BlendForecaster}. */
  public static Evaluation evaluate(StateLog log, Options options) {
    return evaluate(log, options, BlendForecaster::fit);
  }

  /**
   * Evaluates the baselines and the model {@code fitter} makes from the train part.
   *
   * @param fitter called once, with every horizon of {@code options}; its forecaster must answer
   *     them all
   */
  public static Evaluation evaluate(
      StateLog log, Options options, Function<TrainingData, ? extends StationForecaster> fitter) {
    TimeSplit split = TimeSplit.of(log, options.testFraction(), options.step());
    SlotTable slots = new SlotTable(options.slots(), split.start(), split.end(), split.step());
    Profiles profiles = Profiles.fit(log, split, slots);
    List<Long> horizons =
        options.horizons().stream().map(Duration::getSeconds).sorted().toList();
    StationForecaster model = fitter.apply(new TrainingData(log, split, options.slots(), horizons));
    List<Evaluation.HorizonResult> results = new ArrayList<>();
    for (Duration horizon : options.horizons()) {
      results.add(evaluate(log, split, slots, profiles, model, horizon.getSeconds()));
    }
    return new Evaluation(
        results,
        new Evaluation.Window(split.start(), split.split()),
        new Evaluation.Window(split.split(), split.end()));
  }

  private static Evaluation.HorizonResult evaluate(
      StateLog log,
      TimeSplit split,
      SlotTable slots,
      Profiles profiles,
      StationForecaster model,
      long horizon) {
    Profiles.Changes changes = Profiles.Changes.fit(log, split, slots, horizon);
    int modelHorizon = model.horizons().indexOf(horizon);
    if (modelHorizon < 0) {
      throw new IllegalArgumentException("the model has no horizon "
          + Horizons.label(Duration.ofSeconds(horizon)) + ": it answers " + model.horizons());
    }
    // base rates: how often a train sample's target was empty / full
    long[] train = new long[3];
    Sampler.forEach(log, split, Sampler.Part.TRAIN, horizon, s -> {
      train[0]++;
      train[1] += s.target().empty() ? 1 : 0;
      train[2] += s.target().full() ? 1 : 0;
    });
    if (train[0] == 0) {
      throw new IllegalArgumentException(
          "no train sample for horizon " + Horizons.label(Duration.ofSeconds(horizon)));
    }
    double emptyRate = (double) train[1] / train[0];
    double fullRate = (double) train[2] / train[0];

    Metrics.ErrorSum persistence = new Metrics.ErrorSum();
    Metrics.ErrorSum average = new Metrics.ErrorSum();
    Metrics.ErrorSum seasonal = new Metrics.ErrorSum();
    Metrics.BrierSum emptyBase = new Metrics.BrierSum();
    Metrics.BrierSum fullBase = new Metrics.BrierSum();
    Metrics.ErrorSum modelErrors = new Metrics.ErrorSum();
    Metrics.BrierSum emptyModel = new Metrics.BrierSum();
    Metrics.BrierSum fullModel = new Metrics.BrierSum();
    long[] test = {0};
    Sampler.forEach(log, split, Sampler.Part.TEST, horizon, s -> {
      test[0]++;
      int actual = s.target().bikes();
      persistence.add(Baselines.persistence(s), actual);
      average.add(Baselines.historicalAverage(s, profiles), actual);
      seasonal.add(Baselines.seasonalPersistence(s, changes), actual);
      emptyBase.add(emptyRate, s.target().empty());
      fullBase.add(fullRate, s.target().full());
      HorizonForecast f = model.forecast(s.station(), s.time()).horizons().get(modelHorizon);
      modelErrors.add(f.bikes(), actual);
      emptyModel.add(f.probabilityEmpty(), s.target().empty());
      fullModel.add(f.probabilityFull(), s.target().full());
    });
    return new Evaluation.HorizonResult(
        Duration.ofSeconds(horizon),
        modelErrors.errors(),
        persistence.errors(),
        average.errors(),
        seasonal.errors(),
        new Evaluation.Brier(emptyModel.score(), emptyBase.score(), emptyRate),
        new Evaluation.Brier(fullModel.score(), fullBase.score(), fullRate),
        test[0],
        train[0],
        model instanceof DescribedForecaster d ? d.describe(horizon) : model.toString());
  }
}
