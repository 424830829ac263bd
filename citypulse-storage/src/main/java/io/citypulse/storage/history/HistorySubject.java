package io.citypulse.storage.history;

import static io.citypulse.storage.history.HistoryColumn.bool;
import static io.citypulse.storage.history.HistoryColumn.decimal;
import static io.citypulse.storage.history.HistoryColumn.integer;
import static io.citypulse.storage.history.HistoryColumn.text;
import static io.citypulse.storage.history.HistoryColumn.time;

import io.citypulse.storage.sink.RecordTable;
import io.citypulse.storage.sink.RecordTables;
import java.util.List;

/**
 * What a history is about: one station, one postcode or one weather location. Knows where each
 * backend keeps it and which columns a series shows (the same for both backends).
 */
public enum HistorySubject {
  STATION(
      "station",
      "stations",
      RecordTables.STATIONS,
      "station_code",
      List.of(
          time("last_reported"),
          text("name"),
          integer("bikes_available"),
          integer("mechanical"),
          integer("ebike"),
          integer("docks_available"),
          integer("capacity"),
          bool("is_renting"),
          bool("is_returning"))),
  POSTCODE(
      "postcode",
      "postcodes",
      RecordTables.POSTCODES,
      "postcode",
      // mechanical and ebike are empty when no station of the postcode gives a breakdown;
      // untyped_bikes is empty in states stored before it existed.
      List.of(
          time("updated_at"),
          text("commune"),
          integer("stations"),
          integer("bikes_available"),
          integer("mechanical"),
          integer("ebike"),
          integer("untyped_bikes"),
          integer("docks_available"),
          integer("capacity"))),
  LOCATION(
      "location",
      "weather",
      RecordTables.WEATHER,
      "location",
      List.of(
          time("observed_at"),
          text("city"),
          // Several sources may observe one location (weather.sources): each row says whose it is.
          text("source"),
          decimal("temperature_c"),
          decimal("humidity_pct"),
          decimal("pressure_hpa"),
          decimal("wind_speed_ms"),
          decimal("heat_index"),
          decimal("severity_index"),
          text("time_of_day"),
          decimal("temperature_change_1h")));

  /** Stations and postcodes are keyed within a bike-share system; this is the system column. */
  public static final String SYSTEM_COLUMN = "system";
  /** The system of a station when none is given (Vélib' Métropole). */
  public static final String DEFAULT_SYSTEM = "velib";
  /**
   * The system of a postcode when none is given: a run of one system stores its per-area records
   * under no system ({@code ''}), a catalogue-wide run under each record's system.
   */
  public static final String NO_SYSTEM = "";

  private final String label;
  private final String dataset;
  private final RecordTable<?> table;
  private final String keyColumn;
  private final List<HistoryColumn> columns;

  HistorySubject(
      String label,
      String dataset,
      RecordTable<?> table,
      String keyColumn,
      List<HistoryColumn> columns) {
    this.label = label;
    this.dataset = dataset;
    this.table = table;
    this.keyColumn = keyColumn;
    this.columns = columns;
  }

  /** For messages: "station", "postcode", "location". */
  public String label() {
    return label;
  }

  /** The stream name (stations, postcodes, weather), for messages. */
  public String dataset() {
    return dataset;
  }

  public String historyTable() {
    return table.historyTable();
  }

  public String currentTable() {
    return table.currentTable();
  }

  /** The column holding the key the user gives (station code, postcode, location id). */
  public String keyColumn() {
    return keyColumn;
  }

  /** True for stations and postcodes: the key is only unique within a system. */
  public boolean hasSystem() {
    return this != LOCATION;
  }

  /** The system of a request that names none: {@link #DEFAULT_SYSTEM} or {@link #NO_SYSTEM}. */
  public String defaultSystem() {
    return this == STATION ? DEFAULT_SYSTEM : NO_SYSTEM;
  }

  /** The state's time column; also the first of {@link #columns()}. */
  public String timeColumn() {
    return table.timeColumn();
  }

  /**
   * True when a later state with the same time replaces the earlier one (a postcode total
   * revised as more stations of one fetch fold in); otherwise the first one stays, as in the
   * PostgreSQL history (see {@link RecordTable#sameTimeRevises()}).
   */
  public boolean laterRevises() {
    return table.sameTimeRevises();
  }

  /** The columns of a state: the time column first, then the values. */
  public List<HistoryColumn> columns() {
    return columns;
  }
}
