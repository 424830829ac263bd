package io.citypulse.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.citypulse.forecast.FeatureBuilder;
import io.citypulse.forecast.Horizons;
import io.citypulse.forecast.Profiles;
import io.citypulse.forecast.SlotScheme;
import io.citypulse.forecast.StateLog;
import io.citypulse.forecast.StateLogReader;
import io.citypulse.forecast.TimeSplit;
import io.citypulse.jobs.spark.SparkSessions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GBT prototype on the real Divvy history (Chicago, April 2014), read in place (third-party
 * data, never copied here): {@code -Dforecast.divvy=...} gives its path as {@value #PROPERTY};
 * without it the test is skipped. Same split, grid and slots as citypulse-forecast's {@code
 * DivvyEvaluationTest}; train rows subsampled to {@value #MAX_TRAIN_ROWS} per horizon. Prints MAE
 * per horizon against persistence, training time and peak heap.
 */
class GbtChangeModelDivvyTest {
  static final String PROPERTY = "citypulse.forecast.divvy";
  static final long MAX_TRAIN_ROWS = 150_000;

  @TempDir
  Path workDir;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void gbtAgainstPersistenceOnTheRealHistory() {
    String path = System.getProperty(PROPERTY, "");
    assumeTrue(
        !path.isBlank(),
        PROPERTY
            + " not set: Divvy GBT evaluation skipped (give"
            + " -Dforecast.divvy=/path/to/divvy_station_states_2014-04.csv.gz)");
    Path file = Path.of(path);
    assumeTrue(Files.isRegularFile(file), file + " is not there: Divvy GBT evaluation skipped");

    StateLog log = StateLogReader.read(file).log();
    TimeSplit split = TimeSplit.of(log, 0.2, Duration.ofMinutes(5));
    SlotScheme slots = SlotScheme.quarterHours(ZoneId.of("America/Chicago"));
    Map<Long, Profiles.Changes> changes = new HashMap<>();
    for (Duration h : Horizons.parse("15m,30m,60m")) {
      changes.put(h.getSeconds(), Profiles.Changes.fit(log, split, slots, h.getSeconds()));
    }
    FeatureBuilder features = new FeatureBuilder(slots, Profiles.fit(log, split, slots), changes);

    SparkSession spark = SparkSessions.local("local[2]", 2, workDir);
    try {
      StringBuilder table = new StringBuilder(
          "horizon | train rows | fit s | GBT MAE | GBT rounded MAE | persistence MAE | test rows\n");
      for (Duration h : Horizons.parse("15m,30m,60m")) {
        GbtChangeModel model = GbtChangeModel.fit(
            spark,
            log,
            split,
            features,
            h.getSeconds(),
            GbtChangeModel.Options.small().withMaxTrainRows(MAX_TRAIN_ROWS));
        double[] sums = new double[4]; // n, |model|, |rounded model|, |persistence|
        model.forEachTestPrediction(log, split, features, (s, bikes) -> {
          int actual = s.target().bikes();
          sums[0]++;
          sums[1] += Math.abs(bikes - actual);
          sums[2] += Math.abs(Math.rint(bikes) - actual);
          sums[3] += Math.abs(s.now().bikes() - actual);
        });
        double n = sums[0];
        table.append(String.format(
            "%s | %d | %.1f | %.4f | %.4f | %.4f | %d%n",
            Horizons.label(h),
            model.trainRows(),
            model.trainSeconds(),
            sums[1] / n,
            sums[2] / n,
            sums[3] / n,
            (long) n));
        StringBuilder importances = new StringBuilder("  importances:");
        double[] imp = model.featureImportances();
        for (int i = 0; i < imp.length; i++) {
          if (imp[i] >= 0.01) {
            importances.append(String.format(" %s=%.2f", FeatureBuilder.NAMES.get(i), imp[i]));
          }
        }
        table.append(importances).append('\n');

        assertThat(n).isGreaterThan(300_000);
        assertThat(sums[1] / n).isFinite().isLessThan(2 * sums[3] / n);
      }
      System.out.printf("Divvy GBT (peak heap %d MB):%n%s", peakHeapMb(), table);
    } finally {
      spark.stop();
    }
  }

  private static long peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / (1024 * 1024);
  }
}
