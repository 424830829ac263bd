package io.citypulse.jobs.availability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupState;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The station step of the availability job, keyed by station: keeps the latest state of one
 * station and, when a record replaces it, sends the change to the area step as two rows of
 * {@link #SCHEMA}: the previous state's share taken back from its area (sign -1) and the new
 * state's share added to its area (sign +1). A station that moves (its postcode resolved later,
 * or changed) is thus taken out of its old area in the same micro-batch as it joins the new one.
 *
 * <p>Input rows are those of {@link LatestPerStationReducer} for this station (one per input
 * partition that held its records; summary rows of stale and rejected counts may share a group).
 * They are applied in Kafka order (partition, offset), so the state and the accepted/stale counts are those of applying every
 * record in its own batch. The batch's accepted, stale and rejected counts go to {@code counts}.
 *
 * <p>These counts are added in a shuffle-map task, not in the write task: Spark re-applies a
 * task's accumulator update if it re-runs a stage (after a lost shuffle file on a cluster), which
 * would over-count that batch's metrics. The data is not affected: state and output follow the
 * checkpoint.
 */
final class StationChangesFunction
    implements FlatMapGroupsWithStateFunction<String, Row, byte[], Row> {
  private static final long serialVersionUID = 1L;

  /** Column positions in {@link LatestPerStationReducer#SCHEMA}. */
  private static final int KEY = 0;

  private static final int POSTCODE = 1;
  private static final int COMMUNE = 2;
  private static final int BIKES = 3;
  private static final int MECHANICAL = 4;
  private static final int EBIKE = 5;
  private static final int DOCKS = 6;
  private static final int CAPACITY = 7;
  private static final int LAST_REPORTED = 8;
  private static final int FETCHED_AT = 9;
  private static final int PARTITION = 10;
  private static final int OFFSET = 11;
  private static final int REJECTION = 12;

  /**
   * The change rows sent to the area step, grouped there by {@code group}: {@code out_key} (the
   * Kafka key of the totals) prefixed by their kind, so that an area and a system never share a
   * group. {@code area} is null on a system's row. {@code delta} is the signed sums to add to the
   * group's totals ({@link AreaTotals#encode}): a station's new share minus its previous one.
   */
  static final StructType SCHEMA = new StructType()
      .add("group", DataTypes.StringType, false)
      .add("out_key", DataTypes.StringType, false)
      .add("system_total", DataTypes.BooleanType, false)
      .add("area", DataTypes.StringType)
      .add("system", DataTypes.StringType)
      .add("delta", DataTypes.BinaryType, false);

  /** Column positions in {@link #SCHEMA}. */
  static final int GROUP = 0;

  static final int OUT_KEY = 1;
  static final int SYSTEM_TOTAL = 2;
  static final int AREA = 3;
  static final int SYSTEM = 4;
  static final int DELTA = 5;

  /** Kafka order; a station's records share one partition, so on a tie the first published wins. */
  private static final Comparator<Incoming> APPLY_ORDER = Comparator.comparingLong(
          Incoming::partition)
      .thenComparingLong(Incoming::offset)
      .thenComparing(Incoming::state, StationState.BY_NEWNESS)
      .thenComparing(i -> i.state().toString());

  private record Incoming(StationState state, long partition, long offset, List<Long> chain) {}

  private final AvailabilityCounts counts;
  private final AreaGrouping grouping;

  /**
   * @param counts where each batch's accepted/stale/rejected counts go (a registered accumulator)
   * @param grouping what stations are summed into
   */
  StationChangesFunction(AvailabilityCounts counts, AreaGrouping grouping) {
    this.counts = counts;
    this.grouping = grouping;
  }

  @Override
  public Iterator<Row> call(String group, Iterator<Row> rows, GroupState<byte[]> state) {
    List<Incoming> incoming = new ArrayList<>(1);
    long stale = 0;
    long rejected = 0;
    Row firstRejected = null;
    while (rows.hasNext()) {
      Row row = rows.next();
      if (row.isNullAt(LatestPerStationReducer.CHAIN)) {
        stale += row.getLong(LatestPerStationReducer.STALE);
        rejected += row.getLong(LatestPerStationReducer.REJECTED);
        if (!row.isNullAt(REJECTION) && (firstRejected == null || isBefore(row, firstRejected))) {
          firstRejected = row;
        }
      } else {
        incoming.add(new Incoming(
            toState(row, grouping),
            longOr(row, PARTITION, Long.MAX_VALUE),
            longOr(row, OFFSET, Long.MAX_VALUE),
            row.getList(LatestPerStationReducer.CHAIN)));
      }
    }
    List<Row> out = List.of();
    long accepted = 0;
    if (!incoming.isEmpty()) {
      incoming.sort(APPLY_ORDER);
      StationState before = state.exists() ? StationStateCodec.decode(group, state.get()) : null;
      StationState latest = before;
      for (Incoming in : incoming) {
        int beating = recordsNewerThan(in.chain(), latest);
        accepted += beating;
        stale += in.chain().size() / 2 - beating;
        if (latest == null || in.state().isNewerThan(latest)) {
          latest = in.state();
        }
      }
      if (latest != before) {
        state.update(StationStateCodec.encode(latest));
        out = changeRows(before, latest, grouping);
      }
    }
    counts.add(new AvailabilityBatchCounts(
        accepted,
        stale,
        rejected,
        0,
        firstRejected == null ? null : describeRejection(firstRejected)));
    return out.iterator();
  }

  /**
   * How many keys of an increasing chain (interleaved last_reported, fetched_at) are strictly newer
   * than {@code current}: the records that replaced the station's state one after the other.
   */
  static int recordsNewerThan(List<Long> chain, StationState current) {
    if (current == null) {
      return chain.size() / 2;
    }
    long lastReported = StationState.orOldest(current.getLastReportedMicros());
    long fetchedAt = StationState.orOldest(current.getFetchedAtMicros());
    int newer = 0;
    for (int i = chain.size() - 2;
        i >= 0 && StationState.isNewer(chain.get(i), chain.get(i + 1), lastReported, fetchedAt);
        i -= 2) {
      newer++;
    }
    return newer;
  }

  /**
   * The previous share taken back (if any), then the new one added, both dated by the change:
   * from and to the station's areas, and its system's total when totals are per system.
   */
  static List<Row> changeRows(StationState before, StationState after, AreaGrouping grouping) {
    Long change = after.freshnessMicros();
    Map<String, Change> changes = new LinkedHashMap<>(4);
    if (before != null) {
      areaChange(changes, -1, before, change, grouping);
    }
    areaChange(changes, 1, after, change, grouping);
    if (grouping.isPerSystem()) {
      if (before != null) {
        systemChange(changes, -1, before, change);
      }
      systemChange(changes, 1, after, change);
    }
    List<Row> rows = new ArrayList<>(changes.size());
    changes.forEach((group, c) -> rows.add(c.toRow(group)));
    return rows;
  }

  /** The sums a batch adds to one group, with what names the group's output. */
  record Change(String key, boolean systemTotal, String area, String system, AreaTotals delta) {
    Row toRow(String group) {
      return RowFactory.create(group, key, systemTotal, area, system, delta.encode());
    }

    static Change fromRow(Row row) {
      return new Change(
          row.getString(OUT_KEY),
          row.getBoolean(SYSTEM_TOTAL),
          row.isNullAt(AREA) ? null : row.getString(AREA),
          row.isNullAt(SYSTEM) ? null : row.getString(SYSTEM),
          AreaTotals.decode((byte[]) row.get(DELTA)));
    }
  }

  private static void areaChange(
      Map<String, Change> changes,
      int sign,
      StationState s,
      Long changeMicros,
      AreaGrouping grouping) {
    String key = grouping.areaKey(s.getSystem(), s.getPostcode());
    changes
        .computeIfAbsent(
            "a|" + key,
            g -> new Change(key, false, s.getPostcode(), s.getSystem(), new AreaTotals()))
        .delta()
        .add(AreaTotals.share(sign, StationShare.of(s), changeMicros));
  }

  private static void systemChange(
      Map<String, Change> changes, int sign, StationState s, Long changeMicros) {
    String system = s.getSystem() == null ? "" : s.getSystem();
    changes
        .computeIfAbsent(
            "s|" + system, g -> new Change(system, true, null, system, new AreaTotals()))
        .delta()
        .add(AreaTotals.share(sign, StationShare.of(s), changeMicros));
  }

  /** The station's state, its postcode field holding its area ({@link AreaGrouping#areaOf}). */
  private static StationState toState(Row row, AreaGrouping grouping) {
    String area = grouping.areaOf(
        row.isNullAt(POSTCODE) ? null : row.getString(POSTCODE),
        row.isNullAt(LatestPerStationReducer.LAT)
            ? null
            : row.getDouble(LatestPerStationReducer.LAT),
        row.isNullAt(LatestPerStationReducer.LON)
            ? null
            : row.getDouble(LatestPerStationReducer.LON));
    StationState state = new StationState(
        row.getString(KEY),
        area,
        row.isNullAt(COMMUNE) ? null : row.getString(COMMUNE),
        intOrZero(row, BIKES),
        intOrNull(row, MECHANICAL),
        intOrNull(row, EBIKE),
        intOrZero(row, DOCKS),
        intOrZero(row, CAPACITY),
        row.isNullAt(LAST_REPORTED) ? null : row.getLong(LAST_REPORTED),
        row.isNullAt(FETCHED_AT) ? null : row.getLong(FETCHED_AT));
    if (grouping.isPerSystem() && !row.isNullAt(LatestPerStationReducer.SYSTEM)) {
      state.setSystem(row.getString(LatestPerStationReducer.SYSTEM));
    }
    return state;
  }

  /** A missing count of bikes, docks or capacity adds nothing: summed as 0 (documented rule). */
  private static int intOrZero(Row row, int index) {
    return row.isNullAt(index) ? 0 : row.getInt(index);
  }

  /** A missing split stays unknown: the feed gives no breakdown, which is not 0 bikes. */
  private static Integer intOrNull(Row row, int index) {
    return row.isNullAt(index) ? null : row.getInt(index);
  }

  private static long longOr(Row row, int index, long otherwise) {
    if (row.isNullAt(index)) {
      return otherwise;
    }
    return ((Number) row.get(index)).longValue();
  }

  private static boolean isBefore(Row a, Row b) {
    long pa = longOr(a, PARTITION, Long.MAX_VALUE);
    long pb = longOr(b, PARTITION, Long.MAX_VALUE);
    if (pa != pb) {
      return pa < pb;
    }
    return longOr(a, OFFSET, Long.MAX_VALUE) < longOr(b, OFFSET, Long.MAX_VALUE);
  }

  private static String describeRejection(Row row) {
    String where = row.isNullAt(OFFSET)
        ? ""
        : " at partition " + longOr(row, PARTITION, -1) + " offset " + longOr(row, OFFSET, -1);
    String key = row.isNullAt(KEY) ? "" : " (key " + row.getString(KEY) + ")";
    return row.getString(REJECTION) + where + key;
  }
}
