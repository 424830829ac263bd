package io.citypulse.bench.world;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.citypulse.model.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the pipeline published, as a user reading its compacted topics sees it: the latest value
 * of every key of the per-area topic and of the per-system totals topic, each with the moment it
 * was read. {@link #check} compares them with a {@link WorldModel}; {@link #watch} counts the
 * records that differ from it as they arrive (a total that was exact must stay exact: one that
 * goes wrong, or counts more stations than its system has, is a wrong result even if a later
 * record repairs it).
 *
 * <p>Thread-safe: the consumer thread adds records while the bench checks.
 */
public final class WorldTotals {
  /** How many mismatching keys a check or a watch lists (all are counted). */
  public static final int LISTED = 20;

  /** A {@link #check} freshness bound that accepts a value read at any time. */
  public static final long ANY_TIME = Long.MIN_VALUE;

  /** What a check can compare, from what the build under test publishes. */
  public enum Scope {
    /** Every system's total, every {@code system:cell} area and the grand total. */
    SYSTEMS_AND_AREAS,
    /** Every system's total and the grand total (the areas are not cells, or not per system). */
    SYSTEMS,
    /**
     * The grand total only: the sum of the latest per-area records, for a build that writes no
     * per-system totals topic.
     */
    GRAND_TOTAL;

    /** The widest check the run allows. */
    public static Scope of(boolean systemTotalsTopic, boolean cellAreasPerSystem) {
      if (!systemTotalsTopic) {
        return GRAND_TOTAL;
      }
      return cellAreasPerSystem ? SYSTEMS_AND_AREAS : SYSTEMS;
    }

    public String describe() {
      return switch (this) {
        case SYSTEMS_AND_AREAS -> "per system, per area (system:cell) and the grand total";
        case SYSTEMS -> "per system and the grand total";
        case GRAND_TOTAL ->
          "the grand total only (sum of the latest per-area records): this build writes no"
              + " per-system totals topic";
      };
    }
  }

  private record Latest(Totals totals, long readAtNanos) {}

  private final Map<String, Latest> areas = new HashMap<>();
  private final Map<String, Latest> systems = new HashMap<>();
  private long records;
  private long unreadable;

  private WorldModel watched;
  private Scope watchedScope;
  private Map<String, Totals> watchedAreas;
  private Watch watch;

  /** A per-area record (key {@code system:area}, or the area alone for one system); null value = deleted. */
  public synchronized void area(String key, String json, long readAtNanos) {
    Totals totals = parse(json);
    put(areas, key, totals, readAtNanos);
    if (watched != null && totals != null) {
      watch.see(key, watchedAreas.get(key), totals);
    }
  }

  /** A per-system total (key: the system id); null value = deleted. */
  public synchronized void system(String key, String json, long readAtNanos) {
    Totals totals = parse(json);
    put(systems, key, totals, readAtNanos);
    if (watched != null && watchedScope != Scope.GRAND_TOTAL && totals != null) {
      watch.see(key, watched.systems().get(key), totals);
    }
  }

  private Totals parse(String json) {
    records++;
    if (json == null) {
      return null;
    }
    try {
      return Totals.fromJson(Json.MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      unreadable++;
      return null;
    }
  }

  private static void put(Map<String, Latest> map, String key, Totals totals, long at) {
    if (totals == null) {
      map.remove(key);
    } else {
      map.put(key, new Latest(totals, at));
    }
  }

  /** Records read so far (both topics). */
  public synchronized long records() {
    return records;
  }

  /** Records whose value was not JSON (dropped). */
  public synchronized long unreadable() {
    return unreadable;
  }

  /** Keys of the per-area topic so far. */
  public synchronized int areaKeys() {
    return areas.size();
  }

  /** Whether the per-area keys are {@code system:area} (a per-system build), as far as read. */
  public synchronized boolean areasKeyedBySystem() {
    return !areas.isEmpty() && areas.keySet().stream().allMatch(k -> k.indexOf(':') > 0);
  }

  /** The sum of the latest per-area records: the grand total a user of that topic would add up. */
  public synchronized Totals grandTotal() {
    Totals sum = Totals.ZERO;
    for (Latest latest : areas.values()) {
      sum = sum.plus(latest.totals);
    }
    return sum;
  }

  /**
   * The latest values against {@code expected}.
   *
   * @param freshSinceNanos a key read before this instant ({@link System#nanoTime}) counts as not
   *     yet refreshed, so the check fails until the pipeline has published it again (after a
   *     restart the latest values read before the kill would otherwise pass at once); {@link
   *     #ANY_TIME} for none
   */
  public synchronized Check check(WorldModel expected, Scope scope, long freshSinceNanos) {
    List<String> mismatches = new ArrayList<>();
    int[] stale = {0};
    int compared = 1;
    List<String> grandDiff = expected.total().differences(grandTotal());
    if (scope == Scope.GRAND_TOTAL) {
      for (Latest latest : areas.values()) {
        if (latest.totals.stations() > 0 && !fresh(latest, freshSinceNanos)) {
          stale[0]++;
        }
      }
    } else {
      compared += compare("", expected.systems(), systems, freshSinceNanos, mismatches, stale);
      if (scope == Scope.SYSTEMS_AND_AREAS) {
        compared += compare("area ", expected.areas(), areas, freshSinceNanos, mismatches, stale);
      }
    }
    Collections.sort(mismatches);
    if (!grandDiff.isEmpty()) {
      mismatches.add(
          0, "grand total (sum of the per-area records): " + String.join(", ", grandDiff));
    }
    List<String> listed =
        mismatches.size() <= LISTED ? mismatches : new ArrayList<>(mismatches.subList(0, LISTED));
    return new Check(
        mismatches.isEmpty() && stale[0] == 0, compared, mismatches.size(), listed, stale[0]);
  }

  private static boolean fresh(Latest latest, long freshSinceNanos) {
    return freshSinceNanos == ANY_TIME || latest.readAtNanos - freshSinceNanos >= 0;
  }

  /** Compares every expected key, then every key read that is not expected (and not empty). */
  private static int compare(
      String what,
      Map<String, Totals> expected,
      Map<String, Latest> got,
      long freshSinceNanos,
      List<String> mismatches,
      int[] stale) {
    int compared = 0;
    for (Map.Entry<String, Totals> e : expected.entrySet()) {
      compared++;
      Latest latest = got.get(e.getKey());
      if (latest == null) {
        mismatches.add(what + e.getKey() + ": missing");
        continue;
      }
      List<String> diff = e.getValue().differences(latest.totals);
      if (!diff.isEmpty()) {
        mismatches.add(what + e.getKey() + ": " + String.join(", ", diff));
      } else if (!fresh(latest, freshSinceNanos)) {
        stale[0]++;
      }
    }
    for (Map.Entry<String, Latest> e : got.entrySet()) {
      if (!expected.containsKey(e.getKey()) && e.getValue().totals.stations() > 0) {
        compared++;
        mismatches.add(
            what + e.getKey() + ": not expected (" + e.getValue().totals.stations() + " stations)");
      }
    }
    return compared;
  }

  /**
   * From now on, until {@link #stopWatching}, compare every arriving record of an unchanging world
   * with its key's expected total: per system (unless {@link Scope#GRAND_TOTAL}), and per area the
   * model's with {@link Scope#SYSTEMS_AND_AREAS}; otherwise each area's latest value now, which a
   * check found adding up to the expected grand total: in a world that does not change, no area
   * may change either.
   */
  public synchronized void watch(WorldModel expected, Scope scope) {
    this.watched = Objects.requireNonNull(expected);
    this.watchedScope = Objects.requireNonNull(scope);
    if (scope == Scope.SYSTEMS_AND_AREAS) {
      this.watchedAreas = expected.areas();
    } else {
      this.watchedAreas = new HashMap<>();
      areas.forEach((key, latest) -> watchedAreas.put(key, latest.totals));
    }
    this.watch = new Watch();
  }

  /** What arrived since {@link #watch}. */
  public synchronized WatchResult stopWatching() {
    if (watch == null) {
      return new WatchResult(0, 0, 0, List.of());
    }
    WatchResult result =
        new WatchResult(watch.checked, watch.wrong, watch.exceeding, List.copyOf(watch.examples));
    watched = null;
    watchedAreas = null;
    watch = null;
    return result;
  }

  private static final class Watch {
    long checked;
    long wrong;
    long exceeding;
    final List<String> examples = new ArrayList<>();

    void see(String key, Totals expected, Totals got) {
      checked++;
      List<String> diff = expected == null
          ? (got.stations() == 0 ? List.of() : List.of("not expected"))
          : expected.differences(got);
      if (diff.isEmpty()) {
        return;
      }
      wrong++;
      if (expected == null || got.stations() > expected.stations()) {
        exceeding++;
      }
      if (examples.size() < LISTED) {
        examples.add(key + ": " + String.join(", ", diff));
      }
    }
  }

  /**
   * One comparison.
   *
   * @param exact every compared total equal and, where asked, read again since the given instant
   * @param compared totals compared (keys, plus the grand total)
   * @param mismatched totals that differ, are missing or are not expected
   * @param mismatches the first {@value #LISTED} of them, sorted by key (the grand total first)
   * @param notRefreshed equal totals not read again since the instant given
   */
  public record Check(
      boolean exact, int compared, int mismatched, List<String> mismatches, int notRefreshed) {
    public Check {
      mismatches = List.copyOf(mismatches);
    }
  }

  /**
   * Records compared while watching.
   *
   * @param checked records that had an expected value (or should not exist)
   * @param wrong of them, those that differed
   * @param exceeding of the wrong ones, those that counted more stations than expected, or a key
   *     that should not exist: the signature of a double count
   * @param examples the first {@value #LISTED} wrong ones
   */
  public record WatchResult(long checked, long wrong, long exceeding, List<String> examples) {}
}
