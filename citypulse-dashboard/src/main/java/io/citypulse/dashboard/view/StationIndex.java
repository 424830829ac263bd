package io.citypulse.dashboard.view;

import io.citypulse.model.StationRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Where every station is and what it holds, for views of the map at any scale: the stations in a
 * box when they are few, else per-cell clusters (counts and sums), and per-system totals. Kept up
 * to date one station state at a time ({@link #put}); thread-safe (one writer at a time, readers
 * in parallel).
 *
 * <p>Stations live in parallel primitive arrays (one slot per station, never freed: a station key
 * stays known) and in buckets, the cells of level {@value #BUCKET_LEVEL} (about 10 km at the
 * equator, 6 km at Paris), which also keep their stations' sums. A view is answered from the
 * buckets that meet it: a cluster of level {@value #BUCKET_LEVEL} or coarser is a sum of whole
 * buckets, so a world view costs one pass over the buckets, not over the stations; finer cells and
 * the border buckets of a box are read station by station. A view of one system reads that
 * system's stations only (a few thousand at most).
 *
 * <p>Cells are map tiles ({@link WebMercator}); the clusters of a view at zoom {@code z} are the
 * cells of level {@code z + 2}, 64 screen pixels wide, coarser when the box would span more than
 * {@value #MAX_CELLS_ACROSS} of them (a client sending a world box with a deep zoom gets a few
 * thousand clusters at most, not one per station).
 */
public final class StationIndex {
  /** Below this many stations in a view, the stations themselves are sent (a Vélib'-sized city). */
  public static final int DEFAULT_MAX_STATIONS = 2000;

  static final int BUCKET_LEVEL = 12;
  static final int CELL_SHIFT = 2;
  static final int MAX_LEVEL = 24;
  static final int MAX_CELLS_ACROSS = 64;

  private static final int UNKNOWN = -1;
  private static final byte EMPTY = 1;
  private static final byte FULL = 2;
  private static final int INITIAL_SLOTS = 1024;

  private final int maxStations;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Integer> slotOfKey = new HashMap<>();
  private String[] keys = new String[INITIAL_SLOTS];
  private int[] systemOf = new int[INITIAL_SLOTS];
  /** Mercator position; NaN when the station has no coordinates (counted, not drawn). */
  private double[] xs = new double[INITIAL_SLOTS];

  private double[] ys = new double[INITIAL_SLOTS];
  private int[] bikes = new int[INITIAL_SLOTS];
  /** {@value #UNKNOWN} when the feed does not say. */
  private int[] docks = new int[INITIAL_SLOTS];

  private int[] mechanical = new int[INITIAL_SLOTS];
  private int[] ebike = new int[INITIAL_SLOTS];
  private byte[] flags = new byte[INITIAL_SLOTS];
  private int size;
  private final Map<Long, Bucket> buckets = new HashMap<>();
  private final Map<String, Integer> systemIds = new HashMap<>();
  private final List<SystemState> systems = new ArrayList<>();

  public StationIndex() {
    this(DEFAULT_MAX_STATIONS);
  }

  /** @param maxStations a view holding more stations than this is answered with clusters */
  public StationIndex(int maxStations) {
    if (maxStations < 0) {
      throw new IllegalArgumentException("maxStations must not be negative, got " + maxStations);
    }
    this.maxStations = maxStations;
  }

  /** A station's position as the live updates need it: which views it shows in. */
  public record Placement(String system, double x, double y) {
    public boolean placed() {
      return !Double.isNaN(x);
    }

    /** Whether a view shows this station (its system, and its position in the box). */
    public boolean in(Viewport view) {
      return view.shows(system) && placed() && view.contains(x, y);
    }

    /**
     * Whether its cell of {@code level} is one of the clusters of {@code view}: of the view's
     * system and meeting its box (a cluster on the box's edge holds stations just outside it).
     */
    public boolean inClustersOf(Viewport view, int level) {
      if (!view.shows(system) || !placed()) {
        return false;
      }
      int cx = WebMercator.cell(level, x);
      int cy = WebMercator.cell(level, y);
      return cx >= WebMercator.cell(level, view.minX())
          && cx <= WebMercator.cell(level, view.maxX())
          && cy >= WebMercator.cell(level, view.minY())
          && cy <= WebMercator.cell(level, view.maxY());
    }

    /** The id of its cell of {@code level} (as {@link Cluster#id()}), null when not placed. */
    public String cell(int level) {
      return placed()
          ? Cluster.id(
              WebMercator.cellId(level, WebMercator.cell(level, x), WebMercator.cell(level, y)))
          : null;
    }
  }

  /** Adds or replaces the state of station {@code key} (its system never changes: it is in the key). */
  public void put(String key, StationRecord record) {
    double x = Double.NaN;
    double y = Double.NaN;
    if (record.lat() != null
        && record.lon() != null
        && Math.abs(record.lat()) <= 90
        && Math.abs(record.lon()) <= 180) {
      x = WebMercator.x(record.lon());
      y = WebMercator.y(record.lat());
    }
    int bikeCount = record.bikesAvailable();
    int dockCount = record.docksAvailable() == null ? UNKNOWN : record.docksAvailable();
    byte flag = (byte) ((bikeCount == 0 ? EMPTY : 0) | (dockCount == 0 ? FULL : 0));
    lock.writeLock().lock();
    try {
      Integer known = slotOfKey.get(key);
      int slot;
      long oldBucket = -1;
      if (known == null) {
        slot = newSlot(key, record.system());
      } else {
        slot = known;
        systems.get(systemOf[slot]).remove(this, slot);
        oldBucket = bucketId(slot);
        if (oldBucket >= 0) {
          buckets.get(oldBucket).remove(this, slot);
        }
      }
      xs[slot] = x;
      ys[slot] = y;
      bikes[slot] = bikeCount;
      docks[slot] = dockCount;
      mechanical[slot] = record.mechanical() == null ? UNKNOWN : record.mechanical();
      ebike[slot] = record.ebike() == null ? UNKNOWN : record.ebike();
      flags[slot] = flag;
      systems.get(systemOf[slot]).add(this, slot);
      long newBucket = bucketId(slot);
      if (oldBucket != newBucket && oldBucket >= 0) {
        Bucket old = buckets.get(oldBucket);
        old.removeSlot(slot);
        if (old.size == 0) {
          buckets.remove(oldBucket);
        }
      }
      if (newBucket >= 0) {
        Bucket bucket = buckets.computeIfAbsent(newBucket, Bucket::new);
        if (oldBucket != newBucket) {
          bucket.addSlot(slot);
        }
        bucket.add(this, slot);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Stations held, placed or not. */
  public int size() {
    lock.readLock().lock();
    try {
      return size;
    } finally {
      lock.readLock().unlock();
    }
  }

  public Optional<Placement> placement(String key) {
    lock.readLock().lock();
    try {
      Integer slot = slotOfKey.get(key);
      return slot == null
          ? Optional.empty()
          : Optional.of(new Placement(systems.get(systemOf[slot]).name, xs[slot], ys[slot]));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The cell level of the clusters of {@code view} (see the class comment). */
  public static int clusterLevel(Viewport view) {
    int level = Math.min(view.zoom() + CELL_SHIFT, MAX_LEVEL);
    while (level > 0
        && (span(level, view.minX(), view.maxX()) > MAX_CELLS_ACROSS
            || span(level, view.minY(), view.maxY()) > MAX_CELLS_ACROSS)) {
      level--;
    }
    return level;
  }

  /**
   * The stations of {@code view} (keys, sorted) when at most the threshold, else its clusters
   * (sorted by column, then row): every cell of the cluster level that meets the box, with all
   * its stations, so a cluster's figures do not change as the map pans.
   */
  public ViewContent query(Viewport view) {
    int level = clusterLevel(view);
    Box box = new Box(view);
    lock.readLock().lock();
    try {
      SystemState system = null;
      if (view.system() != null) {
        Integer id = systemIds.get(view.system());
        if (id == null) {
          return new ViewContent(0, level, List.of(), null);
        }
        system = systems.get(id);
      }
      List<String> inBox = new ArrayList<>();
      int count = system != null ? collect(system, box, inBox) : collectAll(box, inBox);
      if (count <= maxStations) {
        inBox.sort(Comparator.naturalOrder());
        return new ViewContent(count, level, inBox, null);
      }
      Map<Long, Sum> cells = system != null
          ? clusterStations(system.slots, system.size, level, box, new TreeMap<>())
          : clusterAll(level, box);
      List<Cluster> clusters = new ArrayList<>(cells.size());
      cells.forEach((cell, sum) -> clusters.add(sum.cluster(cell)));
      return new ViewContent(count, level, null, clusters);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Every system together, with the box of all placed stations. */
  public SystemTotals totals() {
    return totals(true);
  }

  /**
   * Every system together.
   *
   * @param withBounds false leaves {@code bbox} null and skips reading every station's position
   */
  public SystemTotals totals(boolean withBounds) {
    lock.readLock().lock();
    try {
      SystemState all = new SystemState(null);
      double[] bbox = null;
      for (SystemState system : systems) {
        all.merge(system);
        if (withBounds) {
          bbox = union(bbox, bbox(system));
        }
      }
      return all.totals(bbox);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Each system's totals, sorted by system id. */
  public List<SystemTotals> systems() {
    lock.readLock().lock();
    try {
      return systems.stream()
          .sorted(Comparator.comparing(s -> s.name))
          .map(s -> s.totals(bbox(s)))
          .toList();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The totals of the named systems that are held, sorted by system id, without their {@code
   * bbox} (null): for live updates, whose receivers have it from {@link #systems()}.
   */
  public List<SystemTotals> systemsWithoutBounds(Collection<String> names) {
    lock.readLock().lock();
    try {
      return names.stream()
          .distinct()
          .sorted()
          .map(systemIds::get)
          .filter(id -> id != null)
          .map(id -> systems.get(id).totals(null))
          .toList();
    } finally {
      lock.readLock().unlock();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private int newSlot(String key, String systemName) {
    if (size == keys.length) {
      int capacity = size * 2;
      keys = Arrays.copyOf(keys, capacity);
      systemOf = Arrays.copyOf(systemOf, capacity);
      xs = Arrays.copyOf(xs, capacity);
      ys = Arrays.copyOf(ys, capacity);
      bikes = Arrays.copyOf(bikes, capacity);
      docks = Arrays.copyOf(docks, capacity);
      mechanical = Arrays.copyOf(mechanical, capacity);
      ebike = Arrays.copyOf(ebike, capacity);
      flags = Arrays.copyOf(flags, capacity);
    }
    int slot = size++;
    keys[slot] = key;
    xs[slot] = Double.NaN;
    ys[slot] = Double.NaN;
    int system = systemIds.computeIfAbsent(systemName, name -> {
      systems.add(new SystemState(name));
      return systems.size() - 1;
    });
    systemOf[slot] = system;
    SystemState state = systems.get(system);
    state.addSlot(slot);
    state.stations++;
    slotOfKey.put(key, slot);
    return slot;
  }

  private long bucketId(int slot) {
    if (Double.isNaN(xs[slot])) {
      return -1;
    }
    return WebMercator.cellId(
        BUCKET_LEVEL,
        WebMercator.cell(BUCKET_LEVEL, xs[slot]),
        WebMercator.cell(BUCKET_LEVEL, ys[slot]));
  }

  private boolean placed(int slot) {
    return !Double.isNaN(xs[slot]);
  }

  /** Stations of one system in the box, their keys added to {@code keys} up to one past the threshold. */
  private int collect(SystemState system, Box box, List<String> into) {
    int count = 0;
    for (int i = 0; i < system.size; i++) {
      int slot = system.slots[i];
      if (placed(slot) && box.contains(xs[slot], ys[slot])) {
        count++;
        if (into.size() <= maxStations) {
          into.add(keys[slot]);
        }
      }
    }
    return count;
  }

  private int collectAll(Box box, List<String> into) {
    CellRange range = box.range(BUCKET_LEVEL);
    int count = 0;
    for (Bucket bucket : buckets.values()) {
      int bx = WebMercator.column(bucket.id);
      int by = WebMercator.row(bucket.id);
      if (!range.contains(bx, by)) {
        continue;
      }
      if (range.interior(bx, by) && into.size() + bucket.size > maxStations + 1) {
        // Wholly inside: its size is its count; its keys are not needed once over the threshold.
        count += bucket.size;
        continue;
      }
      for (int i = 0; i < bucket.size; i++) {
        int slot = bucket.slots[i];
        if (box.contains(xs[slot], ys[slot])) {
          count++;
          if (into.size() <= maxStations) {
            into.add(keys[slot]);
          }
        }
      }
    }
    return count;
  }

  private Map<Long, Sum> clusterAll(int level, Box box) {
    Map<Long, Sum> cells = new TreeMap<>();
    CellRange range = box.range(level);
    if (level <= BUCKET_LEVEL) {
      int shift = BUCKET_LEVEL - level;
      for (Bucket bucket : buckets.values()) {
        int cx = WebMercator.column(bucket.id) >> shift;
        int cy = WebMercator.row(bucket.id) >> shift;
        if (range.contains(cx, cy)) {
          // A TreeMap of cell ids: clusters come sorted by column, then row.
          cells
              .computeIfAbsent(WebMercator.cellId(level, cx, cy), k -> new Sum())
              .add(bucket);
        }
      }
      return cells;
    }
    CellRange buckets = box.range(BUCKET_LEVEL);
    for (Bucket bucket : this.buckets.values()) {
      if (buckets.contains(WebMercator.column(bucket.id), WebMercator.row(bucket.id))) {
        clusterStations(bucket.slots, bucket.size, level, box, cells);
      }
    }
    return cells;
  }

  private Map<Long, Sum> clusterStations(
      int[] slots, int count, int level, Box box, Map<Long, Sum> cells) {
    CellRange range = box.range(level);
    for (int i = 0; i < count; i++) {
      int slot = slots[i];
      if (!placed(slot)) {
        continue;
      }
      int cx = WebMercator.cell(level, xs[slot]);
      int cy = WebMercator.cell(level, ys[slot]);
      if (range.contains(cx, cy)) {
        cells.computeIfAbsent(WebMercator.cellId(level, cx, cy), k -> new Sum()).add(this, slot);
      }
    }
    return cells;
  }

  private double[] bbox(SystemState system) {
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < system.size; i++) {
      int slot = system.slots[i];
      if (placed(slot)) {
        minX = Math.min(minX, xs[slot]);
        maxX = Math.max(maxX, xs[slot]);
        minY = Math.min(minY, ys[slot]);
        maxY = Math.max(maxY, ys[slot]);
      }
    }
    if (minX > maxX) {
      return null;
    }
    return new double[] {
      WebMercator.rounded(WebMercator.lon(minX)),
      WebMercator.rounded(WebMercator.lat(maxY)),
      WebMercator.rounded(WebMercator.lon(maxX)),
      WebMercator.rounded(WebMercator.lat(minY))
    };
  }

  private static double[] union(double[] a, double[] b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return new double[] {
      Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])
    };
  }

  private static int span(int level, double from, double to) {
    return WebMercator.cell(level, to) - WebMercator.cell(level, from) + 1;
  }

  /** The view's box in mercator units, computed once per query. */
  private static final class Box {
    final double minX;
    final double maxX;
    final double minY;
    final double maxY;

    Box(Viewport view) {
      minX = view.minX();
      maxX = view.maxX();
      minY = view.minY();
      maxY = view.maxY();
    }

    boolean contains(double x, double y) {
      return x >= minX && x <= maxX && y >= minY && y <= maxY;
    }

    CellRange range(int level) {
      return new CellRange(
          WebMercator.cell(level, minX),
          WebMercator.cell(level, maxX),
          WebMercator.cell(level, minY),
          WebMercator.cell(level, maxY));
    }
  }

  /** The cells of one level that meet a box. */
  private record CellRange(int minColumn, int maxColumn, int minRow, int maxRow) {
    boolean contains(int cx, int cy) {
      return cx >= minColumn && cx <= maxColumn && cy >= minRow && cy <= maxRow;
    }

    /** Not on the range's border: wholly inside the box. */
    boolean interior(int cx, int cy) {
      return cx > minColumn && cx < maxColumn && cy > minRow && cy < maxRow;
    }
  }

  /** The slots of one cell of level {@value #BUCKET_LEVEL} and their sums. */
  private static final class Bucket {
    final long id;
    int[] slots = new int[8];
    int size;
    long bikes;
    long docks;
    int empty;
    int full;
    double sumX;
    double sumY;

    Bucket(long id) {
      this.id = id;
    }

    void addSlot(int slot) {
      if (size == slots.length) {
        slots = Arrays.copyOf(slots, size * 2);
      }
      slots[size++] = slot;
    }

    /** Order is not kept: the last slot takes the removed one's place. */
    void removeSlot(int slot) {
      for (int i = 0; i < size; i++) {
        if (slots[i] == slot) {
          slots[i] = slots[--size];
          return;
        }
      }
    }

    void add(StationIndex index, int slot) {
      bikes += index.bikes[slot];
      docks += Math.max(0, index.docks[slot]);
      empty += (index.flags[slot] & EMPTY) != 0 ? 1 : 0;
      full += (index.flags[slot] & FULL) != 0 ? 1 : 0;
      sumX += index.xs[slot];
      sumY += index.ys[slot];
    }

    void remove(StationIndex index, int slot) {
      bikes -= index.bikes[slot];
      docks -= Math.max(0, index.docks[slot]);
      empty -= (index.flags[slot] & EMPTY) != 0 ? 1 : 0;
      full -= (index.flags[slot] & FULL) != 0 ? 1 : 0;
      sumX -= index.xs[slot];
      sumY -= index.ys[slot];
    }
  }

  /** One cluster being summed. */
  private static final class Sum {
    int stations;
    long bikes;
    long docks;
    int empty;
    int full;
    double sumX;
    double sumY;

    void add(Bucket bucket) {
      stations += bucket.size;
      bikes += bucket.bikes;
      docks += bucket.docks;
      empty += bucket.empty;
      full += bucket.full;
      sumX += bucket.sumX;
      sumY += bucket.sumY;
    }

    void add(StationIndex index, int slot) {
      stations++;
      bikes += index.bikes[slot];
      docks += Math.max(0, index.docks[slot]);
      empty += (index.flags[slot] & EMPTY) != 0 ? 1 : 0;
      full += (index.flags[slot] & FULL) != 0 ? 1 : 0;
      sumX += index.xs[slot];
      sumY += index.ys[slot];
    }

    Cluster cluster(long cell) {
      int level = WebMercator.level(cell);
      int cx = WebMercator.column(cell);
      int cy = WebMercator.row(cell);
      return new Cluster(
          Cluster.id(cell),
          WebMercator.rounded(WebMercator.lat(sumY / stations)),
          WebMercator.rounded(WebMercator.lon(sumX / stations)),
          stations,
          bikes,
          docks,
          empty,
          full,
          WebMercator.bounds(level, cx, cy));
    }
  }

  /** One system's stations and running totals. */
  private static final class SystemState {
    final String name;
    int[] slots = new int[8];
    int size;
    int stations;
    long bikes;
    long docks;
    long mechanical;
    int mechanicalKnown;
    long ebike;
    int ebikeKnown;
    long untyped;
    int empty;
    int full;

    SystemState(String name) {
      this.name = name;
    }

    void addSlot(int slot) {
      if (size == slots.length) {
        slots = Arrays.copyOf(slots, size * 2);
      }
      slots[size++] = slot;
    }

    void add(StationIndex index, int slot) {
      change(index, slot, 1);
    }

    void remove(StationIndex index, int slot) {
      change(index, slot, -1);
    }

    private void change(StationIndex index, int slot, int sign) {
      int bikeCount = index.bikes[slot];
      bikes += sign * bikeCount;
      docks += sign * Math.max(0, index.docks[slot]);
      if (index.mechanical[slot] != UNKNOWN) {
        mechanical += sign * index.mechanical[slot];
        mechanicalKnown += sign;
      }
      if (index.ebike[slot] != UNKNOWN) {
        ebike += sign * index.ebike[slot];
        ebikeKnown += sign;
      }
      if (index.mechanical[slot] == UNKNOWN && index.ebike[slot] == UNKNOWN) {
        untyped += sign * bikeCount;
      }
      empty += sign * ((index.flags[slot] & EMPTY) != 0 ? 1 : 0);
      full += sign * ((index.flags[slot] & FULL) != 0 ? 1 : 0);
    }

    void merge(SystemState other) {
      stations += other.stations;
      bikes += other.bikes;
      docks += other.docks;
      mechanical += other.mechanical;
      mechanicalKnown += other.mechanicalKnown;
      ebike += other.ebike;
      ebikeKnown += other.ebikeKnown;
      untyped += other.untyped;
      empty += other.empty;
      full += other.full;
    }

    SystemTotals totals(double[] bbox) {
      return new SystemTotals(
          name,
          stations,
          bikes,
          mechanicalKnown > 0 ? mechanical : null,
          ebikeKnown > 0 ? ebike : null,
          untyped,
          docks,
          empty,
          full,
          bbox);
    }
  }
}
