package io.citypulse.bench.stats;

import java.util.Arrays;
import java.util.Collection;

/** Order statistics of measured values: median, nearest-rank percentiles, min, max. */
public final class Stats {
  private Stats() {}

  /** Median; the mean of the two middle values for an even count. */
  public static double median(Collection<? extends Number> values) {
    double[] sorted = sorted(values);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  public static double min(Collection<? extends Number> values) {
    return sorted(values)[0];
  }

  public static double max(Collection<? extends Number> values) {
    double[] sorted = sorted(values);
    return sorted[sorted.length - 1];
  }

  /**
   * Nearest-rank percentile of an ascending array: the smallest value such that at least
   * {@code p} percent of the values are at or below it (p in (0, 100]).
   */
  public static long percentile(long[] ascending, double p) {
    if (ascending.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * ascending.length);
    return ascending[Math.max(1, rank) - 1];
  }

  private static double[] sorted(Collection<? extends Number> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    double[] array = values.stream().mapToDouble(Number::doubleValue).toArray();
    Arrays.sort(array);
    return array;
  }
}
