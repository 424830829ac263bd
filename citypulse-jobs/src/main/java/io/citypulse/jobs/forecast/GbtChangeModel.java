package io.citypulse.jobs.forecast;

import io.citypulse.forecast.FeatureBuilder;
import io.citypulse.forecast.Sample;
import io.citypulse.forecast.Sampler;
import io.citypulse.forecast.StateLog;
import io.citypulse.forecast.TimeSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ObjDoubleConsumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * <b>Prototype</b> of the MLlib forecast model of issue 20: one gradient-boosted tree regressor for
 * one horizon, trained on the {@link FeatureBuilder} vectors of the train samples with the change
 * of bikes at the horizon as label ({@link FeatureBuilder#label}). Not saved, not tuned, not wired
 * into the evaluation or the CLI yet.
 *
 * <p>Training runs on a (local) Spark session; scoring does not: {@link #predictChange} applies the
 * fitted trees to one vector on the calling thread, which is what the live scoring will need (no
 * Spark job per station change).
 */
public final class GbtChangeModel {
  static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.DoubleType, false)
      .add("features", SQLDataTypes.VectorType(), false);

  /**
   * @param maxIter boosting iterations (trees)
   * @param maxDepth depth of each tree
   * @param maxTrainRows at most this many train samples (a seeded Bernoulli subsample when there
   *     are more); {@code Long.MAX_VALUE} for all
   * @param seed for the subsample and the GBT
   */
  public record Options(int maxIter, int maxDepth, long maxTrainRows, long seed) {
    public Options {
      if (maxIter < 1 || maxDepth < 1 || maxTrainRows < 1) {
        throw new IllegalArgumentException("maxIter, maxDepth and maxTrainRows must be positive");
      }
    }

    /** 30 trees of depth 5, every train sample, seed 20. */
    public static Options small() {
      return new Options(30, 5, Long.MAX_VALUE, 20);
    }

    public Options withMaxTrainRows(long rows) {
      return new Options(maxIter, maxDepth, rows, seed);
    }
  }

  private final GBTRegressionModel model;
  private final long horizon;
  private final long trainRows;
  private final double trainSeconds;

  private GbtChangeModel(
      GBTRegressionModel model, long horizon, long trainRows, double trainSeconds) {
    this.model = model;
    this.horizon = horizon;
    this.trainRows = trainRows;
    this.trainSeconds = trainSeconds;
  }

  /**
   * Fits the model of {@code horizon} (seconds) on the train samples of {@code split}.
   *
   * @param features built with profiles fitted on the train part only
   * @throws IllegalArgumentException when there is no train sample
   */
  public static GbtChangeModel fit(
      SparkSession spark,
      StateLog log,
      TimeSplit split,
      FeatureBuilder features,
      long horizon,
      Options options) {
    List<Row> rows = trainRows(log, split, features, horizon, options);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no train sample for horizon " + horizon + " s");
    }
    int partitions = Math.max(1, spark.sparkContext().defaultParallelism());
    Dataset<Row> train = spark.createDataFrame(
        new JavaSparkContext(spark.sparkContext()).parallelize(rows, partitions), SCHEMA);
    GBTRegressor gbt = new GBTRegressor()
        .setLabelCol("label")
        .setFeaturesCol("features")
        .setMaxIter(options.maxIter())
        .setMaxDepth(options.maxDepth())
        .setSeed(options.seed());
    long t0 = System.nanoTime();
    GBTRegressionModel fitted = gbt.fit(train);
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new GbtChangeModel(fitted, horizon, rows.size(), seconds);
  }

  /** The train rows (label, features), subsampled to about {@code options.maxTrainRows}. */
  static List<Row> trainRows(
      StateLog log, TimeSplit split, FeatureBuilder features, long horizon, Options options) {
    long total = Sampler.count(log, split, Sampler.Part.TRAIN, horizon);
    double keep = total <= options.maxTrainRows() ? 1.0 : (double) options.maxTrainRows() / total;
    SplittableRandom random = new SplittableRandom(options.seed());
    List<Row> rows = new ArrayList<>((int) Math.min(total, options.maxTrainRows() + 1024));
    Sampler.forEach(log, split, Sampler.Part.TRAIN, horizon, s -> {
      if (keep >= 1.0 || random.nextDouble() < keep) {
        rows.add(RowFactory.create(
            FeatureBuilder.label(s),
            Vectors.dense(features.features(s.station(), s.time(), horizon))));
      }
    });
    return rows;
  }

  /** The predicted change of bikes for one feature vector ({@link FeatureBuilder} order). */
  public double predictChange(double[] featureVector) {
    return model.predict(Vectors.dense(featureVector));
  }

  /**
   * The predicted bikes at the target of {@code s}: now + predicted change, clamped to {@code [0,
   * max(capacity, now)]} as the seasonal persistence baseline is.
   */
  public double predictBikes(Sample s, FeatureBuilder features) {
    double bikes =
        s.now().bikes() + predictChange(features.features(s.station(), s.time(), horizon));
    return Math.max(0, Math.min(bikes, Math.max(s.now().capacity(), s.now().bikes())));
  }

  /** Gives each test sample of the split with its predicted bikes, station by station. */
  public void forEachTestPrediction(
      StateLog log, TimeSplit split, FeatureBuilder features, ObjDoubleConsumer<Sample> action) {
    Sampler.forEach(
        log, split, Sampler.Part.TEST, horizon, s -> action.accept(s, predictBikes(s, features)));
  }

  public long horizon() {
    return horizon;
  }

  /** Train samples the trees were fitted on (after the subsample). */
  public long trainRows() {
    return trainRows;
  }

  /** Wall time of {@code GBTRegressor.fit}, seconds (not the building of the rows). */
  public double trainSeconds() {
    return trainSeconds;
  }

  /** Feature importances in {@link FeatureBuilder#NAMES} order. */
  public double[] featureImportances() {
    return model.featureImportances().toArray();
  }
}
