package io.citypulse.storage.sink;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How one record type maps to its current-state and history tables, and the SQL that writes
 * them. Pure: no connection here, so the statements are checked by unit tests.
 *
 * @param keyColumns the current table's key; the history key is these plus {@code timeColumn}
 * @param timeColumn the state's time: a current row only moves forward in it
 * @param sameTimeRevises true when a later batch may revise the state at an identical time (a
 *     postcode aggregate with the same updated_at but more stations' updates folded in): the
 *     later value then replaces the row instead of being ignored
 * @param problem a reason to reject a record (a missing key or time), or null when it is usable
 */
public record RecordTable<T>(
    String stream,
    String currentTable,
    String historyTable,
    List<String> keyColumns,
    String timeColumn,
    List<Column<T>> columns,
    boolean sameTimeRevises,
    Problem<T> problem)
    implements Serializable {

  /** The bookkeeping columns bound after the record's own. */
  static final List<String> BOOKKEEPING = List.of("query_name", "batch_id");

  /** Finds why a record cannot be stored, or returns null. */
  @FunctionalInterface
  public interface Problem<T> extends Serializable {
    String of(T record);
  }

  public RecordTable {
    keyColumns = List.copyOf(keyColumns);
    columns = List.copyOf(columns);
    List<String> names = columns.stream().map(Column::name).toList();
    for (String required :
        Stream.concat(keyColumns.stream(), Stream.of(timeColumn)).toList()) {
      if (!names.contains(required)) {
        throw new IllegalArgumentException(
            stream + ": key/time column " + required + " is not a column");
      }
    }
    Objects.requireNonNull(problem, "problem");
  }

  /** Upsert of the current row, applied only when the record is newer than the stored one. */
  public String upsertCurrentSql() {
    String newer = sameTimeRevises ? "<=" : "<";
    return insertInto(currentTable)
        + " ON CONFLICT (" + String.join(", ", keyColumns) + ") DO UPDATE SET "
        + assignments(valueColumns()) + ", " + assignments(BOOKKEEPING) + ", written_at = now()"
        + " WHERE " + currentTable + "." + timeColumn + " " + newer + " EXCLUDED." + timeColumn;
  }

  /**
   * Insert of the history row; a row already there for the same key and time is left alone (a
   * replayed batch adds nothing), or, with {@link #sameTimeRevises()}, revised when its values
   * differ.
   */
  public String insertHistorySql() {
    String conflict = " ON CONFLICT (" + String.join(", ", historyKey()) + ")";
    if (!sameTimeRevises) {
      return insertInto(historyTable) + conflict + " DO NOTHING";
    }
    List<String> key = historyKey();
    List<String> values =
        columns.stream().map(Column::name).filter(n -> !key.contains(n)).toList();
    return insertInto(historyTable) + conflict + " DO UPDATE SET "
        + assignments(values) + ", " + assignments(BOOKKEEPING) + ", written_at = now()"
        + " WHERE ("
        + values.stream().map(c -> historyTable + "." + c).collect(Collectors.joining(", "))
        + ") IS DISTINCT FROM ("
        + values.stream().map(c -> "EXCLUDED." + c).collect(Collectors.joining(", ")) + ")";
  }

  /** The history table's key: the current key plus the time column. */
  public List<String> historyKey() {
    return Stream.concat(keyColumns.stream(), Stream.of(timeColumn)).toList();
  }

  /** Columns that are not part of the current key (the time column included). */
  List<String> valueColumns() {
    return columns.stream()
        .map(Column::name)
        .filter(n -> !keyColumns.contains(n))
        .toList();
  }

  private String insertInto(String table) {
    List<String> names =
        Stream.concat(columns.stream().map(Column::name), BOOKKEEPING.stream()).toList();
    return "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
        + names.stream().map(n -> "?").collect(Collectors.joining(", ")) + ")";
  }

  private static String assignments(List<String> names) {
    return names.stream().map(n -> n + " = EXCLUDED." + n).collect(Collectors.joining(", "));
  }
}
