package io.citypulse.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * The evaluation on the real Divvy history (Chicago, April 2014), read in place: it is a
 * third-party capture and is never copied into the project. The build passes its path from
 * {@code -Dforecast.divvy=...} as {@value #PROPERTY}; without it the test is skipped.
 *
 * <p>It asserts facts that hold for any sane evaluation of that file, and prints the numbers (the
 * module's README keeps them).
 */
class DivvyEvaluationTest {
  static final String PROPERTY = "citypulse.forecast.divvy";

  @Test
  void evaluatesTheBaselinesOnTheRealHistory() {
    String path = System.getProperty(PROPERTY, "");
    assumeTrue(
        !path.isBlank(),
        PROPERTY
            + " not set: Divvy evaluation skipped (give"
            + " -Dforecast.divvy=/path/to/divvy_station_states_2014-04.csv.gz)");
    Path file = Path.of(path);
    assumeTrue(Files.isRegularFile(file), file + " is not there: Divvy evaluation skipped");

    long t0 = System.nanoTime();
    StateLogReader.Result read = StateLogReader.read(file);
    long t1 = System.nanoTime();
    // Divvy's times were Chicago local times (the file has them in UTC): slots in Chicago time
    Evaluation evaluation =
        Evaluator.evaluate(read.log(), Evaluator.Options.defaults(ZoneId.of("America/Chicago")));
    long t2 = System.nanoTime();

    System.out.printf(
        "Divvy: %d rows read, %d bad, %d stations; read %.1f s, evaluate %.1f s, peak heap %d MB%n",
        read.rowsRead(),
        read.badRows(),
        read.log().stations().size(),
        (t1 - t0) / 1e9,
        (t2 - t1) / 1e9,
        peakHeapMb());
    System.out.println(EvaluationTable.render(evaluation));
    System.out.println(EvaluationJson.write(evaluation));

    assertThat(read.rowsRead()).isEqualTo(525_729);
    assertThat(read.badRows()).as("bad rows: %s", read.errors()).isZero();
    assertThat(read.log().stations()).hasSizeBetween(290, 310);
    assertThat(evaluation.horizons()).hasSize(3);
    Evaluation.HorizonResult m15 = evaluation.horizons().get(0);
    Evaluation.HorizonResult m60 = evaluation.horizons().get(2);
    // the further ahead, the more the station has changed since now
    assertThat(m15.persistence().mae()).isLessThan(m60.persistence().mae());
    assertThat(m15.persistence().rmse()).isLessThan(m60.persistence().rmse());
    for (Evaluation.HorizonResult h : evaluation.horizons()) {
      assertThat(h.brierEmpty().baseRate()).isStrictlyBetween(0.0, 1.0);
      assertThat(h.brierFull().baseRate()).isStrictlyBetween(0.0, 1.0);
      assertThat(h.brierEmpty().rate()).isStrictlyBetween(0.0, 1.0);
      assertThat(h.brierFull().rate()).isStrictlyBetween(0.0, 1.0);
      // about 300 stations every 5 minutes over the last ~6 days
      assertThat(h.testRows()).isGreaterThan(300_000);
      assertThat(h.trainRows()).isGreaterThan(4 * h.testRows() - h.testRows() / 2);
    }
    // 20 % of the time range, on the grid
    assertThat(evaluation.test().from() % 300).isZero();
    assertThat(evaluation.train().to()).isEqualTo(evaluation.test().from());
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
