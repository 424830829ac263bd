package io.citypulse.forecast;

import io.citypulse.files.FileFormat;
import io.citypulse.files.ReadOptions;
import io.citypulse.testkit.StationStatesFixture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A hand-made change log of two stations over two weekdays, small enough to compute every
 * baseline by hand (see {@link EvaluatorFixtureTest}). Written for these tests, not taken from
 * any data set.
 *
 * <p>Grid and slots are 6 hours so that each slot of Monday (train) has a counterpart on Tuesday
 * (test). The state of each station at each grid time (UTC):
 *
 * <pre>
 *            Mon 00  06  12  18 | Tue 00  06  12  18 | Wed 00
 * A bikes        5   3   0   2  |     6   6   4  10  |     8     (capacity 10; Tue 18 is full)
 * B bikes        -   -   4   1  |     1   0   0   0  |     2     (capacity 4; first row Mon 07:00)
 * </pre>
 */
final class Fixture {
  private Fixture() {}

  /** See {@link StationStatesFixture}: the table above. */
  static final String CSV = StationStatesFixture.CSV;

  static final long MON = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
  static final long HOUR = 3600;

  static StateLogReader.Result read(String csv) {
    return StateLogReader.read(
        "fixture",
        FileFormat.CSV,
        new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
        ReadOptions.defaults());
  }

  static StateLog log() {
    return read(CSV).log();
  }

  /** Test fraction 0.5 (split Tue 00:00), 6-hour grid and slots in UTC, horizons 6 h and 12 h. */
  static Evaluator.Options options() {
    return new Evaluator.Options(
        List.of(Duration.ofHours(6), Duration.ofHours(12)),
        0.5,
        Duration.ofHours(6),
        new SlotScheme(ZoneOffset.UTC, 360));
  }
}
