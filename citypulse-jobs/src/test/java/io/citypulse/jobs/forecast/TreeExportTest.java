package io.citypulse.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.citypulse.forecast.TreeEnsemble;
import io.citypulse.jobs.spark.SparkSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported trees predict exactly what MLlib's fitted models predict. */
class TreeExportTest {
  @TempDir
  Path workDir;

  @Test
  void exportedTreesScoreAsMllibDoes() {
    SparkSession spark = SparkSessions.local("local[2]", 2, workDir);
    try {
      SplittableRandom random = new SplittableRandom(3);
      List<Row> rows = new ArrayList<>();
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        double[] x = {random.nextDouble(10), random.nextDouble(), random.nextInt(5)};
        points.add(x);
        double y = x[0] > 5 ? 2 + x[1] : -x[2];
        rows.add(RowFactory.create(y, y > 0 ? 1.0 : 0.0, Vectors.dense(x)));
      }
      StructType schema = new StructType()
          .add("y", DataTypes.DoubleType)
          .add("positive", DataTypes.DoubleType)
          .add("features", SQLDataTypes.VectorType());
      Dataset<Row> data = spark.createDataFrame(
          new JavaSparkContext(spark.sparkContext()).parallelize(rows, 2), schema);

      GBTRegressionModel regressor = new GBTRegressor()
          .setLabelCol("y")
          .setMaxIter(8)
          .setMaxDepth(3)
          .setSeed(1)
          .fit(data);
      GBTClassificationModel classifier = new GBTClassifier()
          .setLabelCol("positive")
          .setMaxIter(8)
          .setMaxDepth(3)
          .setSeed(1)
          .fit(data);
      TreeEnsemble sum = TreeExport.of(regressor);
      TreeEnsemble logistic = TreeExport.of(classifier);

      assertThat(sum.trees()).hasSize(8);
      assertThat(sum.trees().get(0).feature().length).isGreaterThan(1);
      for (double[] x : points) {
        Vector v = Vectors.dense(x);
        assertThat(sum.predict(x)).isCloseTo(regressor.predict(v), within(1e-9));
        assertThat(logistic.predict(x))
            .isCloseTo(classifier.predictProbability(v).apply(1), within(1e-9));
      }
    } finally {
      spark.stop();
    }
  }
}
