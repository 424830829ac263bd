package io.citypulse.forecast;

import java.util.function.Consumer;

/**
 * Turns a state log into samples on the grid of a {@link TimeSplit}: for every station and grid
 * time, the state in force then (as-of lookup) and the state in force a horizon later. A station
 * gives no sample before its first row.
 */
public final class Sampler {
  private Sampler() {}

  /** Which samples to give. */
  public enum Part {
    TRAIN,
    TEST
  }

  /** Gives every {@code part} sample of horizon {@code horizon} (seconds), station by station. */
  public static void forEach(
      StateLog log, TimeSplit split, Part part, long horizon, Consumer<Sample> action) {
    for (StateLog.Station station : log.stations().values()) {
      long first = split.gridAtOrAfter(Math.max(station.firstTime(), split.start()));
      long from = part == Part.TRAIN ? first : Math.max(first, split.gridAtOrAfter(split.split()));
      for (long t = from; ; t += split.step()) {
        boolean inPart = part == Part.TRAIN ? split.isTrain(t, horizon) : split.isTest(t, horizon);
        if (!inPart) {
          break;
        }
        action.accept(
            new Sample(station, t, horizon, station.stateAt(t), station.stateAt(t + horizon)));
      }
    }
  }

  /** The number of {@code part} samples of this horizon. */
  public static long count(StateLog log, TimeSplit split, Part part, long horizon) {
    long[] n = {0};
    forEach(log, split, part, horizon, s -> n[0]++);
    return n[0];
  }
}
