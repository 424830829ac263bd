package io.citypulse.jobs.parquet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupState;

/**
 * The stateful step of the Parquet history job: of one micro-batch of parsed rows
 * ({@link ParquetTransforms#parsed}), returns those to write, in Kafka order, with the history's
 * columns; drops unreadable rows and repeats of the last state written for their key
 * ({@link LastWrittenStates}), and adds the batch's written, repeated and unreadable counts to a
 * {@link ParquetCounts} accumulator.
 *
 * <p>Called once per batch for the one group holding every row (see
 * {@link ParquetTransforms#historyRows}). The shuffle delivers rows in no particular order, so they
 * are sorted by (Kafka partition, offset) first: a key's records share a partition, and the last
 * one published is the one remembered. The decision depends only on the state the batch starts
 * from and its records, so a batch Spark runs again after a crash decides the same.
 */
final class RepeatFilterFunction
    implements FlatMapGroupsWithStateFunction<Integer, Row, byte[], Row> {
  private static final long serialVersionUID = 1L;

  private final ParquetStream stream;
  private final ParquetCounts counts;
  private final int tableWidth;
  private final int rejection;
  private final int partition;
  private final int offset;
  private transient StateFingerprints fingerprints;

  /**
   * @param parsedColumns the column names of the input rows: {@link ParquetSchemas#table}'s, then
   *     {@link ParquetTransforms#REJECTION}, {@link ParquetTransforms#PARTITION} and
   *     {@link ParquetTransforms#OFFSET} somewhere after them
   */
  RepeatFilterFunction(ParquetStream stream, List<String> parsedColumns, ParquetCounts counts) {
    this.stream = stream;
    this.counts = counts;
    this.tableWidth = ParquetSchemas.table(stream).size();
    List<String> table = List.of(ParquetSchemas.table(stream).fieldNames());
    if (!parsedColumns.subList(0, Math.min(tableWidth, parsedColumns.size())).equals(table)) {
      throw new IllegalArgumentException(
          "input columns " + parsedColumns + " do not start with the history's columns " + table);
    }
    this.rejection = parsedColumns.indexOf(ParquetTransforms.REJECTION);
    this.partition = parsedColumns.indexOf(ParquetTransforms.PARTITION);
    this.offset = parsedColumns.indexOf(ParquetTransforms.OFFSET);
  }

  /** Kafka order; rows without coordinates (static test data) last, in arrival order. */
  private Comparator<Row> kafkaOrder() {
    return Comparator.comparingLong((Row row) -> longOr(row, partition))
        .thenComparingLong(row -> longOr(row, offset));
  }

  @Override
  public Iterator<Row> call(Integer group, Iterator<Row> rows, GroupState<byte[]> state) {
    if (fingerprints == null) {
      fingerprints = StateFingerprints.of(stream);
    }
    List<Row> incoming = new ArrayList<>();
    rows.forEachRemaining(incoming::add);
    incoming.sort(kafkaOrder());

    LastWrittenStates lastWritten =
        state.exists() ? LastWrittenStates.decode(state.get()) : LastWrittenStates.empty();
    List<Row> out = new ArrayList<>(incoming.size());
    long repeated = 0;
    long unreadable = 0;
    String firstUnreadable = null;
    for (Row row : incoming) {
      if (!row.isNullAt(rejection)) {
        unreadable++;
        if (firstUnreadable == null) {
          firstUnreadable = ParquetBatchCounts.describe(
              row.getString(rejection), (Integer) row.get(partition), (Long) row.get(offset));
        }
      } else if (lastWritten.offer(fingerprints.keyHash(row), fingerprints.fingerprint(row))) {
        out.add(tableColumns(row));
      } else {
        repeated++;
      }
    }
    if (lastWritten.changed()) {
      state.update(lastWritten.encode());
    }
    counts.add(new ParquetBatchCounts(out.size(), repeated, unreadable, firstUnreadable));
    return out.iterator();
  }

  private Row tableColumns(Row row) {
    Object[] values = new Object[tableWidth];
    for (int i = 0; i < tableWidth; i++) {
      values[i] = row.get(i);
    }
    return RowFactory.create(values);
  }

  private static long longOr(Row row, int index) {
    return row.isNullAt(index) ? Long.MAX_VALUE : ((Number) row.get(index)).longValue();
  }
}
