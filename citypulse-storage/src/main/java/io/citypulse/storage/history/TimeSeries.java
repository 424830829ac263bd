package io.citypulse.storage.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The answer to a {@link HistoryRequest}: named, typed columns and rows of cells (null = no
 * value). Cells hold the Java types of {@link HistoryColumn.Kind}.
 */
public record TimeSeries(List<HistoryColumn> columns, List<List<Object>> rows) {

  public TimeSeries {
    columns = List.copyOf(columns);
    List<List<Object>> copied = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException(
            "a row has " + row.size() + " cells for " + columns.size() + " columns");
      }
      copied.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copied);
  }

  public List<String> columnNames() {
    return columns.stream().map(HistoryColumn::name).toList();
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }
}
