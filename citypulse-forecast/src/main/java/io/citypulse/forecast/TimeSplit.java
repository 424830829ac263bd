package io.citypulse.forecast;

import java.time.Duration;

/**
 * Train on the first part of a log's time range, test on the last: split by time, never at random,
 * so the test part is a future the fitted numbers never saw.
 *
 * <p>Samples are taken at times on a grid of {@code step} (multiples of it since the epoch, so the
 * same for every station and run). A train sample has its time and its target time before {@code
 * split}; a test sample has its time at or after {@code split} and its target time at or before
 * {@code end} (the last row of the log). A sample's features may look before its time, into the
 * train part: at prediction time the past is known.
 *
 * @param start the log's first row (epoch seconds)
 * @param split first instant of the test part (on the grid)
 * @param end the log's last row
 * @param step sampling grid, seconds
 */
public record TimeSplit(long start, long split, long end, long step) {

  public TimeSplit {
    if (step <= 0) {
      throw new IllegalArgumentException("step must be positive");
    }
    if (!(start < split && split < end)) {
      throw new IllegalArgumentException(
          "the log's time range is too short to split: start " + start + ", end " + end);
    }
  }

  /**
   * Puts the last {@code testFraction} of {@code [start, end]} in the test part, the split rounded
   * down to the grid.
   */
  public static TimeSplit of(long start, long end, double testFraction, Duration step) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException(
          "test fraction " + testFraction + " is not strictly between 0 and 1");
    }
    long stepSeconds = step.getSeconds();
    long raw = end - (long) Math.floor((end - start) * testFraction);
    long split = Math.floorDiv(raw, stepSeconds) * stepSeconds;
    if (split <= start) {
      split = raw;
    }
    return new TimeSplit(start, split, end, stepSeconds);
  }

  /** The log's split of {@code log}. */
  public static TimeSplit of(StateLog log, double testFraction, Duration step) {
    if (log.isEmpty()) {
      throw new IllegalArgumentException("the state log is empty: nothing to split");
    }
    return of(log.start(), log.end(), testFraction, step);
  }

  /** The first grid time at or after {@code t}. */
  public long gridAtOrAfter(long t) {
    return Math.floorDiv(t + step - 1, step) * step;
  }

  /** Whether a sample at {@code t} with target at {@code t + horizon} is a train sample. */
  public boolean isTrain(long t, long horizon) {
    return t >= start && t + horizon < split;
  }

  /** Whether a sample at {@code t} with target at {@code t + horizon} is a test sample. */
  public boolean isTest(long t, long horizon) {
    return t >= split && t + horizon <= end;
  }
}
