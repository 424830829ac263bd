package io.citypulse.jobs.forecast;

import io.citypulse.forecast.EventTable;
import io.citypulse.forecast.FeatureBuilder;
import io.citypulse.forecast.ForecastModel;
import io.citypulse.forecast.Horizons;
import io.citypulse.forecast.ModelMetadata;
import io.citypulse.forecast.Profiles;
import io.citypulse.forecast.Sampler;
import io.citypulse.forecast.SlotScheme;
import io.citypulse.forecast.StateLog;
import io.citypulse.forecast.StationProfiles;
import io.citypulse.forecast.TimeSplit;
import io.citypulse.forecast.TrainingData;
import io.citypulse.forecast.TreeEnsemble;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Trains a {@link ForecastModel} with Spark MLlib on the train part of a state log (issue 20).
 *
 * <p>One gradient-boosted tree regressor predicts the change of bikes for all horizons at once
 * (the {@code horizon_minutes} feature tells them apart: one fit instead of one per horizon, and
 * each horizon learns from the others' rows); P(empty) and P(full) come per horizon from a GBT
 * classifier or from an {@link EventTable} (empirical rate by count now × hour), whichever scores
 * the lower Brier on validation (rare events: the table's smoothing is hard for 20 trees to beat).
 * Every choice is made on a <b>validation window</b>, the last {@link Options#validationFraction}
 * of the train part, with profiles fitted on the train part before it and models fitted there too:
 * the regressor's loss among {@link Options#losses}, and per horizon the {@link
 * ForecastModel.ChangeRule} (scale, dead zone, rounding) that turns a predicted change into bikes
 * with the lowest MAE. The test part is never read. The models are then refitted on the whole
 * train part with the chosen loss and exported as plain trees.
 */
public final class ForecastTrainer {
  private static final StructType SCHEMA = new StructType()
      .add("change", DataTypes.DoubleType, false)
      .add("empty", DataTypes.DoubleType, false)
      .add("full", DataTypes.DoubleType, false)
      .add("features", SQLDataTypes.VectorType(), false);

  /** Scales of the predicted change tried on the validation window (0 = persistence). */
  private static final double[] SCALES = {
    0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.5, 1.75, 2.0
  };
  /** Dead zones tried: a predicted change smaller than this is no change. */
  private static final double[] DEAD_ZONES = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.5};

  /**
   * How to train.
   *
   * @param maxTrainRows train rows (all horizons together) fitted on; a seeded Bernoulli subsample
   *     of the samples when there are more
   * @param maxValidationRows validation rows (all horizons together) scored
   * @param trees boosting iterations of the change regressor
   * @param depth depth of its trees
   * @param probabilityTrees iterations of each empty/full classifier
   * @param probabilityDepth depth of their trees
   * @param losses the regressor's loss candidates ({@code absolute}, {@code squared})
   * @param validationFraction the last part of the train part used for the choices
   * @param seed for the subsamples and the GBTs
   */
  public record Options(
      long maxTrainRows,
      long maxValidationRows,
      int trees,
      int depth,
      int probabilityTrees,
      int probabilityDepth,
      List<String> losses,
      double validationFraction,
      long seed) {
    public Options {
      losses = List.copyOf(losses);
      if (maxTrainRows < 1 || maxValidationRows < 1 || trees < 1 || depth < 1) {
        throw new IllegalArgumentException("rows, trees and depth must be positive");
      }
      if (probabilityTrees < 1 || probabilityDepth < 1) {
        throw new IllegalArgumentException("probability trees and depth must be positive");
      }
      if (losses.isEmpty()) {
        throw new IllegalArgumentException("at least one loss needed");
      }
      for (String loss : losses) {
        if (!loss.equals("absolute") && !loss.equals("squared")) {
          throw new IllegalArgumentException("unknown loss '" + loss + "': absolute|squared");
        }
      }
      if (!(validationFraction > 0 && validationFraction < 1)) {
        throw new IllegalArgumentException("validation fraction must be in (0, 1)");
      }
    }

    /**
     * 150k train rows and 100k validation rows over all horizons, regressor 30 trees of depth 5
     * (absolute or squared loss), classifiers 20 trees of depth 4, validation on the last 20 % of
     * the train part, seed 20.
     */
    public static Options defaults() {
      return new Options(150_000, 100_000, 30, 5, 20, 4, List.of("absolute", "squared"), 0.2, 20);
    }

    public Options withRows(long train, long validation) {
      return new Options(
          train,
          validation,
          trees,
          depth,
          probabilityTrees,
          probabilityDepth,
          losses,
          validationFraction,
          seed);
    }

    public Options withTrees(int trees, int depth, int probabilityTrees, int probabilityDepth) {
      return new Options(
          maxTrainRows,
          maxValidationRows,
          trees,
          depth,
          probabilityTrees,
          probabilityDepth,
          losses,
          validationFraction,
          seed);
    }

    public Options withLosses(List<String> losses) {
      return new Options(
          maxTrainRows,
          maxValidationRows,
          trees,
          depth,
          probabilityTrees,
          probabilityDepth,
          losses,
          validationFraction,
          seed);
    }
  }

  /**
   * A loss tried on the validation window.
   *
   * @param loss the regressor's loss
   * @param validation per horizon, with the best change rule for that loss
   */
  public record Candidate(String loss, List<ModelMetadata.HorizonMetrics> validation) {
    /** Mean over horizons of the validation MAE relative to persistence (1 = as good). */
    public double relativeMae() {
      return validation.stream()
          .mapToDouble(m -> m.persistenceMae() == 0 ? 1 : m.mae() / m.persistenceMae())
          .average()
          .orElse(1);
    }
  }

  /**
   * A trained model and how it was chosen.
   *
   * @param model the model fitted on the whole train part
   * @param loss the chosen loss
   * @param candidates every loss tried, with its validation numbers (empty: no validation window)
   * @param tablesChosen per horizon, whether P(empty) and P(full) come from the {@link EventTable}
   *     (lower validation Brier) rather than the GBT classifier; empty without validation (GBT)
   * @param trainRows feature rows of the final fit
   * @param trainFrom first instant of the train part
   * @param trainTo end of the train part (exclusive)
   * @param seconds wall time of the whole training
   */
  public record Trained(
      ForecastModel model,
      String loss,
      List<Candidate> candidates,
      List<boolean[]> tablesChosen,
      long trainRows,
      Instant trainFrom,
      Instant trainTo,
      double seconds) {
    public Trained {
      candidates = List.copyOf(candidates);
      tablesChosen = List.copyOf(tablesChosen);
    }

    /** The chosen candidate's validation numbers, or empty without a validation window. */
    public List<ModelMetadata.HorizonMetrics> validation() {
      return candidates.stream()
          .filter(c -> c.loss().equals(loss))
          .findFirst()
          .map(Candidate::validation)
          .orElse(List.of());
    }

    /** What was chosen, for people. */
    public String description() {
      StringBuilder probabilities = new StringBuilder();
      for (int h = 0; h < tablesChosen.size(); h++) {
        probabilities
            .append(h == 0 ? "" : ", ")
            .append(Horizons.label(Duration.ofSeconds(model.horizons().get(h))))
            .append(tablesChosen.get(h)[0] ? " empty: table" : " empty: GBT")
            .append(tablesChosen.get(h)[1] ? ", full: table" : ", full: GBT");
      }
      return "Spark MLlib GBT change regressor (" + loss + " loss); probabilities "
          + (tablesChosen.isEmpty() ? "GBT classifiers" : probabilities) + "; " + model;
    }
  }

  private ForecastTrainer() {}

  /**
   * Trains on the train part of {@code data}.
   *
   * @throws IllegalArgumentException when the train part has no sample
   */
  public static Trained fit(SparkSession spark, TrainingData data, Options options) {
    long t0 = System.nanoTime();
    TimeSplit split = data.split();
    StateLog log = data.log();

    List<Candidate> candidates = new ArrayList<>();
    String loss = options.losses().get(0);
    List<ForecastModel.ChangeRule> rules = new ArrayList<>();
    for (int i = 0; i < data.horizons().size(); i++) {
      rules.add(new ForecastModel.ChangeRule(1, 0, false));
    }
    // per horizon: {empty, full} from the event table rather than the GBT classifier
    List<boolean[]> tablesChosen = new ArrayList<>();
    TimeSplit inner = validationSplit(split, options.validationFraction());
    if (inner != null) {
      Stage stage = Stage.prepare(spark, log, inner, data, options.maxTrainRows(), options.seed());
      Validation v = Validation.collect(
          log, inner, data.horizons(), stage, options.maxValidationRows(), options.seed());
      if (stage.rows() > 0 && v.size() > 0) {
        TreeEnsemble emptyTrees = fitClassifier(stage, "empty", options);
        TreeEnsemble fullTrees = fitClassifier(stage, "full", options);
        // per horizon, the GBT classifier or the event table, whichever has the lower Brier
        List<TreeEnsemble> empties = new ArrayList<>();
        List<TreeEnsemble> fulls = new ArrayList<>();
        for (int h = 0; h < data.horizons().size(); h++) {
          long horizon = data.horizons().get(h);
          boolean emptyTable = v.brier(h, stage.table(horizon, 0), 3) < v.brier(h, emptyTrees, 3);
          boolean fullTable = v.brier(h, stage.table(horizon, 1), 4) < v.brier(h, fullTrees, 4);
          tablesChosen.add(new boolean[] {emptyTable, fullTable});
          empties.add(emptyTable ? stage.table(horizon, 0) : emptyTrees);
          fulls.add(fullTable ? stage.table(horizon, 1) : fullTrees);
        }
        double bestScore = Double.POSITIVE_INFINITY;
        for (String candidateLoss : options.losses()) {
          TreeEnsemble change = fitRegressor(stage.dataset(), candidateLoss, options);
          List<ForecastModel.ChangeRule> chosen = new ArrayList<>();
          List<ModelMetadata.HorizonMetrics> metrics = new ArrayList<>();
          for (int h = 0; h < data.horizons().size(); h++) {
            ForecastModel.ChangeRule rule = v.bestRule(h, change);
            chosen.add(rule);
            metrics.add(v.metrics(h, change, rule, empties.get(h), fulls.get(h), stage));
          }
          Candidate candidate = new Candidate(candidateLoss, metrics);
          candidates.add(candidate);
          if (candidate.relativeMae() < bestScore - 1e-12) {
            bestScore = candidate.relativeMae();
            loss = candidateLoss;
            rules = chosen;
          }
        }
      }
      stage.release();
    }

    Stage stage = Stage.prepare(spark, log, split, data, options.maxTrainRows(), options.seed());
    try {
      if (stage.rows() == 0) {
        throw new IllegalArgumentException("no train sample to fit a forecast model on");
      }
      TreeEnsemble change = fitRegressor(stage.dataset(), loss, options);
      int n = data.horizons().size();
      boolean anyEmptyTrees = tablesChosen.size() < n || tablesChosen.stream().anyMatch(c -> !c[0]);
      boolean anyFullTrees = tablesChosen.size() < n || tablesChosen.stream().anyMatch(c -> !c[1]);
      TreeEnsemble emptyTrees = anyEmptyTrees ? fitClassifier(stage, "empty", options) : null;
      TreeEnsemble fullTrees = anyFullTrees ? fitClassifier(stage, "full", options) : null;
      List<ForecastModel.HorizonModel> models = new ArrayList<>();
      for (int h = 0; h < n; h++) {
        long horizon = data.horizons().get(h);
        boolean[] table = h < tablesChosen.size() ? tablesChosen.get(h) : new boolean[2];
        models.add(new ForecastModel.HorizonModel(
            horizon,
            change,
            rules.get(h),
            table[0] ? stage.table(horizon, 0) : emptyTrees,
            table[1] ? stage.table(horizon, 1) : fullTrees));
      }
      return new Trained(
          new ForecastModel(stage.profiles(), models),
          loss,
          candidates,
          tablesChosen,
          stage.rows(),
          Instant.ofEpochSecond(split.start()),
          Instant.ofEpochSecond(split.split()),
          (System.nanoTime() - t0) / 1e9);
    } finally {
      stage.release();
    }
  }

  /** The last {@code fraction} of the train part as a test part of its own; null when too short. */
  static TimeSplit validationSplit(TimeSplit split, double fraction) {
    long trainLength = split.split() - split.start();
    long innerSplit =
        Math.floorDiv(split.split() - (long) (trainLength * fraction), split.step()) * split.step();
    // the inner end is just before the outer split: a validation target stays in the train part
    if (innerSplit <= split.start() || innerSplit >= split.split() - 1) {
      return null;
    }
    return new TimeSplit(split.start(), innerSplit, split.split() - 1, split.step());
  }

  private static TreeEnsemble fitRegressor(Dataset<Row> rows, String loss, Options options) {
    return TreeExport.of(new GBTRegressor()
        .setLabelCol("change")
        .setFeaturesCol("features")
        .setLossType(loss)
        .setMaxIter(options.trees())
        .setMaxDepth(options.depth())
        .setSeed(options.seed())
        .fit(rows));
  }

  private static TreeEnsemble fitClassifier(Stage stage, String label, Options options) {
    long positives = label.equals("empty") ? stage.emptyRows() : stage.fullRows();
    if (positives == 0 || positives == stage.rows()) {
      // MLlib's classifier needs both labels; with one, the probability is what the rows say
      double p = Math.min(Math.max((double) positives / stage.rows(), 1e-6), 1 - 1e-6);
      return constantProbability(p);
    }
    Dataset<Row> rows = stage.dataset();
    return TreeExport.of(new GBTClassifier()
        .setLabelCol(label)
        .setFeaturesCol("features")
        .setMaxIter(options.probabilityTrees())
        .setMaxDepth(options.probabilityDepth())
        .setSeed(options.seed())
        .fit(rows));
  }

  /** A one-leaf logistic ensemble saying {@code p}: MLlib's margin m with 1 / (1 + e^-2m) = p. */
  static TreeEnsemble constantProbability(double p) {
    double margin = Math.log(p / (1 - p)) / 2;
    return new TreeEnsemble(
        TreeEnsemble.Output.LOGISTIC,
        List.of(new TreeEnsemble.Tree(
            new int[] {-1}, new double[] {0}, new int[] {-1}, new int[] {-1}, new double[] {margin
            })),
        new double[] {1});
  }

  /** The features and rows of one train part. */
  private record Stage(
      StationProfiles profiles,
      FeatureBuilder features,
      Dataset<Row> dataset,
      long rows,
      long emptyRows,
      long fullRows,
      double emptyRate,
      double fullRate,
      Map<Long, EventTable[]> tables) {

    /** The empty (0) or full (1) table of a horizon as a one-tree ensemble. */
    TreeEnsemble table(long horizon, int event) {
      return tables.get(horizon)[event].asTree(event == 0 ? "bikes" : "docks");
    }

    static Stage prepare(
        SparkSession spark,
        StateLog log,
        TimeSplit split,
        TrainingData data,
        long maxRows,
        long seed) {
      SlotScheme slots = data.slots();
      Map<Long, Profiles.Changes> changes = new HashMap<>();
      long total = 0;
      for (long h : data.horizons()) {
        changes.put(h, Profiles.Changes.fit(log, split, slots, h));
        total += Sampler.count(log, split, Sampler.Part.TRAIN, h);
      }
      StationProfiles profiles =
          StationProfiles.of(log, Profiles.fit(log, split, slots), changes, slots);
      FeatureBuilder features = new FeatureBuilder(profiles);
      double keep = total <= maxRows ? 1.0 : (double) maxRows / total;
      SplittableRandom random = new SplittableRandom(seed);
      List<Row> rows = new ArrayList<>((int) Math.min(total, maxRows + 1024));
      long[] events = new long[4]; // empty, full over all samples; over the kept rows
      Map<Long, EventTable[]> tables = new HashMap<>();
      for (long h : data.horizons()) {
        EventTable empty = new EventTable(slots);
        EventTable full = new EventTable(slots);
        tables.put(h, new EventTable[] {empty, full});
        Sampler.forEach(log, split, Sampler.Part.TRAIN, h, s -> {
          int slot = slots.slot(s.time());
          empty.add(s.now().bikes(), slot, s.target().empty());
          full.add(s.now().docks(), slot, s.target().full());
          events[0] += s.target().empty() ? 1 : 0;
          events[1] += s.target().full() ? 1 : 0;
          if (keep >= 1.0 || random.nextDouble() < keep) {
            events[2] += s.target().empty() ? 1 : 0;
            events[3] += s.target().full() ? 1 : 0;
            rows.add(RowFactory.create(
                FeatureBuilder.label(s),
                s.target().empty() ? 1.0 : 0.0,
                s.target().full() ? 1.0 : 0.0,
                Vectors.dense(features.features(s.station(), s.time(), h))));
          }
        });
      }
      int partitions = Math.max(1, spark.sparkContext().defaultParallelism());
      // rows built here are parallelized from the driver; a local checkpoint keeps them in the
      // block manager and cuts that lineage, else every task of every boosting stage would carry
      // its partition's rows again (Spark warns of 15 MB tasks on Divvy)
      Dataset<Row> dataset = spark
          .createDataFrame(
              new JavaSparkContext(spark.sparkContext()).parallelize(rows, partitions), SCHEMA)
          .localCheckpoint(true);
      return new Stage(
          profiles,
          features,
          dataset,
          rows.size(),
          events[2],
          events[3],
          total == 0 ? 0 : (double) events[0] / total,
          total == 0 ? 0 : (double) events[1] / total,
          tables);
    }

    void release() {
      dataset.unpersist();
    }
  }

  /** The validation samples as columns, scored by the candidate models on this thread. */
  private static final class Validation {
    private final List<Long> horizons;
    private final List<List<double[]>> features = new ArrayList<>();
    /** Per horizon, 5 values per sample: bikes now, upper bound, target bikes, empty, full. */
    private final List<double[]> columns = new ArrayList<>();

    private final int[] counts;

    private Validation(List<Long> horizons) {
      this.horizons = horizons;
      this.counts = new int[horizons.size()];
      for (int i = 0; i < horizons.size(); i++) {
        features.add(new ArrayList<>());
        columns.add(new double[0]);
      }
    }

    static Validation collect(
        StateLog log, TimeSplit inner, List<Long> horizons, Stage stage, long maxRows, long seed) {
      Validation v = new Validation(horizons);
      long total = 0;
      for (long h : horizons) {
        total += Sampler.count(log, inner, Sampler.Part.TEST, h);
      }
      double keep = total <= maxRows ? 1.0 : (double) maxRows / total;
      SplittableRandom random = new SplittableRandom(seed + 1);
      for (int i = 0; i < horizons.size(); i++) {
        long h = horizons.get(i);
        List<double[]> values = new ArrayList<>();
        int index = i;
        Sampler.forEach(log, inner, Sampler.Part.TEST, h, s -> {
          if (keep >= 1.0 || random.nextDouble() < keep) {
            v.features.get(index).add(stage.features().features(s.station(), s.time(), h));
            double upper = s.now().capacity() > 0
                ? s.now().capacity()
                : Math.max(0, s.now().bikes() + Math.max(0, s.now().docks()));
            values.add(new double[] {
              s.now().bikes(),
              upper,
              s.target().bikes(),
              s.target().empty() ? 1 : 0,
              s.target().full() ? 1 : 0
            });
          }
        });
        double[] packed = new double[values.size() * 5];
        for (int k = 0; k < values.size(); k++) {
          System.arraycopy(values.get(k), 0, packed, k * 5, 5);
        }
        v.columns.set(i, packed);
        v.counts[i] = values.size();
      }
      return v;
    }

    int size() {
      int n = 0;
      for (int c : counts) {
        n += c;
      }
      return n;
    }

    /** The rule of lowest validation MAE for horizon {@code h}; persistence when nothing beats it. */
    ForecastModel.ChangeRule bestRule(int h, TreeEnsemble change) {
      double[] predicted = predict(h, change);
      double[] c = columns.get(h);
      ForecastModel.ChangeRule best = ForecastModel.ChangeRule.none();
      double bestMae = mae(c, predicted, best);
      for (boolean rounded : new boolean[] {false, true}) {
        for (double scale : SCALES) {
          for (double dead : DEAD_ZONES) {
            ForecastModel.ChangeRule rule = new ForecastModel.ChangeRule(scale, dead, rounded);
            double mae = mae(c, predicted, rule);
            if (mae < bestMae - 1e-12) {
              bestMae = mae;
              best = rule;
            }
          }
        }
      }
      return best;
    }

    ModelMetadata.HorizonMetrics metrics(
        int h,
        TreeEnsemble change,
        ForecastModel.ChangeRule rule,
        TreeEnsemble empty,
        TreeEnsemble full,
        Stage stage) {
      double[] c = columns.get(h);
      List<double[]> x = features.get(h);
      int n = counts[h];
      double abs = 0;
      double sq = 0;
      double pAbs = 0;
      double pSq = 0;
      double[] brier = new double[4]; // empty model, empty base, full model, full base
      for (int k = 0; k < n; k++) {
        double now = c[k * 5];
        double target = c[k * 5 + 2];
        double e = rule.bikes(now, change.predict(x.get(k)), c[k * 5 + 1]) - target;
        abs += Math.abs(e);
        sq += e * e;
        pAbs += Math.abs(now - target);
        pSq += (now - target) * (now - target);
        double isEmpty = c[k * 5 + 3];
        double isFull = c[k * 5 + 4];
        brier[0] += square(empty.predict(x.get(k)) - isEmpty);
        brier[1] += square(stage.emptyRate() - isEmpty);
        brier[2] += square(full.predict(x.get(k)) - isFull);
        brier[3] += square(stage.fullRate() - isFull);
      }
      double d = Math.max(1, n);
      return new ModelMetadata.HorizonMetrics(
          Horizons.label(Duration.ofSeconds(horizons.get(h))),
          n,
          abs / d,
          Math.sqrt(sq / d),
          pAbs / d,
          Math.sqrt(pSq / d),
          brier[0] / d,
          brier[1] / d,
          brier[2] / d,
          brier[3] / d);
    }

    /** Brier score of {@code p} on horizon {@code h} against column 3 (empty) or 4 (full). */
    double brier(int h, TreeEnsemble p, int column) {
      double[] c = columns.get(h);
      List<double[]> x = features.get(h);
      double sum = 0;
      for (int k = 0; k < counts[h]; k++) {
        sum += square(p.predict(x.get(k)) - c[k * 5 + column]);
      }
      return sum / Math.max(1, counts[h]);
    }

    private double[] predict(int h, TreeEnsemble change) {
      List<double[]> x = features.get(h);
      double[] predicted = new double[x.size()];
      for (int k = 0; k < predicted.length; k++) {
        predicted[k] = change.predict(x.get(k));
      }
      return predicted;
    }

    private static double mae(double[] c, double[] predicted, ForecastModel.ChangeRule rule) {
      if (predicted.length == 0) {
        return 0;
      }
      double sum = 0;
      for (int k = 0; k < predicted.length; k++) {
        sum += Math.abs(rule.bikes(c[k * 5], predicted[k], c[k * 5 + 1]) - c[k * 5 + 2]);
      }
      return sum / predicted.length;
    }

    private static double square(double v) {
      return v * v;
    }
  }
}
