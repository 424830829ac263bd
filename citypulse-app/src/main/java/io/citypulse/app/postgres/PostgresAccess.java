package io.citypulse.app.postgres;

import static io.citypulse.app.config.CitypulseConfig.JDBC_PASSWORD;
import static io.citypulse.app.config.CitypulseConfig.JDBC_URL;
import static io.citypulse.app.config.CitypulseConfig.JDBC_USER;
import static io.citypulse.app.config.CitypulseConfig.POSTGRES_PORT;
import static io.citypulse.app.config.CitypulseConfig.STATE_DIR;

import io.citypulse.app.cli.UserFacingException;
import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.StorageException;
import io.citypulse.storage.postgres.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The PostgreSQL that the settings name: the server at {@code storage.postgres.jdbc-url}, or the
 * embedded one whose data lives in {@code <state-dir>/postgres}. Closing stops the embedded
 * server only if this process started it.
 */
public final class PostgresAccess implements AutoCloseable {
  private final JdbcTarget target;
  private final PostgresServer startedHere;
  private final String description;

  private PostgresAccess(JdbcTarget target, PostgresServer startedHere, String description) {
    this.target = target;
    this.startedHere = startedHere;
    this.description = description;
  }

  /** Where the embedded server keeps its data. */
  public static Path embeddedDataDirectory(Settings settings) {
    return settings.get(STATE_DIR).toAbsolutePath().resolve("postgres");
  }

  /** True when the embedded server's data directory holds a database (a run with --postgres left it). */
  public static boolean hasEmbeddedData(Settings settings) {
    return PostgresServer.hasData(embeddedDataDirectory(settings));
  }

  /** For the pipeline: the configured server, else an embedded one started (and owned) here. */
  public static PostgresAccess forPipeline(Settings settings) {
    Optional<JdbcTarget> external = external(settings);
    if (external.isPresent()) {
      return new PostgresAccess(
          external.get(), null, "PostgreSQL at " + external.get().safeUrl());
    }
    Path data = embeddedDataDirectory(settings);
    try {
      PostgresServer server =
          PostgresServer.start(data, settings.get(POSTGRES_PORT), Duration.ofSeconds(60));
      return new PostgresAccess(
          server.target(),
          server,
          "embedded PostgreSQL on " + PostgresServer.HOST + ":" + server.port() + " (data in "
              + data + ")");
    } catch (StorageException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
  }

  /**
   * For a query: the configured server; else the embedded server of a running pipeline; else the
   * embedded server started here on the existing data, for as long as the query runs.
   */
  public static PostgresAccess forQuery(Settings settings) {
    Optional<JdbcTarget> external = external(settings);
    if (external.isPresent()) {
      return new PostgresAccess(
          external.get(), null, "PostgreSQL at " + external.get().safeUrl());
    }
    Path data = embeddedDataDirectory(settings);
    Optional<Integer> running = PostgresServer.portOfRunningServer(data);
    if (running.isPresent()) {
      JdbcTarget target = new JdbcTarget(
          "jdbc:postgresql://" + PostgresServer.HOST + ":" + running.get() + "/"
              + PostgresServer.DATABASE,
          PostgresServer.USER,
          "");
      return new PostgresAccess(
          target, null, "the running pipeline's PostgreSQL on port " + running.get());
    }
    if (!PostgresServer.hasData(data)) {
      throw new UserFacingException(
          "no PostgreSQL history in " + data + ": run the pipeline with --postgres"
              + " (storage.postgres.enabled=true) first, or give --jdbc-url / --state-dir");
    }
    return forPipeline(settings);
  }

  /**
   * The server {@code storage.postgres.jdbc-url} (user, password) names; empty when no URL is set.
   *
   * @throws ConfigException when the URL is not a PostgreSQL JDBC URL
   */
  public static Optional<JdbcTarget> external(Settings settings) {
    String url = settings.get(JDBC_URL);
    if (url.isBlank()) {
      return Optional.empty();
    }
    String user = settings.get(JDBC_USER);
    try {
      return Optional.of(
          new JdbcTarget(url.trim(), user.isBlank() ? null : user, settings.get(JDBC_PASSWORD)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(JDBC_URL.name() + ": " + e.getMessage(), e);
    }
  }

  public JdbcTarget target() {
    return target;
  }

  /** For the start-up line; never contains the password. */
  public String description() {
    return description;
  }

  @Override
  public void close() {
    if (startedHere != null) {
      startedHere.close();
    }
  }
}
