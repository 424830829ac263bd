package io.citypulse.files;

import io.citypulse.model.StationRecord;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link StationRecord} ↔ row, with the {@code velib-projet} topic's JSON field names as columns.
 * Required: the key ({@code system}, {@code station_code}) and the fields the record holds as
 * primitives ({@code bikes_available}, {@code is_installed}, {@code is_renting},
 * {@code is_returning}). Booleans are true/false, 1/0 or yes/no.
 */
public final class StationRows {
  private StationRows() {}

  /**
   * The columns in the topic's field order (the record's {@code @JsonPropertyOrder}, declared
   * once in the model): the order writers should use.
   */
  public static final List<String> COLUMNS = ModelColumns.of(StationRecord.class);

  /** The columns as a set, for a {@link ColumnMapping.Renamer}. */
  public static final Set<String> FIELDS = new LinkedHashSet<>(COLUMNS);

  /** The columns a row must have. */
  public static final List<String> REQUIRED = List.of(
      "system", "station_code", "bikes_available", "is_installed", "is_renting", "is_returning");

  /** The station state a row of canonical columns holds, or every reason it does not. */
  public static RowResult<StationRecord> fromRow(Map<String, String> row) {
    Cells cells = new Cells(row);
    StationRecord station = new StationRecord(
        cells.requiredText("system"),
        cells.requiredText("station_code"),
        cells.text("station_id"),
        cells.text("name"),
        cells.number("lat"),
        cells.number("lon"),
        cells.integer("capacity"),
        cells.text("postcode"),
        cells.text("commune"),
        cells.requiredInteger("bikes_available"),
        cells.integer("mechanical"),
        cells.integer("ebike"),
        cells.integer("docks_available"),
        cells.requiredBoolean("is_installed"),
        cells.requiredBoolean("is_renting"),
        cells.requiredBoolean("is_returning"),
        cells.instant("last_reported"),
        cells.instant("fetched_at"));
    return cells.problems().isEmpty()
        ? new RowResult.Ok<>(station)
        : new RowResult.Invalid<>(cells.problems());
  }

  /** The station state as a row in {@link #COLUMNS} order, typed values, nulls included. */
  public static Map<String, Object> toRow(StationRecord s) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("system", s.system());
    row.put("station_code", s.stationCode());
    row.put("station_id", s.stationId());
    row.put("name", s.name());
    row.put("lat", s.lat());
    row.put("lon", s.lon());
    row.put("capacity", s.capacity());
    row.put("postcode", s.postcode());
    row.put("commune", s.commune());
    row.put("bikes_available", s.bikesAvailable());
    row.put("mechanical", s.mechanical());
    row.put("ebike", s.ebike());
    row.put("docks_available", s.docksAvailable());
    row.put("is_installed", s.installed());
    row.put("is_renting", s.renting());
    row.put("is_returning", s.returning());
    row.put("last_reported", s.lastReported());
    row.put("fetched_at", s.fetchedAt());
    return row;
  }
}
