package io.citypulse.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.storage.StorageException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerIT {
  @TempDir
  Path stateDir;

  @Test
  void startsPostgres17OnLoopbackAndKeepsDataAcrossRestarts() throws Exception {
    Path data = stateDir.resolve("postgres");
    int port;
    try (PostgresServer server = PostgresServer.start(data)) {
      port = server.port();
      assertThat(port).isPositive();
      assertThat(server.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
      try (Connection c = server.target().open();
          Statement s = c.createStatement()) {
        assertThat(single(s, "SHOW server_version")).startsWith("17.");
        assertThat(single(s, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
        assertThat(single(s, "SHOW synchronous_commit")).isEqualTo("on");
        s.execute("CREATE TABLE kept (v text)");
        s.execute("INSERT INTO kept VALUES ('before restart')");
      }
    }
    assertThat(data.resolve("PG_VERSION")).exists();

    try (PostgresServer again = PostgresServer.start(data, port, Duration.ofSeconds(60));
        Connection c = again.target().open();
        Statement s = c.createStatement()) {
      assertThat(again.port()).isEqualTo(port);
      assertThat(single(s, "SELECT string_agg(v, ',') FROM kept")).isEqualTo("before restart");
    }
  }

  @Test
  void aServerLeftRunningByAKilledJvmIsStoppedAndItsDataReused() throws Exception {
    Path data = stateDir.resolve("postgres");
    // A separate JVM starts the server, writes a row, and is killed with -9 (no shutdown hook).
    Process jvm = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            OrphanServerMain.class.getName(),
            data.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals(OrphanServerMain.READY)) {
        // skip anything else the child prints
      }
      assertThat(line).as("child JVM output").isEqualTo(OrphanServerMain.READY);
    }
    long orphanPid = PostgresServer.postmasterPid(data).orElseThrow();
    jvm.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).contains(true);

    try (PostgresServer next = PostgresServer.start(data);
        Connection c = next.target().open();
        Statement s = c.createStatement()) {
      assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false))
          .isFalse();
      assertThat(single(s, "SELECT string_agg(v, ',') FROM kept")).isEqualTo("from the killed run");
    }
  }

  @Test
  void aSecondProcessFindsTheRunningServerInsteadOfStoppingIt() throws Exception {
    Path data = stateDir.resolve("postgres");
    assertThat(PostgresServer.portOfRunningServer(data)).isEmpty();
    try (PostgresServer server = PostgresServer.start(data)) {
      assertThat(PostgresServer.portOfRunningServer(data)).contains(server.port());
      assertThatThrownBy(() -> PostgresServer.start(data))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("is in use by another running citypulse process");
      try (Connection c = server.target().open();
          Statement s = c.createStatement()) {
        assertThat(single(s, "SELECT 'still up'")).isEqualTo("still up");
      }
    }
    assertThat(PostgresServer.portOfRunningServer(data)).isEmpty();
  }

  @Test
  void anUnusableDataDirectoryGivesAClearError() throws Exception {
    Path notADirectory = Files.writeString(stateDir.resolve("postgres"), "a file, not a directory");
    assertThatThrownBy(() -> PostgresServer.start(notADirectory))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(
            "cannot start the embedded PostgreSQL server with data in " + notADirectory);
  }

  private static String single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
