package io.citypulse.forecast;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A fitted ensemble of binary decision trees in plain arrays (exported from Spark MLlib's
 * gradient-boosted trees), scored by a loop on the calling thread: no Spark, no allocation,
 * thread-safe.
 *
 * @param output how the weighted sum of the trees' leaf values becomes the prediction
 * @param trees the trees
 * @param weights one per tree
 */
public record TreeEnsemble(Output output, List<Tree> trees, double[] weights) {

  /** What the prediction is. */
  public enum Output {
    /** The weighted sum itself (a regression). */
    SUM,
    /**
     * A probability {@code 1 / (1 + exp(-2 × sum))}: MLlib's GBT classifier, whose log loss is
     * written for labels ±1, hence the factor 2 ({@code LogLoss.computeProbability}).
     */
    LOGISTIC
  }

  public TreeEnsemble {
    Objects.requireNonNull(output, "output");
    trees = List.copyOf(trees);
    if (weights == null || weights.length != trees.size()) {
      throw new IllegalArgumentException("one weight per tree needed");
    }
    weights = weights.clone();
  }

  /**
   * One tree: node 0 is the root; a node with {@code feature[i] < 0} is a leaf of value {@code
   * value[i]}; otherwise {@code x[feature[i]] <= threshold[i]} goes to {@code left[i]}, else to
   * {@code right[i]} (MLlib's continuous split).
   */
  public record Tree(int[] feature, double[] threshold, int[] left, int[] right, double[] value) {
    public Tree {
      int n = feature.length;
      if (n == 0
          || threshold.length != n
          || left.length != n
          || right.length != n
          || value.length != n) {
        throw new IllegalArgumentException("a tree needs one entry per node in every array");
      }
      for (int i = 0; i < n; i++) {
        if (feature[i] >= 0 && (left[i] <= i || right[i] <= i || left[i] >= n || right[i] >= n)) {
          // children after their parent: the walk always ends
          throw new IllegalArgumentException("node " + i + " has a child out of order");
        }
      }
    }

    /** The leaf value {@code x} reaches. */
    public double predict(double[] x) {
      int i = 0;
      while (feature[i] >= 0) {
        i = x[feature[i]] <= threshold[i] ? left[i] : right[i];
      }
      return value[i];
    }

    /** The number of features a vector needs: one more than the highest split feature. */
    int featuresRead() {
      return Arrays.stream(feature).max().orElse(-1) + 1;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tree t
          && Arrays.equals(feature, t.feature)
          && Arrays.equals(threshold, t.threshold)
          && Arrays.equals(left, t.left)
          && Arrays.equals(right, t.right)
          && Arrays.equals(value, t.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(feature) * 31 + Arrays.hashCode(value);
    }
  }

  /** The prediction for feature vector {@code x}. */
  public double predict(double[] x) {
    double sum = 0;
    for (int t = 0; t < weights.length; t++) {
      sum += weights[t] * trees.get(t).predict(x);
    }
    return output == Output.SUM ? sum : 1 / (1 + Math.exp(-2 * sum));
  }

  /** The number of features a vector needs. */
  public int featuresRead() {
    return trees.stream().mapToInt(Tree::featuresRead).max().orElse(0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeEnsemble e
        && output == e.output
        && trees.equals(e.trees)
        && Arrays.equals(weights, e.weights);
  }

  @Override
  public int hashCode() {
    return Objects.hash(output, trees, Arrays.hashCode(weights));
  }
}
