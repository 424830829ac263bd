package io.citypulse.files;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row read from a file: where it is, and either its fields or why it could not be read.
 *
 * <p>Fields map column names to the values as written (numbers as plain decimal text); empty
 * values, JSON nulls and missing keys are absent from the map. An error row has no fields: the
 * caller dead-letters it and goes on reading.
 *
 * @param unit what {@code position} counts
 * @param position 1-based: a physical line (CSV, JSON Lines), a sheet row (XLSX) or a record
 *     index (JSON, XML, YAML)
 * @param fields column → value, in file order; empty for an error row
 * @param error why the row could not be read, or null
 */
public record Row(Unit unit, long position, Map<String, String> fields, String error) {

  /** What a row's position counts. */
  public enum Unit {
    LINE("line"),
    ROW("row"),
    RECORD("record");

    private final String word;

    Unit(String word) {
      this.word = word;
    }

    /** {@code line}, {@code row} or {@code record}. */
    public String word() {
      return word;
    }
  }

  public Row {
    Objects.requireNonNull(unit, "unit");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  static Row of(Unit unit, long position, Map<String, String> fields) {
    return new Row(unit, position, fields, null);
  }

  static Row error(Unit unit, long position, String error) {
    return new Row(unit, position, Map.of(), Objects.requireNonNull(error, "error"));
  }

  /** Whether the row could not be read: see {@link #error()}. */
  public boolean isError() {
    return error != null;
  }

  /** Where the row is, for messages: {@code line 12}, {@code row 7}, {@code record 3}. */
  public String label() {
    return unit.word() + " " + position;
  }
}
