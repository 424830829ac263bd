package io.citypulse.storage.sink;

import static io.citypulse.storage.sink.Records.T0;
import static io.citypulse.storage.sink.Records.station;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.model.StationRecord;
import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.postgres.PostgresServer;
import io.citypulse.storage.schema.SchemaMigrator;
import io.citypulse.testkit.LogCapture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresOutageIT {
  @TempDir
  Path stateDir;

  private PostgresServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aServerStoppedDuringAWriteAndStartedAgainGetsTheBatchExactlyOnce() throws Exception {
    Path data = stateDir.resolve("postgres");
    server = PostgresServer.start(data);
    int port = server.port();
    JdbcTarget target = server.target();
    SchemaMigrator.migrate(target);
    RetryPolicy policy =
        new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(60));
    List<StationRecord> batch1 = List.of(station("1", 1, T0), station("2", 2, T0));
    List<StationRecord> batch2 =
        List.of(station("1", 5, T0.plusSeconds(60)), station("3", 3, T0.plusSeconds(60)));

    try (LogCapture log = LogCapture.of(JdbcBatchWriter.class.getName());
        JdbcBatchWriter<StationRecord> writer = JdbcBatchWriter.stations(target, policy)) {
      writer.write("stations", 1, batch1);

      // Hold the ledger row so that the writer's transaction of batch 2 is open and waiting
      // when the server goes down: the stop interrupts a write in progress.
      Connection blocker = target.open();
      blocker.setAutoCommit(false);
      try (Statement s = blocker.createStatement()) {
        s.executeQuery(
                "SELECT batch_id FROM sink_progress WHERE query_name = 'stations' FOR UPDATE")
            .close();
      }
      CompletableFuture<BatchOutcome> write2 =
          CompletableFuture.supplyAsync(() -> writer.write("stations", 2, batch2));
      waitUntilAWriterWaitsForTheLock(target);

      server.close();
      // The write in progress fails (one retry logged), then a retry meets a refused connection
      // (another one): the server stays down until then.
      await("a retry against the stopped server")
          .atMost(Duration.ofSeconds(30))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> log.lines().stream()
                  .filter(line ->
                      line.contains("PostgreSQL connection lost writing station states batch 2"))
                  .count()
              >= 2);
      assertThat(write2).isNotDone();
      server = null;
      server = PostgresServer.start(data, port, Duration.ofSeconds(60));

      BatchOutcome outcome = write2.get(60, TimeUnit.SECONDS);
      assertThat(outcome.alreadyCommitted()).isFalse();
      assertThat(outcome.attempts()).isGreaterThan(1);
      assertThat(outcome.historyRowsWritten()).isEqualTo(2);
      // Spark replays batch 2 after a crash: nothing more lands.
      assertThat(writer.write("stations", 2, batch2).alreadyCommitted()).isTrue();
      blocker.close();
    }
    assertThat(rows(
            target,
            "SELECT station_code || ' ' || bikes_available || ' ' || batch_id"
                + " FROM station_history ORDER BY station_code, last_reported"))
        .containsExactly("1 1 1", "1 5 2", "2 2 1", "3 3 2");
    assertThat(rows(
            target,
            "SELECT station_code || ' ' || bikes_available FROM station_current"
                + " ORDER BY station_code"))
        .containsExactly("1 5", "2 2", "3 3");
    assertThat(
            rows(target, "SELECT batch_id::text FROM sink_progress WHERE query_name = 'stations'"))
        .containsExactly("2");
  }

  private static void waitUntilAWriterWaitsForTheLock(JdbcTarget target) {
    await("the writer waiting for the ledger lock")
        .atMost(Duration.ofSeconds(20))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .pollInSameThread()
        .until(() -> !rows(
                target, "SELECT pid::text FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            .isEmpty());
  }

  private static List<String> rows(JdbcTarget target, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = target.open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
