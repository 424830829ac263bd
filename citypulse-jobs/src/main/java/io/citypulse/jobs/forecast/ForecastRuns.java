package io.citypulse.jobs.forecast;

import io.citypulse.forecast.Evaluation;
import io.citypulse.forecast.Evaluator;
import io.citypulse.forecast.FeatureBuilder;
import io.citypulse.forecast.ForecastModel;
import io.citypulse.forecast.ForecastModelStore;
import io.citypulse.forecast.Horizons;
import io.citypulse.forecast.ModelMetadata;
import io.citypulse.forecast.StateLog;
import io.citypulse.forecast.TimeSplit;
import io.citypulse.forecast.TrainingData;
import io.citypulse.jobs.spark.SparkSessions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * What {@code citypulse forecast evaluate} and {@code forecast train} call: the Spark MLlib
 * trainer ({@link ForecastTrainer}) plugged into the evaluation, and a trained model saved under
 * the state dir ({@link ForecastModelStore}). The overloads without a {@link SparkSession} use the
 * JVM's active session if there is one, else start a local one ({@code local[*]}, scratch files in
 * a temporary directory) and stop it when done.
 */
public final class ForecastRuns {
  private ForecastRuns() {}

  /**
   * A saved model.
   *
   * @param id its id in the store (now the latest)
   * @param model the model saved
   * @param dir its directory
   * @param metadata what was saved beside it
   * @param evaluation the evaluation on the test part, or null when trained on everything
   */
  public record Saved(
      String id, ForecastModel model, Path dir, ModelMetadata metadata, Evaluation evaluation) {}

  /** {@link #evaluate(SparkSession, StateLog, Evaluator.Options, ForecastTrainer.Options)} on a
   * local session of its own. */
  public static Evaluation evaluate(
      StateLog log, Evaluator.Options options, ForecastTrainer.Options train) {
    return withLocalSession(spark -> evaluate(spark, log, options, train));
  }

  /**
   * {@code forecast evaluate} with the MLlib model: trained on the train part of {@code log},
   * evaluated with the three baselines on its test part.
   */
  public static Evaluation evaluate(
      SparkSession spark, StateLog log, Evaluator.Options options, ForecastTrainer.Options train) {
    return Evaluator.evaluate(
        log, options, data -> ForecastTrainer.fit(spark, data, train).model());
  }

  /** {@link #train(SparkSession, StateLog, Evaluator.Options, ForecastTrainer.Options, Path,
   * Clock)} on a local session of its own. */
  public static Saved train(
      StateLog log,
      Evaluator.Options options,
      ForecastTrainer.Options train,
      Path stateDir,
      Clock clock) {
    return withLocalSession(spark -> train(spark, log, options, train, stateDir, clock));
  }

  /**
   * {@code forecast train}: fits a model and saves it as the latest under {@code stateDir}.
   *
   * <p>With {@code options.testFraction() > 0} the model is fitted on the first part of the log
   * and its metadata holds the test part's numbers (the same as {@link #evaluate}); with 0 it is
   * fitted on the whole log (the most recent behaviour, for the live pipeline) and has only
   * validation numbers.
   */
  public static Saved train(
      SparkSession spark,
      StateLog log,
      Evaluator.Options options,
      ForecastTrainer.Options train,
      Path stateDir,
      Clock clock) {
    List<ForecastTrainer.Trained> trained = new ArrayList<>();
    Function<TrainingData, ForecastTrainer.Trained> fit = data -> {
      ForecastTrainer.Trained t = ForecastTrainer.fit(spark, data, train);
      trained.add(t);
      return t;
    };
    Evaluation evaluation = null;
    if (options.testFraction() > 0) {
      evaluation = Evaluator.evaluate(log, options, data -> fit.apply(data).model());
    } else {
      if (log.isEmpty()) {
        throw new IllegalArgumentException("the state log is empty: nothing to train on");
      }
      long step = options.step().getSeconds();
      // the whole log as train part: a target may be any time before the log's last row
      TimeSplit all = new TimeSplit(log.start(), log.end(), log.end() + 1, step);
      fit.apply(new TrainingData(
          log,
          all,
          options.slots(),
          options.horizons().stream().map(Duration::getSeconds).sorted().toList()));
    }
    ForecastTrainer.Trained t = trained.get(0);
    Instant created = clock.instant();
    ModelMetadata metadata = new ModelMetadata(
        ForecastModelStore.newId(created),
        created,
        t.trainFrom(),
        t.trainTo(),
        t.trainRows(),
        t.model().horizons().stream()
            .map(h -> Horizons.label(Duration.ofSeconds(h)))
            .toList(),
        FeatureBuilder.NAMES,
        t.description(),
        t.validation(),
        evaluation == null ? List.of() : testMetrics(evaluation),
        t.seconds(),
        Map.of("java", System.getProperty("java.version"), "spark", spark.version()));
    Path dir = ForecastModelStore.save(t.model(), metadata, stateDir);
    return new Saved(metadata.id(), t.model(), dir, metadata, evaluation);
  }

  static List<ModelMetadata.HorizonMetrics> testMetrics(Evaluation evaluation) {
    return evaluation.horizons().stream()
        .map(h -> new ModelMetadata.HorizonMetrics(
            Horizons.label(h.horizon()),
            h.testRows(),
            h.model().mae(),
            h.model().rmse(),
            h.persistence().mae(),
            h.persistence().rmse(),
            h.brierEmpty().model(),
            h.brierEmpty().baseRate(),
            h.brierFull().model(),
            h.brierFull().baseRate()))
        .toList();
  }

  /**
   * Runs on the JVM's active (or default) session when there is one, left running; else on a
   * local session of its own, stopped after ({@code getOrCreate} would otherwise hand back, and
   * then stop, a session someone else is using).
   */
  private static <T> T withLocalSession(Function<SparkSession, T> run) {
    return SparkSessions.withSession(run);
  }
}
