package io.citypulse.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The states of many stations over time, each row holding from its time until that station's next
 * row (so regular snapshots and change logs read the same way). Immutable; build it with {@link
 * Builder}.
 *
 * <p>Kept as primitive arrays per station: the Divvy month (525,729 rows) is about 12 MB this way.
 */
public final class StateLog {
  private final Map<String, Station> stations;
  private final long start;
  private final long end;
  private final long rows;

  private StateLog(Map<String, Station> stations) {
    this.stations = Collections.unmodifiableMap(stations);
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long count = 0;
    for (Station s : stations.values()) {
      first = Math.min(first, s.firstTime());
      last = Math.max(last, s.lastTime());
      count += s.size();
    }
    this.start = stations.isEmpty() ? 0 : first;
    this.end = stations.isEmpty() ? 0 : last;
    this.rows = count;
  }

  /** The stations by code, in code order. */
  public Map<String, Station> stations() {
    return stations;
  }

  /** The station of this code, or null. */
  public Station station(String code) {
    return stations.get(code);
  }

  /** The earliest row's time (epoch seconds); 0 when empty. */
  public long start() {
    return start;
  }

  /**
   * The latest row's time over all stations (epoch seconds): the log says nothing after it, so
   * every station's last state is taken to hold until then and no further.
   */
  public long end() {
    return end;
  }

  /** The number of rows kept. */
  public long rows() {
    return rows;
  }

  public boolean isEmpty() {
    return stations.isEmpty();
  }

  /** One station's states in time order. */
  public static final class Station {
    private final String code;
    private final int index;
    private final long[] times;
    private final int[] bikes;
    private final int[] docks;
    private final int[] capacity;
    private final int[] mechanical;
    private final int[] ebike;

    private Station(
        String code,
        int index,
        long[] times,
        int[] bikes,
        int[] docks,
        int[] capacity,
        int[] mechanical,
        int[] ebike) {
      this.code = code;
      this.index = index;
      this.times = times;
      this.bikes = bikes;
      this.docks = docks;
      this.capacity = capacity;
      this.mechanical = mechanical;
      this.ebike = ebike;
    }

    public String code() {
      return code;
    }

    /** The station's position in the log's code order, 0-based: an index for per-station arrays. */
    public int index() {
      return index;
    }

    public int size() {
      return times.length;
    }

    public long firstTime() {
      return times[0];
    }

    public long lastTime() {
      return times[times.length - 1];
    }

    /** The time of the i-th state, without building it. */
    long timeOf(int i) {
      return times[i];
    }

    /** The bikes of the i-th state, without building it. */
    int bikesOf(int i) {
      return bikes[i];
    }

    /** The i-th state in time order. */
    public StationState state(int i) {
      return new StationState(times[i], bikes[i], docks[i], capacity[i], mechanical[i], ebike[i]);
    }

    /**
     * The index of the state in force at {@code time} (the last row at or before it), or -1 before
     * the station's first row. Of rows with the same time, the one later in the file wins.
     */
    public int indexAt(long time) {
      int i = Arrays.binarySearch(times, time);
      if (i >= 0) {
        // equal times: binarySearch may land on any of them; the last one is the state in force
        while (i + 1 < times.length && times[i + 1] == time) {
          i++;
        }
        return i;
      }
      return -(i + 1) - 1;
    }

    /** The state in force at {@code time}, or null before the station's first row. */
    public StationState stateAt(long time) {
      int i = indexAt(time);
      return i < 0 ? null : state(i);
    }

    /** Bikes available at {@code time}, or -1 before the station's first row. */
    public int bikesAt(long time) {
      int i = indexAt(time);
      return i < 0 ? -1 : bikes[i];
    }
  }

  /** Collects rows in any order; {@link #build()} sorts each station's rows by time (stably). */
  public static final class Builder {
    private final Map<String, Rows> byStation = new TreeMap<>();

    /** Adds one row; {@code mechanical} and {@code ebike} are -1 when unknown. */
    public Builder add(
        String station, long time, int bikes, int docks, int capacity, int mechanical, int ebike) {
      byStation
          .computeIfAbsent(station, k -> new Rows())
          .add(new StationState(time, bikes, docks, capacity, mechanical, ebike));
      return this;
    }

    /** Adds one row without per-type counts. */
    public Builder add(String station, long time, int bikes, int docks, int capacity) {
      return add(station, time, bikes, docks, capacity, -1, -1);
    }

    public StateLog build() {
      Map<String, Station> stations = new TreeMap<>();
      int index = 0;
      for (Map.Entry<String, Rows> e : byStation.entrySet()) {
        List<StationState> rows = e.getValue().rows;
        // List.sort is stable: rows of equal time keep their file order, so the later one wins
        rows.sort((a, b) -> Long.compare(a.time(), b.time()));
        int n = rows.size();
        long[] times = new long[n];
        int[] bikes = new int[n];
        int[] docks = new int[n];
        int[] capacity = new int[n];
        int[] mechanical = new int[n];
        int[] ebike = new int[n];
        for (int i = 0; i < n; i++) {
          StationState s = rows.get(i);
          times[i] = s.time();
          bikes[i] = s.bikes();
          docks[i] = s.docks();
          capacity[i] = s.capacity();
          mechanical[i] = s.mechanical();
          ebike[i] = s.ebike();
        }
        stations.put(
            e.getKey(),
            new Station(e.getKey(), index++, times, bikes, docks, capacity, mechanical, ebike));
      }
      return new StateLog(stations);
    }
  }

  private static final class Rows {
    final List<StationState> rows = new ArrayList<>();

    void add(StationState s) {
      rows.add(s);
    }
  }
}
