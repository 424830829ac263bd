package io.citypulse.app.transfer;

import io.citypulse.files.RecordWriter;
import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.StorageException;
import io.citypulse.storage.history.HistorySubject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Writes the states stored in the PostgreSQL history tables between two times to a {@link
 * RecordWriter}, streamed (a server-side cursor, {@value #FETCH_SIZE} rows at a time), in the
 * columns of the topic export of the same kind: what {@code export --from/--to} writes has the
 * shape of what {@code export} writes from the topic. A column the table does not keep (the
 * weather observations' {@code fetched_at}) is empty.
 *
 * <p>Stations and postcodes come from their history tables; weather and features both from the
 * weather history, which holds the features (an observation's fields and the derived ones).
 * Rows are in time order, then key order.
 */
public final class HistoryExporter {
  /** Rows fetched per round trip; the whole result is never held. */
  static final int FETCH_SIZE = 1000;

  /** What to export: a kind, a closed time range, and optionally one key (within a system). */
  public record Selection(ExportKind kind, Instant from, Instant to, String system, String key) {
    public Selection {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (from.isAfter(to)) {
        throw new IllegalArgumentException("--from " + from + " is after --to " + to);
      }
    }

    /** The history that holds this kind. */
    public HistorySubject subject() {
      return subjectOf(kind);
    }

    /** For messages: "stations", "weather of location dakar", "postcodes of system velib". */
    public String describe() {
      String what = kind.id();
      if (key != null) {
        what += " of " + subject().label() + " " + key;
      }
      if (system != null) {
        what += (key != null ? " in " : " of ")
            + (subject().hasSystem() ? "system " : "source ")
            + system;
      }
      return what + " between " + from + " and " + to;
    }
  }

  private final JdbcTarget target;

  public HistoryExporter(JdbcTarget target) {
    this.target = Objects.requireNonNull(target, "target");
  }

  /** The history a kind's records are stored in. */
  public static HistorySubject subjectOf(ExportKind kind) {
    return switch (kind) {
      case STATIONS -> HistorySubject.STATION;
      case POSTCODES -> HistorySubject.POSTCODE;
      case WEATHER, FEATURES -> HistorySubject.LOCATION;
    };
  }

  /**
   * Writes every selected row.
   *
   * @param progress told the number of rows written so far, now and then
   * @return the number of rows written
   * @throws StorageException when the database cannot be read
   */
  public long export(Selection selection, RecordWriter writer, LongConsumer progress) {
    HistorySubject subject = selection.subject();
    try (Connection c = target.open()) {
      c.setReadOnly(true);
      // PostgreSQL streams a result with a fetch size only inside a transaction.
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(sql(subject, selection.system() != null, selection.key() != null))) {
        ps.setFetchSize(FETCH_SIZE);
        int i = 1;
        ps.setObject(i++, OffsetDateTime.ofInstant(selection.from(), ZoneOffset.UTC));
        ps.setObject(i++, OffsetDateTime.ofInstant(selection.to(), ZoneOffset.UTC));
        if (selection.system() != null) {
          ps.setString(i++, selection.system());
        }
        if (selection.key() != null) {
          ps.setString(i, selection.key());
        }
        long written = 0;
        try (ResultSet rs = ps.executeQuery()) {
          RowMaker rows = new RowMaker(selection.kind(), rs.getMetaData());
          while (rs.next()) {
            writer.write(rows.row(rs));
            if (++written % FETCH_SIZE == 0) {
              progress.accept(written);
            }
          }
        }
        c.commit();
        progress.accept(written);
        return written;
      }
    } catch (SQLException e) {
      throw new StorageException(
          "cannot export the " + selection.describe() + " from PostgreSQL at " + target.safeUrl()
              + " (SQLState " + e.getSQLState() + "): " + e.getMessage(),
          e);
    }
  }

  /** The query: the history table's rows in [from, to], of one system and key when given. */
  static String sql(HistorySubject subject, boolean bySystem, boolean byKey) {
    String time = subject.timeColumn();
    StringBuilder sql = new StringBuilder("SELECT * FROM ")
        .append(subject.historyTable())
        .append(" WHERE ")
        .append(time)
        .append(" >= ? AND ")
        .append(time)
        .append(" <= ?");
    if (bySystem) {
      sql.append(" AND ").append(systemColumn(subject)).append(" = ?");
    }
    if (byKey) {
      sql.append(" AND ").append(subject.keyColumn()).append(" = ?");
    }
    sql.append(" ORDER BY ")
        .append(time)
        .append(", ")
        .append(systemColumn(subject))
        .append(", ")
        .append(subject.keyColumn());
    return sql.toString();
  }

  /** Stations and postcodes: their system; weather: its source (the other half of its key). */
  private static String systemColumn(HistorySubject subject) {
    return subject.hasSystem() ? HistorySubject.SYSTEM_COLUMN : "source";
  }

  /** Turns a result row into an export row: the kind's columns, in order, typed as the topic's. */
  private static final class RowMaker {
    private final List<String> columns;
    /** For each export column, its index in the result (0 when the table lacks it). */
    private final int[] index;

    private final int[] type;
    /** Times as ISO-8601 text for the kinds whose topic export keeps the JSON values. */
    private final boolean timesAsText;

    RowMaker(ExportKind kind, ResultSetMetaData meta) throws SQLException {
      this.columns = kind.columns();
      Map<String, Integer> byName = new HashMap<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        byName.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), i);
      }
      index = new int[columns.size()];
      type = new int[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        Integer at = byName.get(columns.get(i).toLowerCase(Locale.ROOT));
        index[i] = at == null ? 0 : at;
        type[i] = at == null ? Types.NULL : meta.getColumnType(at);
      }
      timesAsText = kind == ExportKind.FEATURES || kind == ExportKind.POSTCODES;
    }

    Map<String, Object> row(ResultSet rs) throws SQLException {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        row.put(columns.get(i), index[i] == 0 ? null : cell(rs, i));
      }
      return row;
    }

    private Object cell(ResultSet rs, int i) throws SQLException {
      int at = index[i];
      Object value = switch (type[i]) {
        case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
          OffsetDateTime time = rs.getObject(at, OffsetDateTime.class);
          yield time == null ? null : timesAsText ? time.toInstant().toString() : time.toInstant();
        }
        case Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.BIGINT -> rs.getLong(at);
        case Types.DOUBLE, Types.FLOAT, Types.REAL, Types.NUMERIC, Types.DECIMAL ->
          rs.getDouble(at);
        case Types.BOOLEAN, Types.BIT -> rs.getBoolean(at);
        default -> rs.getString(at);
      };
      if (rs.wasNull()) {
        return null;
      }
      // The tables keep a record without a system (one-system postcodes) or source as ''.
      if ("".equals(value) && isKeyPart(columns.get(i))) {
        return null;
      }
      return value;
    }

    private static boolean isKeyPart(String column) {
      return column.equals(HistorySubject.SYSTEM_COLUMN) || column.equals("source");
    }
  }
}
