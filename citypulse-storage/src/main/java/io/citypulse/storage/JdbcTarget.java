package io.citypulse.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.io.Serializable;

/**
 * Where to connect: a JDBC URL with its credentials. {@link #toString()} never shows the password.
 *
 * @param password may be empty (the embedded server trusts 127.0.0.1)
 */
public record JdbcTarget(String jdbcUrl, String user, String password) implements Serializable {

  /** A dead server must not hang a write forever: connect and socket reads time out. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(120);

  public JdbcTarget {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db): " + jdbcUrl);
    }
    password = password == null ? "" : password;
  }

  /** Opens a new connection with timeouts, in auto-commit mode. */
  public Connection open() throws SQLException {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (!password.isEmpty()) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
    props.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
    props.setProperty("tcpKeepAlive", "true");
    props.setProperty("ApplicationName", "citypulse");
    return DriverManager.getConnection(jdbcUrl, props);
  }

  @Override
  public String toString() {
    return "JdbcTarget[" + jdbcUrl + ", user=" + user + ", password=" + (password.isEmpty() ? "<none>" : "***") + "]";
  }
}
