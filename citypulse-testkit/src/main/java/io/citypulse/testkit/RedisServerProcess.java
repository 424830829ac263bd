package io.citypulse.testkit;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} (Debian's package) as a child process on 127.0.0.1, for the
 * integration tests of the Redis cache.
 *
 * <p>It listens on a free port that stays the same across {@link #stop()}, {@link #kill()} and
 * {@link #restart()}, so a client configured once sees "the same server" go away and come back.
 * Its data directory is a temporary directory of its own, deleted by {@link #close()}. Without
 * {@link Options#persistent() persistence} nothing is saved ({@code --save "" --appendonly no}),
 * so a restart starts empty; with it, every write is in the append-only file before it is
 * acknowledged ({@code appendfsync always}), so even a {@link #kill() SIGKILL} loses nothing.
 *
 * <p>No server outlives the JVM: every running one is destroyed by a shutdown hook as well.
 *
 * <pre>{@code
 * RedisServerProcess.assumeAvailable();
 * try (RedisServerProcess redis = RedisServerProcess.start(RedisServerProcess.Options.DEFAULT)) {
 *   ... "redis://127.0.0.1:" + redis.port() ...
 * }
 * }</pre>
 */
public final class RedisServerProcess implements AutoCloseable {

  /** How a server is started. */
  public record Options(boolean persistent, String password) {
    /** No persistence, no password. */
    public static final Options DEFAULT = new Options(false, null);

    /** Writes survive a stop, a kill and a restart (append-only file, fsync at every write). */
    public Options withPersistence() {
      return new Options(true, password);
    }

    /** Clients must authenticate ({@code --requirepass}). */
    public Options withPassword(String newPassword) {
      return new Options(persistent, newPassword);
    }
  }

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final int PORT_ATTEMPTS = 5;
  private static final String FALLBACK_BINARY = "/usr/bin/redis-server";

  /** Every server started and not yet stopped, destroyed when the JVM exits. */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(
            () -> RUNNING.forEach(Process::destroyForcibly), "redis-server-process-reaper"));
  }

  private final Path binary;
  private final Options options;
  private final Path dataDir;
  private final int port;
  private Process process;
  private int starts;

  private RedisServerProcess(Path binary, Options options, Path dataDir, int port) {
    this.binary = binary;
    this.options = options;
    this.dataDir = dataDir;
    this.port = port;
  }

  /** The {@code redis-server} on the PATH, else Debian's {@value #FALLBACK_BINARY}. */
  public static Optional<Path> binary() {
    String path = System.getenv("PATH");
    Stream<Path> candidates = Stream.concat(
        path == null
            ? Stream.empty()
            : Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "redis-server")),
        Stream.of(Path.of(FALLBACK_BINARY)));
    return candidates.filter(Files::isExecutable).findFirst();
  }

  /** Whether a {@code redis-server} binary is installed here. */
  public static boolean available() {
    return binary().isPresent();
  }

  /** Skips the calling test (JUnit assumption) on a machine without {@code redis-server}. */
  public static void assumeAvailable() {
    Assumptions.assumeTrue(
        available(),
        "redis-server is not installed (apt-get install redis-server; .ci/run installs it):"
            + " the Redis integration tests are skipped");
  }

  /** Starts a server on a free loopback port and waits until it answers. */
  public static RedisServerProcess start(Options options) throws IOException {
    Path binary =
        binary().orElseThrow(() -> new IllegalStateException("redis-server is not installed here"));
    Path dataDir = Files.createTempDirectory("citypulse-redis-");
    IOException last = null;
    // A port found free may be taken before the server binds it: try a few.
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      RedisServerProcess server =
          new RedisServerProcess(binary, options, dataDir, Ports.freePort());
      try {
        server.launch();
        return server;
      } catch (IOException e) {
        last = e;
      }
    }
    deleteRecursively(dataDir);
    throw last;
  }

  public int port() {
    return port;
  }

  public String host() {
    return "127.0.0.1";
  }

  /** {@code redis://127.0.0.1:PORT}, without the password. */
  public String url() {
    return "redis://" + host() + ":" + port;
  }

  public Path dataDir() {
    return dataDir;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops the server as an operator would (SIGTERM: it flushes its append-only file). */
  public synchronized void stop() {
    end(false);
  }

  /** Kills the server (SIGKILL): no goodbye to its clients, nothing flushed. */
  public synchronized void kill() {
    end(true);
  }

  /** Starts the server again on the same port and data directory (it must be stopped). */
  public synchronized void restart() throws IOException {
    if (isRunning()) {
      throw new IllegalStateException("redis-server on port " + port + " is still running");
    }
    launch();
  }

  /** Stops the server and deletes its data directory. */
  @Override
  public synchronized void close() {
    end(true);
    deleteRecursively(dataDir);
  }

  private synchronized void launch() throws IOException {
    starts++;
    Path log = dataDir.resolve("redis-" + starts + ".log");
    List<String> command = new ArrayList<>(List.of(
        binary.toString(),
        "--bind",
        host(),
        "--port",
        Integer.toString(port),
        "--dir",
        dataDir.toString(),
        "--save",
        "",
        "--daemonize",
        "no",
        "--logfile",
        ""));
    if (options.persistent()) {
      command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
    } else {
      command.addAll(List.of("--appendonly", "no"));
    }
    if (options.password() != null) {
      command.addAll(List.of("--requirepass", options.password()));
    }
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    RUNNING.add(process);
    try {
      awaitReady(log);
    } catch (IOException | RuntimeException e) {
      end(true);
      throw e;
    }
  }

  /** Ready when a PING is answered: PONG, or NOAUTH from a server that wants a password. */
  private void awaitReady(Path log) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited with " + process.exitValue() + " on port " + port
            + ":\n" + Files.readString(log));
      }
      String reply = ping();
      if (reply != null && (reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"))) {
        return;
      }
      sleep(Duration.ofMillis(50));
    }
    throw new IOException("redis-server on port " + port + " did not answer within " + START_TIMEOUT
        + ":\n" + Files.readString(log));
  }

  /** The first line of the answer to an inline PING, or null when nothing answers. */
  private String ping() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    } catch (IOException e) {
      return null; // not listening yet
    }
  }

  private void end(boolean forcibly) {
    if (process == null) {
      return;
    }
    if (forcibly) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    RUNNING.remove(process);
    process = null;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
