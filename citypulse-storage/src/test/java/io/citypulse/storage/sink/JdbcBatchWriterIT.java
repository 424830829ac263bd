package io.citypulse.storage.sink;

import static io.citypulse.storage.sink.Records.T0;
import static io.citypulse.storage.sink.Records.postcode;
import static io.citypulse.storage.sink.Records.station;
import static io.citypulse.storage.sink.Records.untypedPostcode;
import static io.citypulse.storage.sink.Records.weather;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.storage.postgres.PostgresServer;
import io.citypulse.storage.schema.SchemaMigrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcBatchWriterIT {
  @TempDir
  static Path stateDir;

  static PostgresServer server;

  @BeforeAll
  static void startServer() {
    server = PostgresServer.start(stateDir.resolve("postgres"));
    SchemaMigrator.migrate(server.target());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void emptyTables() throws Exception {
    execute(
        "TRUNCATE postcode_availability_current, postcode_availability_history, station_current,"
            + " station_history, weather_current, weather_history, sink_progress");
  }

  @Test
  void aBatchWrittenTwiceLeavesNoDuplicateHistoryRows() throws Exception {
    List<PostcodeAvailability> batch = List.of(postcode("75001", 5, T0), postcode("75002", 7, T0));
    try (JdbcBatchWriter<PostcodeAvailability> writer =
        JdbcBatchWriter.postcodes(server.target(), RetryPolicy.DEFAULT)) {
      BatchOutcome first = writer.write("postcodes", 4, batch);
      assertThat(first.alreadyCommitted()).isFalse();
      assertThat(first.historyRowsWritten()).isEqualTo(2);
      assertThat(first.currentRowsChanged()).isEqualTo(2);

      BatchOutcome replay = writer.write("postcodes", 4, batch);
      assertThat(replay.alreadyCommitted()).isTrue();
      assertThat(replay.historyRowsWritten()).isZero();
      assertThat(writer.write("postcodes", 3, List.of(postcode("75003", 1, T0))).alreadyCommitted())
          .isTrue();

      // Even past the ledger (a new query name after a checkpoint reset), history keys stop
      // duplicates.
      assertThat(writer.write("postcodes-v2", 0, batch).historyRowsWritten()).isZero();
    }
    assertThat(rows(
            "SELECT postcode || ' ' || bikes_available || ' ' || batch_id FROM postcode_availability_history"
                + " ORDER BY postcode"))
        .containsExactly("75001 5 4", "75002 7 4");
    assertThat(rows("SELECT query_name || '=' || batch_id FROM sink_progress ORDER BY query_name"))
        .containsExactly("postcodes=4", "postcodes-v2=0");
  }

  @Test
  void anOlderRecordNeverOverwritesANewerCurrentRow() throws Exception {
    try (JdbcBatchWriter<StationRecord> writer =
        JdbcBatchWriter.stations(server.target(), RetryPolicy.DEFAULT)) {
      writer.write("stations", 0, List.of(station("16107", 9, T0.plusSeconds(120))));
      BatchOutcome late =
          writer.write("stations", 1, List.of(station("16107", 2, T0), station("16108", 4, T0)));
      assertThat(late.currentRowsChanged()).isEqualTo(1); // only the new station
      assertThat(late.historyRowsWritten()).isEqualTo(2);
      writer.write("stations", 2, List.of(station("16107", 3, T0.plusSeconds(180))));
    }
    assertThat(rows(
            "SELECT station_code || ' ' || bikes_available || ' ' || batch_id FROM station_current"
                + " ORDER BY station_code"))
        .containsExactly("16107 3 2", "16108 4 1");
    assertThat(
            rows(
                "SELECT bikes_available::text FROM station_history WHERE system = 'velib' AND station_code = '16107'"
                    + " AND last_reported BETWEEN '2026-03-10T06:00:00Z' AND '2026-03-10T08:00:00Z' ORDER BY last_reported"))
        .containsExactly("2", "9", "3");
  }

  @Test
  void aPostcodeStateAtTheSameTimeIsRevisedByALaterBatch() throws Exception {
    try (JdbcBatchWriter<PostcodeAvailability> writer =
        JdbcBatchWriter.postcodes(server.target(), RetryPolicy.DEFAULT)) {
      writer.write("postcodes", 0, List.of(postcode("75001", 5, T0)));
      BatchOutcome revised = writer.write("postcodes", 1, List.of(postcode("75001", 6, T0)));
      assertThat(revised.historyRowsWritten()).isEqualTo(1);
      BatchOutcome same = writer.write("postcodes", 2, List.of(postcode("75001", 6, T0)));
      assertThat(same.historyRowsWritten()).isZero();
    }
    assertThat(rows("SELECT bikes_available || ' ' || batch_id FROM postcode_availability_history"))
        .containsExactly("6 1");
    assertThat(rows("SELECT bikes_available::text FROM postcode_availability_current"))
        .containsExactly("6");
  }

  @Test
  void anUnknownSplitIsStoredAsNullNotZeroAndAKnownOneRevisesIt() throws Exception {
    try (JdbcBatchWriter<PostcodeAvailability> writer =
        JdbcBatchWriter.postcodes(server.target(), RetryPolicy.DEFAULT)) {
      writer.write("postcodes", 0, List.of(untypedPostcode("75010", 12, T0)));
      assertThat(rows(
              "SELECT concat_ws('|', bikes_available, mechanical IS NULL, ebike IS NULL, untyped_bikes)"
                  + " FROM postcode_availability_current"))
          .containsExactly("12|t|t|12");
      // Same time, now with a breakdown: the history row is revised (NULL is distinct from 11).
      BatchOutcome typed = writer.write("postcodes", 1, List.of(postcode("75010", 12, T0)));
      assertThat(typed.historyRowsWritten()).isEqualTo(1);
      // And back: a NULL split is a change too.
      BatchOutcome untypedAgain =
          writer.write("postcodes", 2, List.of(untypedPostcode("75010", 12, T0)));
      assertThat(untypedAgain.historyRowsWritten()).isEqualTo(1);
      assertThat(writer
              .write("postcodes", 3, List.of(untypedPostcode("75010", 12, T0)))
              .historyRowsWritten())
          .isZero();
    }
    assertThat(
            rows("SELECT concat_ws('|', mechanical IS NULL, ebike IS NULL, untyped_bikes, batch_id)"
                + " FROM postcode_availability_history"))
        .containsExactly("t|t|12|2");
  }

  @Test
  void weatherColumnsRoundTripWithNullsAndUnusableRecordsAreCounted() throws Exception {
    try (JdbcBatchWriter<WeatherFeatures> writer =
        JdbcBatchWriter.weather(server.target(), RetryPolicy.DEFAULT)) {
      BatchOutcome outcome = writer.write(
          "weather",
          0,
          List.of(
              weather("paris", 11.5, T0),
              weather("paris", 12.0, T0.plusSeconds(600)),
              weather(null, 1, T0)));
      assertThat(outcome.rejected()).isEqualTo(1);
      assertThat(outcome.historyRowsWritten()).isEqualTo(2);
    }
    assertThat(rows(
            "SELECT concat_ws('|', location, observed_at AT TIME ZONE 'UTC', temperature_c, wind_gust_ms IS NULL,"
                + " beaufort, time_of_day, observations_1h) FROM weather_current"))
        .containsExactly("paris|2026-03-10 07:10:00|12|t|2|morning|1");
    assertThat(rows("SELECT count(*)::text FROM weather_history WHERE location = 'paris'"))
        .containsExactly("2");
  }

  @Test
  void anEmptyBatchStillAdvancesTheLedger() throws Exception {
    try (JdbcBatchWriter<StationRecord> writer =
        JdbcBatchWriter.stations(server.target(), RetryPolicy.DEFAULT)) {
      assertThat(writer.write("stations", 5, List.of()).alreadyCommitted()).isFalse();
      assertThat(writer.write("stations", 5, List.of(station("1", 1, T0))).alreadyCommitted())
          .isTrue();
    }
    assertThat(rows("SELECT count(*)::text FROM station_history")).containsExactly("0");
  }

  private static void execute(String sql) throws Exception {
    try (Connection c = server.target().open();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static List<String> rows(String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = server.target().open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
