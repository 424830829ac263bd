package io.citypulse.storage.sink;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.model.time.Sleeper;
import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one micro-batch of records to a current-state table and a history table, exactly once:
 * the rows and the batch id (in {@code sink_progress}) commit in one transaction, and a batch
 * whose id the ledger already holds is skipped. Retries while the connection is lost.
 *
 * <p>Spark use, on the driver: {@code foreachBatch((ds, id) -> writer.write("postcodes", id,
 * collect(ds)))}. Per partition, give each partition its own query name (e.g. {@code
 * postcodes/p3}) and a partitioning that is the same when the batch is replayed, since the ledger
 * keeps one batch id per query name. Not thread-safe across threads beyond the lock it takes.
 */
public final class JdbcBatchWriter<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcBatchWriter.class);

  /** Ledger row created on the first write of a query, so it can be locked with FOR UPDATE. */
  private static final String LEDGER_CREATE =
      "INSERT INTO sink_progress (query_name, batch_id) VALUES (?, -1) ON CONFLICT (query_name) DO NOTHING";

  private static final String LEDGER_LOCK =
      "SELECT batch_id FROM sink_progress WHERE query_name = ? FOR UPDATE";
  private static final String LEDGER_ADVANCE =
      "UPDATE sink_progress SET batch_id = ?, updated_at = now() WHERE query_name = ?";

  private final JdbcTarget target;
  private final RecordTable<T> table;
  private final RetryPolicy retry;
  private final Clock clock;
  private final Sleeper sleeper;
  private final String upsertCurrent;
  private final String insertHistory;
  private Connection connection;

  public JdbcBatchWriter(
      JdbcTarget target, RecordTable<T> table, RetryPolicy retry, Clock clock, Sleeper sleeper) {
    this.target = Objects.requireNonNull(target, "target");
    this.table = Objects.requireNonNull(table, "table");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.upsertCurrent = table.upsertCurrentSql();
    this.insertHistory = table.insertHistorySql();
  }

  public JdbcBatchWriter(JdbcTarget target, RecordTable<T> table, RetryPolicy retry) {
    this(target, table, retry, Clock.systemUTC(), Sleeper.SYSTEM);
  }

  /** Writer of per-postcode availability. */
  public static JdbcBatchWriter<PostcodeAvailability> postcodes(
      JdbcTarget target, RetryPolicy retry) {
    return new JdbcBatchWriter<>(target, RecordTables.POSTCODES, retry);
  }

  /** Writer of station states. */
  public static JdbcBatchWriter<StationRecord> stations(JdbcTarget target, RetryPolicy retry) {
    return new JdbcBatchWriter<>(target, RecordTables.STATIONS, retry);
  }

  /** Writer of weather features. */
  public static JdbcBatchWriter<WeatherFeatures> weather(JdbcTarget target, RetryPolicy retry) {
    return new JdbcBatchWriter<>(target, RecordTables.WEATHER, retry);
  }

  /**
   * Writes {@code records} as micro-batch {@code batchId} of {@code queryName}, unless the
   * ledger already holds that batch or a later one.
   *
   * @throws StorageException when PostgreSQL stayed unreachable for the policy's give-up time,
   *     or at once for any other SQL failure (the transaction is rolled back)
   */
  public synchronized BatchOutcome write(String queryName, long batchId, List<T> records) {
    Objects.requireNonNull(queryName, "queryName");
    List<T> usable = usable(queryName, batchId, records);
    int rejected = records.size() - usable.size();
    Instant start = clock.instant();
    for (int attempt = 1; ; attempt++) {
      try {
        return writeOnce(queryName, batchId, usable, rejected, attempt);
      } catch (SQLException e) {
        closeQuietly();
        if (!RetryPolicy.isConnectionLoss(e)) {
          throw new StorageException(
              "writing " + table.stream() + " batch " + batchId + " of " + queryName
                  + " failed (SQLState " + e.getSQLState() + "): " + e.getMessage(),
              e);
        }
        Duration elapsed = Duration.between(start, clock.instant());
        if (elapsed.compareTo(retry.giveUpAfter()) >= 0) {
          throw new StorageException(
              "PostgreSQL at " + target.safeUrl() + " unreachable for " + elapsed.toSeconds()
                  + " s (" + attempt + " attempts): gave up writing " + table.stream() + " batch "
                  + batchId + " of "
                  + queryName + "; last error (SQLState " + e.getSQLState() + "): "
                  + e.getMessage(),
              e);
        }
        Duration delay = retry.delayBefore(attempt);
        LOG.warn(
            "PostgreSQL connection lost writing {} batch {} of {} (SQLState {}: {}); retry {} in {} ms",
            table.stream(),
            batchId,
            queryName,
            e.getSQLState(),
            e.getMessage(),
            attempt,
            delay.toMillis());
        try {
          sleeper.sleep(delay);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new StorageException(
              "interrupted while retrying " + table.stream() + " batch " + batchId, ie);
        }
      }
    }
  }

  private BatchOutcome writeOnce(
      String queryName, long batchId, List<T> records, int rejected, int attempt)
      throws SQLException {
    Connection c = connection();
    try {
      try (PreparedStatement create = c.prepareStatement(LEDGER_CREATE)) {
        create.setString(1, queryName);
        create.executeUpdate();
      }
      long committed;
      try (PreparedStatement lock = c.prepareStatement(LEDGER_LOCK)) {
        lock.setString(1, queryName);
        try (ResultSet rs = lock.executeQuery()) {
          rs.next();
          committed = rs.getLong(1);
        }
      }
      if (committed >= batchId) {
        c.rollback();
        LOG.info(
            "{} batch {} of {} already committed (ledger at {}): skipped",
            table.stream(),
            batchId,
            queryName,
            committed);
        return new BatchOutcome(queryName, batchId, true, 0, 0, rejected, attempt);
      }
      int current = executeBatch(c, upsertCurrent, queryName, batchId, records);
      int history = executeBatch(c, insertHistory, queryName, batchId, records);
      try (PreparedStatement advance = c.prepareStatement(LEDGER_ADVANCE)) {
        advance.setLong(1, batchId);
        advance.setString(2, queryName);
        advance.executeUpdate();
      }
      c.commit();
      return new BatchOutcome(queryName, batchId, false, current, history, rejected, attempt);
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(c);
      throw e;
    }
  }

  private int executeBatch(
      Connection c, String sql, String queryName, long batchId, List<T> records)
      throws SQLException {
    if (records.isEmpty()) {
      return 0;
    }
    // One statement per row in a JDBC batch (no multi-row VALUES): a batch may hold the same key
    // twice, which one multi-row ON CONFLICT DO UPDATE statement refuses.
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      List<Column<T>> columns = table.columns();
      for (T record : records) {
        int i = 1;
        for (Column<T> column : columns) {
          bind(ps, i++, column.sqlType(), column.value().apply(record));
        }
        ps.setString(i++, queryName);
        ps.setLong(i, batchId);
        ps.addBatch();
      }
      int changed = 0;
      for (int n : ps.executeBatch()) {
        changed += Math.max(n, 0);
      }
      return changed;
    }
  }

  static void bind(PreparedStatement ps, int index, int sqlType, Object value) throws SQLException {
    if (value == null) {
      ps.setNull(index, sqlType);
    } else if (value instanceof Instant instant) {
      ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC), sqlType);
    } else {
      ps.setObject(index, value, sqlType);
    }
  }

  private List<T> usable(String queryName, long batchId, List<T> records) {
    List<T> usable = new ArrayList<>(records.size());
    String firstProblem = null;
    T firstRejected = null;
    for (T record : records) {
      String problem = record == null ? "null record" : table.problem().of(record);
      if (problem == null) {
        usable.add(record);
      } else if (firstProblem == null) {
        firstProblem = problem;
        firstRejected = record;
      }
    }
    if (firstProblem != null) {
      LOG.warn(
          "{} batch {} of {}: {} record(s) cannot be stored and are left out, e.g. ({}) {}",
          table.stream(),
          batchId,
          queryName,
          records.size() - usable.size(),
          firstProblem,
          firstRejected);
    }
    return usable;
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = target.open();
      connection.setAutoCommit(false);
    }
    return connection;
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is gone: the server rolls the transaction back itself
    }
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already broken
      }
      connection = null;
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }
}
