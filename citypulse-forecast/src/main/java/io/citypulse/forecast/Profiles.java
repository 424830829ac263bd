package io.citypulse.forecast;

/**
 * What the baselines learn from the train part of one log, per station and {@link SlotScheme}
 * slot: the usual number of bikes, and for one horizon the usual change of bikes over it.
 */
public final class Profiles {
  private final SlotTable slots;
  private final double[][] levelSum;
  private final int[][] levelCount;
  private final double[] stationMean;

  private Profiles(SlotTable slots, double[][] levelSum, int[][] levelCount, double[] stationMean) {
    this.slots = slots;
    this.levelSum = levelSum;
    this.levelCount = levelCount;
    this.stationMean = stationMean;
  }

  /** The usual bikes of every station and slot, from the grid times before the split. */
  public static Profiles fit(StateLog log, TimeSplit split, SlotScheme scheme) {
    return fit(log, split, new SlotTable(scheme, split.start(), split.end(), split.step()));
  }

  static Profiles fit(StateLog log, TimeSplit split, SlotTable slots) {
    int n = log.stations().size();
    int slotCount = slots.scheme().slotCount();
    double[][] sum = new double[n][slotCount];
    int[][] count = new int[n][slotCount];
    double[] mean = new double[n];
    for (StateLog.Station station : log.stations().values()) {
      int i = station.index();
      double total = 0;
      long seen = 0;
      for (long t = split.gridAtOrAfter(Math.max(station.firstTime(), split.start()));
          t < split.split();
          t += split.step()) {
        int bikes = station.bikesAt(t);
        int slot = slots.slot(t);
        sum[i][slot] += bikes;
        count[i][slot]++;
        total += bikes;
        seen++;
      }
      mean[i] = seen == 0 ? Double.NaN : total / seen;
    }
    return new Profiles(slots, sum, count, mean);
  }

  /**
   * The station's mean bikes in the slot of {@code time}; else its mean over all train times; else
   * NaN (a station first seen in the test part).
   */
  public double usualBikes(StateLog.Station station, long time) {
    int i = station.index();
    int slot = slots.slot(time);
    if (levelCount[i][slot] > 0) {
      return levelSum[i][slot] / levelCount[i][slot];
    }
    return stationMean[i];
  }

  /** The station's mean bikes in {@code slot}, or NaN when no train time fell in it. */
  double slotMean(int stationIndex, int slot) {
    int count = levelCount[stationIndex][slot];
    return count > 0 ? levelSum[stationIndex][slot] / count : Double.NaN;
  }

  /** The station's mean bikes over the train part, or NaN when it has no train time. */
  double stationMean(int stationIndex) {
    return stationMean[stationIndex];
  }

  /** The usual change of bikes over one horizon, by station and slot of the sample time. */
  public static final class Changes {
    private final SlotTable slots;
    private final long horizon;
    private final double[][] sum;
    private final int[][] count;

    private Changes(SlotTable slots, long horizon, double[][] sum, int[][] count) {
      this.slots = slots;
      this.horizon = horizon;
      this.sum = sum;
      this.count = count;
    }

    /** Fits the mean change over {@code horizon} seconds on the train samples. */
    public static Changes fit(StateLog log, TimeSplit split, SlotScheme scheme, long horizon) {
      return fit(
          log, split, new SlotTable(scheme, split.start(), split.end(), split.step()), horizon);
    }

    static Changes fit(StateLog log, TimeSplit split, SlotTable slots, long horizon) {
      int n = log.stations().size();
      int slotCount = slots.scheme().slotCount();
      double[][] sum = new double[n][slotCount];
      int[][] count = new int[n][slotCount];
      Sampler.forEach(log, split, Sampler.Part.TRAIN, horizon, s -> {
        int i = s.station().index();
        int slot = slots.slot(s.time());
        sum[i][slot] += s.target().bikes() - s.now().bikes();
        count[i][slot]++;
      });
      return new Changes(slots, horizon, sum, count);
    }

    public long horizon() {
      return horizon;
    }

    /** The station's mean change in the slot of {@code time}, or 0 when it has none there. */
    public double usualChange(StateLog.Station station, long time) {
      int i = station.index();
      int slot = slots.slot(time);
      return count[i][slot] == 0 ? 0 : sum[i][slot] / count[i][slot];
    }

    /** The station's mean change in {@code slot}, or 0 when it has none there. */
    double slotMean(int stationIndex, int slot) {
      int n = count[stationIndex][slot];
      return n == 0 ? 0 : sum[stationIndex][slot] / n;
    }
  }
}
