package io.citypulse.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Stats.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
    assertThat(Stats.median(List.of(4, 1, 3, 2))).isEqualTo(2.5);
    assertThat(Stats.median(List.of(7L))).isEqualTo(7.0);
    assertThat(Stats.min(List.of(4, 1, 3))).isEqualTo(1.0);
    assertThat(Stats.max(List.of(4, 1, 3))).isEqualTo(4.0);
  }

  @Test
  void nearestRankPercentiles() {
    long[] hundred = new long[100];
    for (int i = 0; i < 100; i++) {
      hundred[i] = i + 1;
    }
    assertThat(Stats.percentile(hundred, 50)).isEqualTo(50);
    assertThat(Stats.percentile(hundred, 95)).isEqualTo(95);
    assertThat(Stats.percentile(hundred, 99)).isEqualTo(99);
    assertThat(Stats.percentile(hundred, 100)).isEqualTo(100);
    long[] four = {10, 20, 30, 40};
    assertThat(Stats.percentile(four, 50)).isEqualTo(20);
    assertThat(Stats.percentile(four, 51)).isEqualTo(30);
    assertThat(Stats.percentile(four, 99)).isEqualTo(40);
    assertThat(Stats.percentile(new long[] {7}, 1)).isEqualTo(7);
    assertThatThrownBy(() -> Stats.percentile(new long[0], 50))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verdictComparesTheMedianWithTheTarget() {
    assertThat(new Figure("a", "a", "ms", List.of(100.0, 300.0, 200.0), 250.0, false, Map.of())
            .verdict())
        .isEqualTo("PASS");
    assertThat(new Figure("a", "a", "ms", List.of(100.0, 300.0, 260.0), 250.0, false, Map.of())
            .verdict())
        .isEqualTo("FAIL");
    assertThat(new Figure("r", "r", "x", List.of(1.4, 1.6, 1.5), 1.5, true, Map.of()).verdict())
        .isEqualTo("PASS");
    assertThat(new Figure("r", "r", "x", List.of(), 1.5, true, Map.of()).verdict())
        .isEqualTo("n/a");
    assertThat(Figure.info("i", "i", "MB", List.of(1.0)).verdict()).isEqualTo("-");
  }
}
