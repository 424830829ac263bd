package io.citypulse.jobs.availability;

import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupState;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The stateful step of the availability job: applies one micro-batch of station records to the
 * latest state of every station and emits the totals of every postcode that changed; the batch's
 * accepted/stale/rejected counts go to an {@link AvailabilityCounts} accumulator.
 *
 * <p>Input rows are those of {@link LatestPerStationReducer} (the newest record of each station
 * per input partition, with its chain of record-breaking keys, plus summary rows of stale and
 * rejected counts), in {@link LatestPerStationReducer#SCHEMA}. The shuffle delivers them in
 * no particular order, so station rows are applied in Kafka order (partition, offset): the result,
 * and the accepted/stale counts, are exactly those of applying every record in its own batch. Rows
 * without Kafka coordinates (static test data) are applied in (last_reported, fetched_at) order,
 * then by content, which gives the same final state.
 */
final class PostcodeTotalsFunction
    implements FlatMapGroupsWithStateFunction<Integer, Row, byte[], Row> {
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
   * Output: Kafka-ready totals of one postcode: {@code key} = postcode, {@code value} = the
   * {@link PostcodeAvailability} JSON written by the project's one mapper. Writing the JSON here
   * rather than in a later typed map keeps one fewer operator (and its per-task generated code)
   * in the streaming plan.
   */
  static final StructType OUTPUT_SCHEMA =
      new StructType().add("key", DataTypes.StringType).add("value", DataTypes.StringType);

  private final AvailabilityCounts counts;

  /** @param counts where each batch's accepted/stale/rejected counts go (a registered accumulator) */
  PostcodeTotalsFunction(AvailabilityCounts counts) {
    this.counts = counts;
  }

  /** Kafka order; a station's records share one partition, so on a tie the first published wins. */
  private static final Comparator<Incoming> APPLY_ORDER = Comparator.comparingLong(
          Incoming::partition)
      .thenComparingLong(Incoming::offset)
      .thenComparing(Incoming::state, StationState.BY_NEWNESS)
      .thenComparing(i -> i.state().toString());

  private record Incoming(StationState state, long partition, long offset, List<Long> chain) {}

  @Override
  public Iterator<Row> call(Integer group, Iterator<Row> rows, GroupState<byte[]> state) {
    List<Incoming> incoming = new ArrayList<>();
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
            toState(row),
            longOr(row, PARTITION, Long.MAX_VALUE),
            longOr(row, OFFSET, Long.MAX_VALUE),
            row.getList(LatestPerStationReducer.CHAIN)));
      }
    }
    incoming.sort(APPLY_ORDER);

    LatestStationStates states = LatestStationStates.restore(
        state.exists() ? StationStatesCodec.decode(state.get()) : List.of());
    long accepted = 0;
    for (Incoming in : incoming) {
      int beating = recordsNewerThan(in.chain(), states.current(in.state().getStationKey()));
      accepted += beating;
      stale += in.chain().size() / 2 - beating;
      states.offer(in.state());
    }
    List<Row> out = new ArrayList<>();
    if (states.changed()) {
      state.update(StationStatesCodec.encode(states.snapshot()));
      for (PostcodeAvailability totals : states.touchedTotals()) {
        out.add(toRow(totals));
      }
    }
    counts.add(new AvailabilityBatchCounts(
        accepted,
        stale,
        rejected,
        out.size(),
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

  private static StationState toState(Row row) {
    String postcode =
        row.isNullAt(POSTCODE) ? StationRecord.UNKNOWN_POSTCODE : row.getString(POSTCODE);
    return new StationState(
        row.getString(KEY),
        postcode,
        row.isNullAt(COMMUNE) ? null : row.getString(COMMUNE),
        intOrZero(row, BIKES),
        intOrNull(row, MECHANICAL),
        intOrNull(row, EBIKE),
        intOrZero(row, DOCKS),
        intOrZero(row, CAPACITY),
        row.isNullAt(LAST_REPORTED) ? null : row.getLong(LAST_REPORTED),
        row.isNullAt(FETCHED_AT) ? null : row.getLong(FETCHED_AT));
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

  private static Row toRow(PostcodeAvailability totals) {
    return RowFactory.create(totals.postcode(), Json.writeString(totals));
  }
}
