package io.citypulse.storage.history;

import io.citypulse.model.WeatherKey;
import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.StorageException;
import io.citypulse.storage.sink.RecordTable;
import io.citypulse.storage.sink.RecordTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the last states of every postcode and weather location from the PostgreSQL history
 * tables: one query per table (not one per key), at most N states per key, since a given time.
 */
public final class RecentSeriesReader {
  /** A dashboard start must not wait long on a slow server; the reader runs in the background anyway. */
  static final int QUERY_TIMEOUT_SECONDS = 60;

  static final List<String> POSTCODE_COLUMNS =
      List.of("bikes_available", "mechanical", "ebike", "docks_available");
  static final List<String> WEATHER_COLUMNS =
      List.of("temperature_c", "humidity_pct", "wind_speed_ms", "precipitation_mm");

  private final JdbcTarget target;

  public RecentSeriesReader(JdbcTarget target) {
    this.target = Objects.requireNonNull(target, "target");
  }

  /**
   * The states at or after {@code since}, the newest {@code maxPerKey} per key, in one read-only
   * connection.
   *
   * @throws StorageException when the server cannot be reached or the query fails; the message
   *     names the server as {@link #server()} does, never with credentials
   */
  public RecentSeries read(Instant since, int maxPerKey) {
    Objects.requireNonNull(since, "since");
    if (maxPerKey < 1) {
      throw new IllegalArgumentException("maxPerKey must be at least 1, got " + maxPerKey);
    }
    try (Connection c = target.open()) {
      c.setReadOnly(true);
      List<RecentSeries.PostcodeRow> postcodes = new ArrayList<>();
      query(
          c,
          recentSql(RecordTables.POSTCODES, POSTCODE_COLUMNS),
          since,
          maxPerKey,
          rs -> postcodes.add(new RecentSeries.PostcodeRow(
              rs.getString(1),
              instant(rs),
              rs.getLong(3),
              integer(rs, 4),
              integer(rs, 5),
              rs.getLong(6))));
      List<RecentSeries.WeatherRow> weather = new ArrayList<>();
      query(
          c,
          recentSql(RecordTables.WEATHER, WEATHER_COLUMNS),
          since,
          maxPerKey,
          rs -> weather.add(new RecentSeries.WeatherRow(
              rs.getString(1),
              instant(rs),
              decimal(rs, 3),
              decimal(rs, 4),
              decimal(rs, 5),
              decimal(rs, 6))));
      return new RecentSeries(postcodes, weather);
    } catch (SQLException e) {
      throw new StorageException(
          "cannot read the recent series from " + description() + " (SQLState " + e.getSQLState()
              + "): " + e.getMessage(),
          e);
    }
  }

  /** "PostgreSQL at host:port/database", for messages. */
  public String description() {
    return "PostgreSQL at " + server();
  }

  /** The server as {@code host:port/database}, never with credentials ({@link JdbcTarget#server()}). */
  public String server() {
    return target.server();
  }

  /**
   * Key, time, then {@code values}, for states at or after a time, the newest N per key, by key
   * then time. The time filter is served by the table's BRIN index on its time column; the
   * ranking sorts only the rows in the window.
   */
  static String recentSql(RecordTable<?> table, List<String> values) {
    List<String> keys = table.keyColumns();
    String key;
    if (keys.size() == 1) {
      key = keys.get(0);
    } else if (keys.size() == 2 && keys.get(0).equals(HistorySubject.SYSTEM_COLUMN)) {
      // A per-area row of a catalogue-wide run is keyed system:area, as on its topic and on the
      // dashboard; a one-system run's rows (system '') by the area alone.
      key = "CASE WHEN " + keys.get(0) + " = '' THEN " + keys.get(1) + " ELSE " + keys.get(0)
          + " || ':' || " + keys.get(1) + " END";
    } else if (keys.equals(List.of("source", "location"))) {
      // A weather row is keyed source:location, as on its topic (WeatherKey) and on the dashboard.
      key = "CASE WHEN source = '' THEN '" + WeatherKey.UNKNOWN_SOURCE
          + "' ELSE source END || ':' || location";
    } else {
      throw new IllegalArgumentException(table.stream()
          + ": one key column (or system and one, or source and location) expected, got " + keys);
    }
    String partition = String.join(", ", keys);
    String time = table.timeColumn();
    String inner = key + " AS k, " + time + ", " + String.join(", ", values);
    String outer = "k, " + time + ", " + String.join(", ", values);
    return "SELECT " + outer + " FROM (SELECT " + inner + ", row_number() OVER (PARTITION BY "
        + partition
        + " ORDER BY " + time + " DESC) AS newest_first FROM " + table.historyTable() + " WHERE "
        + time
        + " >= ?) recent WHERE newest_first <= ? ORDER BY k, " + time;
  }

  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  private static void query(
      Connection c, String sql, Instant since, int maxPerKey, RowReader reader)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
      ps.setInt(2, maxPerKey);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          reader.read(rs);
        }
      }
    }
  }

  private static Instant instant(ResultSet rs) throws SQLException {
    return rs.getObject(2, OffsetDateTime.class).toInstant();
  }

  /** getLong reads SQL NULL as 0, and an unknown split is not 0 bikes. */
  private static Long integer(ResultSet rs, int index) throws SQLException {
    long value = rs.getLong(index);
    return rs.wasNull() ? null : value;
  }

  private static Double decimal(ResultSet rs, int index) throws SQLException {
    double value = rs.getDouble(index);
    return rs.wasNull() ? null : value;
  }
}
