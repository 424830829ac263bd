package io.citypulse.files;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the cells of a tabular row (CSV, XLSX) into fields, by the header's column names. */
final class HeaderedRows {
  private final List<String> header;

  /**
   * @param headerCells the header row's cells; blank ones name no column (a value under them
   *     makes an error row)
   * @param where the header's position, for messages
   */
  HeaderedRows(List<String> headerCells, String where) {
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String cell : headerCells) {
      String name = cell == null ? null : stripBom(cell).trim();
      if (name != null && name.isEmpty()) {
        name = null;
      }
      if (name != null && !seen.add(name)) {
        throw new FileReadException(where + ": column '" + name + "' appears twice in the header");
      }
      names.add(name);
    }
    if (seen.isEmpty()) {
      throw new FileReadException(where + ": the header row names no column");
    }
    this.header = names;
  }

  List<String> columns() {
    return header.stream().filter(n -> n != null).toList();
  }

  /** The row's fields, or an error row when a value has no column. */
  Row row(Row.Unit unit, long position, List<String> cells) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < cells.size(); i++) {
      String value = cells.get(i);
      if (value == null || value.isEmpty()) {
        continue;
      }
      if (i >= header.size()) {
        return Row.error(
            unit,
            position,
            cells.size() + " cells but the header has " + header.size() + " columns");
      }
      String name = header.get(i);
      if (name == null) {
        return Row.error(unit, position, "a value in column " + (i + 1) + ", which has no header");
      }
      fields.put(name, value);
    }
    return Row.of(unit, position, fields);
  }

  private static String stripBom(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
