package io.citypulse.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TreeEnsembleTest {

  /** x0 <= 2 ? (x1 <= 0.5 ? 1 : 3) : 10, as preorder arrays. */
  static TreeEnsemble.Tree twoLevels() {
    return new TreeEnsemble.Tree(
        new int[] {0, 1, -1, -1, -1},
        new double[] {2, 0.5, 0, 0, 0},
        new int[] {1, 2, -1, -1, -1},
        new int[] {4, 3, -1, -1, -1},
        new double[] {0, 0, 1, 3, 10});
  }

  static TreeEnsemble.Tree leaf(double value) {
    return new TreeEnsemble.Tree(
        new int[] {-1}, new double[] {0}, new int[] {-1}, new int[] {-1}, new double[] {value});
  }

  @Test
  void walksTheSplitsLeftWhenAtOrBelowTheThreshold() {
    TreeEnsemble.Tree tree = twoLevels();
    assertThat(tree.predict(new double[] {2, 0.5})).isEqualTo(1);
    assertThat(tree.predict(new double[] {1, 0.6})).isEqualTo(3);
    assertThat(tree.predict(new double[] {2.01, 0})).isEqualTo(10);
  }

  @Test
  void sumsWeightedTreesOrTurnsTheSumIntoMllibsProbability() {
    List<TreeEnsemble.Tree> trees = List.of(twoLevels(), leaf(-2));
    double[] x = {5, 0};
    // 1.0 * 10 + 0.1 * -2
    assertThat(new TreeEnsemble(TreeEnsemble.Output.SUM, trees, new double[] {1, 0.1}).predict(x))
        .isCloseTo(9.8, org.assertj.core.data.Offset.offset(1e-12));
    // margin 0.5 * 1 + 0.5 * -2 = -0.5: 1 / (1 + e^1)
    double p = new TreeEnsemble(TreeEnsemble.Output.LOGISTIC, trees, new double[] {0.5, 0.5})
        .predict(new double[] {0, 0});
    assertThat(p).isCloseTo(1 / (1 + Math.E), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(new TreeEnsemble(TreeEnsemble.Output.SUM, trees, new double[] {1, 1}).featuresRead())
        .isEqualTo(2);
  }

  @Test
  void refusesATreeThatCouldLoop() {
    assertThatThrownBy(() -> new TreeEnsemble.Tree(
            new int[] {0, 0},
            new double[] {1, 1},
            new int[] {1, 0},
            new int[] {1, 0},
            new double[] {0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node 1");
    assertThatThrownBy(
            () -> new TreeEnsemble(TreeEnsemble.Output.SUM, List.of(leaf(1)), new double[] {1, 2}))
        .hasMessageContaining("one weight per tree");
  }
}
