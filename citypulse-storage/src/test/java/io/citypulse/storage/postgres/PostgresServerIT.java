package io.citypulse.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerIT {
  @TempDir Path stateDir;

  @Test
  void startsPostgres17OnLoopbackAndKeepsDataAcrossRestarts() throws Exception {
    Path data = stateDir.resolve("postgres");
    int port;
    try (PostgresServer server = PostgresServer.start(data)) {
      port = server.port();
      assertThat(port).isPositive();
      assertThat(server.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
      try (Connection c = server.target().open(); Statement s = c.createStatement()) {
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
  void anUnusableDataDirectoryGivesAClearError() throws Exception {
    Path notADirectory = Files.writeString(stateDir.resolve("postgres"), "a file, not a directory");
    assertThatThrownBy(() -> PostgresServer.start(notADirectory))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("cannot start the embedded PostgreSQL server with data in " + notADirectory);
  }

  private static String single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
