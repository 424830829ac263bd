package io.citypulse.jobs.forecast;

import io.citypulse.forecast.TreeEnsemble;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.Node;

/**
 * Spark MLlib's fitted gradient-boosted trees as plain {@link TreeEnsemble}s, so that scoring needs
 * no Spark: each tree's nodes in preorder (a parent before its children), the model's tree weights
 * kept as they are.
 */
final class TreeExport {
  private TreeExport() {}

  /** A regressor: the weighted sum of its trees. */
  static TreeEnsemble of(GBTRegressionModel model) {
    return new TreeEnsemble(TreeEnsemble.Output.SUM, trees(model.trees()), model.treeWeights());
  }

  /** A binary classifier: MLlib's probability of label 1 from the weighted sum. */
  static TreeEnsemble of(GBTClassificationModel model) {
    return new TreeEnsemble(
        TreeEnsemble.Output.LOGISTIC, trees(model.trees()), model.treeWeights());
  }

  private static List<TreeEnsemble.Tree> trees(DecisionTreeRegressionModel[] models) {
    List<TreeEnsemble.Tree> trees = new ArrayList<>(models.length);
    for (DecisionTreeRegressionModel m : models) {
      trees.add(tree(m.rootNode()));
    }
    return trees;
  }

  static TreeEnsemble.Tree tree(Node root) {
    List<Node> nodes = new ArrayList<>();
    collect(root, nodes);
    int n = nodes.size();
    int[] feature = new int[n];
    double[] threshold = new double[n];
    int[] left = new int[n];
    int[] right = new int[n];
    double[] value = new double[n];
    int[] next = {0};
    fill(root, next, feature, threshold, left, right, value);
    return new TreeEnsemble.Tree(feature, threshold, left, right, value);
  }

  private static void collect(Node node, List<Node> nodes) {
    nodes.add(node);
    if (node instanceof InternalNode in) {
      collect(in.leftChild(), nodes);
      collect(in.rightChild(), nodes);
    }
  }

  /** Writes {@code node} at index {@code next[0]} and its subtree after it; returns its index. */
  private static int fill(
      Node node,
      int[] next,
      int[] feature,
      double[] threshold,
      int[] left,
      int[] right,
      double[] value) {
    int i = next[0]++;
    value[i] = node.prediction();
    if (node instanceof InternalNode in) {
      if (!(in.split() instanceof ContinuousSplit split)) {
        // the trainer declares no categorical feature, so MLlib makes no categorical split
        throw new IllegalStateException("categorical split in a forecast tree: not supported");
      }
      feature[i] = split.featureIndex();
      threshold[i] = split.threshold();
      left[i] = fill(in.leftChild(), next, feature, threshold, left, right, value);
      right[i] = fill(in.rightChild(), next, feature, threshold, left, right, value);
    } else {
      feature[i] = -1;
      left[i] = -1;
      right[i] = -1;
    }
    return i;
  }
}
