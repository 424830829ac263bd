package io.citypulse.storage;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

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
      throw new IllegalArgumentException(
          "not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db): " + jdbcUrl);
    }
    password = password == null ? "" : password;
  }

  /**
   * The server as {@code host:port/database}: the URL without its parameters and credentials,
   * which may hold a password. For messages and logs.
   */
  public String server() {
    String server = jdbcUrl.substring("jdbc:postgresql:".length());
    int parameters = server.indexOf('?');
    if (parameters >= 0) {
      server = server.substring(0, parameters);
    }
    if (server.startsWith("//")) {
      server = server.substring(2);
    }
    int credentials = server.lastIndexOf('@');
    return credentials >= 0 ? server.substring(credentials + 1) : server;
  }

  /** The JDBC URL without parameters or credentials ({@code jdbc:postgresql://host:port/db}), for messages and logs. */
  public String safeUrl() {
    return (jdbcUrl.startsWith("jdbc:postgresql://") ? "jdbc:postgresql://" : "jdbc:postgresql:")
        + server();
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
    return "JdbcTarget[" + safeUrl() + ", user=" + user + ", password="
        + (password.isEmpty() ? "<none>" : "***") + "]";
  }
}
