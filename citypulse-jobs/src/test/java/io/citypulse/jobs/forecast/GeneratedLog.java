package io.citypulse.jobs.forecast;

import io.citypulse.forecast.StateLog;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A deterministic change log with a daily rhythm, for the trainer's tests (seeded, no real data):
 * {@code stations} stations of capacity 12 from Monday 2024-01-01 UTC, checked every 10 minutes
 * for {@code days} days. Each station's bikes follow {@code 6 + 5 sin(2π (minute of day / 1440) +
 * phase)} plus a seeded ±1 wobble; a row is written only when the count changes, the first row at
 * the start. Station 0 runs dry at its trough, so empty targets exist; station 1 fills up.
 */
final class GeneratedLog {
  static final long START = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();

  private GeneratedLog() {}

  static StateLog log(int stations, int days, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StateLog.Builder builder = new StateLog.Builder();
    for (int s = 0; s < stations; s++) {
      double phase = 2 * Math.PI * s / stations;
      int last = -1;
      for (long t = START; t <= START + days * 86_400L; t += 600) {
        double dayFraction = ((t - START) % 86_400) / 86_400.0;
        double level = 6 + 5.5 * Math.sin(2 * Math.PI * dayFraction + phase);
        int bikes = (int) Math.max(0, Math.min(12, Math.round(level) + random.nextInt(3) - 1));
        if (bikes != last || t == START) {
          builder.add("S" + s, t, bikes, 12 - bikes, 12);
          last = bikes;
        }
      }
    }
    return builder.build();
  }
}
