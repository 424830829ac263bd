package io.citypulse.searchnode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node OpenSearch on 127.0.0.1, in a child JVM of its own started from
 * citypulse-opensearch.jar: OpenSearch's Netty 4.1, Jackson and Lucene stay off this JVM's class
 * path (Spark's). The child prints one line once HTTP is bound, which {@link #start} waits for; it
 * stops on SIGTERM ({@link #stop}), and when its stdin ends, which happens when this JVM dies in any
 * way, kill -9 included (the kernel closes the pipe). Data and logs live under {@link #home()}.
 */
public final class EmbeddedSearchNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedSearchNode.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

  /**
   * @param nodeJar citypulse-opensearch.jar ({@link #locateJar})
   * @param home the node's directory (created if missing): data, logs, config
   * @param httpPort 0 for a free port
   * @param heap the child's heap (-Xms and -Xmx), e.g. "512m"; blank for {@value #DEFAULT_HEAP}
   * @param startTimeout how long {@link #start} waits for the node; null for 120 s
   */
  public record Options(Path nodeJar, Path home, int httpPort, String heap, Duration startTimeout) {
    public static final String DEFAULT_HEAP = "512m";

    public Options {
      Objects.requireNonNull(nodeJar, "nodeJar");
      Objects.requireNonNull(home, "home");
      if (httpPort < 0 || httpPort > 65535) {
        throw new IllegalArgumentException("httpPort " + httpPort + " is not a port (0-65535)");
      }
      heap = heap == null || heap.isBlank() ? DEFAULT_HEAP : heap.trim();
      if (!heap.matches("[0-9]+[kKmMgG]?")) {
        throw new IllegalArgumentException("heap " + heap + " is not a JVM size such as 512m");
      }
      startTimeout = startTimeout == null ? Duration.ofSeconds(120) : startTimeout;
    }
  }

  private final Process process;
  private final Path home;
  private final int httpPort;
  private final Thread stopOnExit;
  // Held, never written: the child exits when the pipe closes (see the class comment).
  private final OutputStream stdin;

  private EmbeddedSearchNode(Process process, Path home, int httpPort) {
    this.process = process;
    this.home = home;
    this.httpPort = httpPort;
    this.stdin = process.getOutputStream();
    this.stopOnExit = new Thread(this::stop, "opensearch-node-stop-" + process.pid());
  }

  /**
   * The configured path if not blank; else the system property {@code citypulse.opensearch.jar};
   * else citypulse-opensearch.jar beside the running jar.
   *
   * @throws IllegalStateException when there is none, saying how to build it or what to set instead
   */
  public static Path locateJar(String configured) {
    return NodeJar.locate(
        configured, System.getProperty(NodeJar.PROPERTY), NodeJar.besideRunningJar());
  }

  /**
   * Starts the child JVM (the same java as this one) and waits until its node serves HTTP.
   *
   * @throws IOException when the node exits or does not answer within the timeout (the child is
   *     killed then), with the last lines of its output and log
   */
  public static EmbeddedSearchNode start(Options options) throws IOException {
    if (!Files.isRegularFile(options.nodeJar())) {
      throw new IOException("no OpenSearch node jar at " + options.nodeJar());
    }
    Path home = options.home().toAbsolutePath().normalize();
    Files.createDirectories(home);
    long started = System.nanoTime();
    Process process = new ProcessBuilder(ChildCommand.of(options, home))
        .redirectErrorStream(true)
        .start();
    ChildOutput output = ChildOutput.drain(process);
    int port;
    try {
      port = output.ready().get(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException | InterruptedException e) {
      // Its output ended: the child is exiting, and its exit code tells why. Else it is stuck.
      boolean exited = e instanceof ExecutionException && waitQuietly(process, EXIT_WAIT);
      if (!exited) {
        process.destroyForcibly();
        waitQuietly(process, EXIT_WAIT);
      }
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException(failure(e, options, home, process) + output.tail(home), e);
    }
    EmbeddedSearchNode node = new EmbeddedSearchNode(process, home, port);
    // A normal exit of this JVM stops the node cleanly; any other death closes its stdin.
    Runtime.getRuntime().addShutdownHook(node.stopOnExit);
    log.info(
        "OpenSearch node started in {} ms: http://127.0.0.1:{} (pid {}, home {})",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        port,
        process.pid(),
        home);
    return node;
  }

  public URI httpUri() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  public int httpPort() {
    return httpPort;
  }

  public long pid() {
    return process.pid();
  }

  public Path home() {
    return home;
  }

  /** SIGTERM (the node flushes and releases its lock), then a kill after 30 s. Idempotent. */
  public void stop() {
    if (process.isAlive()) {
      process.destroy();
      if (!waitQuietly(process, STOP_TIMEOUT)) {
        log.warn("OpenSearch node (pid {}) did not stop within {}: killed", pid(), STOP_TIMEOUT);
        kill();
      }
    }
    closeStdin();
    unregisterStopOnExit();
  }

  /** kill -9 of the child, as a crash would; the next node on this home recovers it. */
  public void kill() {
    process.destroyForcibly();
    waitQuietly(process, STOP_TIMEOUT);
    closeStdin();
    unregisterStopOnExit();
  }

  @Override
  public void close() {
    stop();
  }

  private void unregisterStopOnExit() {
    if (Thread.currentThread() == stopOnExit) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException e) {
      // This JVM is exiting: the hook runs (and finds the node stopped).
    }
  }

  private void closeStdin() {
    try {
      stdin.close();
    } catch (IOException e) {
      // The child is gone: nothing to tell it.
    }
  }

  private static String failure(Exception e, Options options, Path home, Process process) {
    if (e instanceof TimeoutException) {
      return "the OpenSearch node (home " + home + ") did not start within "
          + options.startTimeout().toSeconds() + " s";
    }
    if (e instanceof InterruptedException) {
      return "interrupted while the OpenSearch node (home " + home + ") started";
    }
    String exit = process.isAlive() ? "" : " with code " + process.exitValue();
    return "the OpenSearch node (home " + home + ") exited" + exit + " before it was ready";
  }

  private static boolean waitQuietly(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }
}
