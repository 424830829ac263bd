package io.citypulse.storage.history;

import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.StorageException;
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
import java.util.stream.Collectors;

/**
 * Reads a series from the PostgreSQL history tables with plain JDBC: one query for the states in
 * the range (plus, when sampling, the last state before it), served by each history table's
 * primary key (key columns, time).
 */
public final class PostgresHistoryReader implements HistoryReader {
  private final JdbcTarget target;

  public PostgresHistoryReader(JdbcTarget target) {
    this.target = Objects.requireNonNull(target, "target");
  }

  @Override
  public String description() {
    return "PostgreSQL at " + target.safeUrl();
  }

  @Override
  public TimeSeries read(HistoryRequest request) {
    try (Connection c = target.open()) {
      c.setReadOnly(true);
      List<HistoryState> states = states(c, request);
      if (states.size() > HistoryRequest.MAX_STATES + (request.sampled() ? 1 : 0)) {
        throw request.tooManyStates();
      }
      if (states.isEmpty() && !hasHistory(c, request)) {
        throw unknown(c, request);
      }
      return AsOfSeries.build(request, states);
    } catch (SQLException e) {
      throw new StorageException(
          "cannot read the history of " + request.describe() + " from " + description()
              + " (SQLState " + e.getSQLState() + "): " + e.getMessage(),
          e);
    }
  }

  /** The statement: states in [from, to] by time, after the last one before from when sampling. */
  static String statesSql(HistorySubject subject, boolean sampled) {
    String table = subject.historyTable();
    String time = subject.timeColumn();
    String columns =
        subject.columns().stream().map(HistoryColumn::name).collect(Collectors.joining(", "));
    String key = keyCondition(subject);
    String inRange = "(SELECT " + columns + " FROM " + table + " WHERE " + key + " AND " + time
        + " >= ? AND " + time + " <= ? ORDER BY " + time + " LIMIT ?)";
    if (!sampled) {
      return inRange;
    }
    String before = "(SELECT " + columns + " FROM " + table + " WHERE " + key + " AND " + time
        + " < ? ORDER BY " + time + " DESC LIMIT 1)";
    return before + " UNION ALL " + inRange + " ORDER BY " + time;
  }

  private static String keyCondition(HistorySubject subject) {
    return (subject.hasSystem() ? HistorySubject.SYSTEM_COLUMN + " = ? AND " : "")
        + subject.keyColumn() + " = ?";
  }

  private static List<HistoryState> states(Connection c, HistoryRequest request)
      throws SQLException {
    HistorySubject subject = request.subject();
    try (PreparedStatement ps = c.prepareStatement(statesSql(subject, request.sampled()))) {
      int i = 1;
      if (request.sampled()) {
        i = bindKey(ps, i, request);
        ps.setObject(i++, utc(request.from()));
      }
      i = bindKey(ps, i, request);
      ps.setObject(i++, utc(request.from()));
      ps.setObject(i++, utc(request.to()));
      // One more than allowed, to tell "exactly the maximum" from "too many".
      ps.setInt(i, HistoryRequest.MAX_STATES + 1);
      List<HistoryState> states = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          states.add(state(rs, subject.columns()));
        }
      }
      return states;
    }
  }

  private static int bindKey(PreparedStatement ps, int index, HistoryRequest request)
      throws SQLException {
    int i = index;
    if (request.subject().hasSystem()) {
      ps.setString(i++, request.system());
    }
    ps.setString(i++, request.key());
    return i;
  }

  private static HistoryState state(ResultSet rs, List<HistoryColumn> columns) throws SQLException {
    Instant time = (Instant) cell(rs, 1, columns.get(0).kind());
    List<Object> values = new ArrayList<>(columns.size() - 1);
    for (int i = 1; i < columns.size(); i++) {
      values.add(cell(rs, i + 1, columns.get(i).kind()));
    }
    return new HistoryState(time, values);
  }

  private static Object cell(ResultSet rs, int index, HistoryColumn.Kind kind) throws SQLException {
    Object value = switch (kind) {
      case TIME -> rs.getObject(index, OffsetDateTime.class);
      case TEXT -> rs.getString(index);
      case INTEGER -> rs.getLong(index);
      case DECIMAL -> rs.getDouble(index);
      case BOOLEAN -> rs.getBoolean(index);
    };
    return rs.wasNull() ? null : kind.normalize(value);
  }

  private static boolean hasHistory(Connection c, HistoryRequest request) throws SQLException {
    HistorySubject subject = request.subject();
    // The primary key's leading columns: an index probe, however long the history.
    String sql =
        "SELECT 1 FROM " + subject.historyTable() + " WHERE " + keyCondition(subject) + " LIMIT 1";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bindKey(ps, 1, request);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * The keys with history, from the current table (one row per key, written with every history
   * row), so listing them never scans the history.
   */
  private NoHistoryException unknown(Connection c, HistoryRequest request) throws SQLException {
    HistorySubject subject = request.subject();
    String table = subject.currentTable();
    String where = subject.hasSystem() ? " WHERE " + HistorySubject.SYSTEM_COLUMN + " = ?" : "";
    long count;
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + where)) {
      if (subject.hasSystem()) {
        ps.setString(1, request.system());
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        count = rs.getLong(1);
      }
    }
    if (count == 0 && subject.hasSystem() && !request.system().isEmpty()) {
      return NoHistoryException.unknownSystem(
          request,
          strings(
              c,
              "SELECT DISTINCT " + HistorySubject.SYSTEM_COLUMN + " FROM " + table + " ORDER BY 1",
              null),
          description());
    }
    List<String> keys = strings(
        c,
        "SELECT " + subject.keyColumn() + " FROM " + table + where + " ORDER BY 1 LIMIT "
            + NoHistoryException.KEYS_SHOWN,
        subject.hasSystem() ? request.system() : null);
    return NoHistoryException.unknownKey(request, keys, count, description());
  }

  private static List<String> strings(Connection c, String sql, String parameter)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (parameter != null) {
        ps.setString(1, parameter);
      }
      List<String> values = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
      return values;
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
