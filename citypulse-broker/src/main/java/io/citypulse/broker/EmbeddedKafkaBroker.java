package io.citypulse.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A single-node Kafka (KRaft, combined broker + controller) running inside this JVM. */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String CLIENT_LISTENER = "PLAINTEXT";
  private static final String HOST = "127.0.0.1";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaRaftServer server;
  private final DataDirLock lock;
  private final int port;
  private final Path logDir;
  private final Duration startupTime;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafkaBroker(
      KafkaRaftServer server, DataDirLock lock, int port, Path logDir, Duration startupTime) {
    this.server = server;
    this.lock = lock;
    this.port = port;
    this.logDir = logDir;
    this.startupTime = startupTime;
  }

  /**
   * Starts a broker storing its data under {@code dataDir} (created if missing, reused if already
   * formatted, so topics and committed offsets survive a restart) and listening on
   * 127.0.0.1:{@code port}; port 0 picks a free port. Returns once the broker answers clients.
   *
   * @throws IllegalStateException if the port or the data directory is already in use, or the
   *     broker does not start
   */
  public static EmbeddedKafkaBroker start(Path dataDir, int port) {
    long startNanos = System.nanoTime();
    int clientPort = port == 0 ? freeLoopbackPort() : requireFreePort(port);
    // The controller port may differ between restarts: with a static voter set
    // (controller.quorum.voters) the endpoint is configuration, not stored in the metadata log.
    int controllerPort = freeLoopbackPort();
    Path logDir = dataDir.toAbsolutePath().resolve("kafka-logs");
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Kafka data directory " + logDir, e);
    }
    DataDirLock lock = DataDirLock.acquire(dataDir.toAbsolutePath());
    try {
      formatIfNeeded(logDir);
      long formattedNanos = System.nanoTime();
      KafkaRaftServer server = startServer(logDir, clientPort, controllerPort);
      Duration startupTime = Duration.ofNanos(System.nanoTime() - startNanos);
      LOG.info(
          "Embedded Kafka ready on {}:{} in {} ms (storage check/format {} ms; data: {})",
          HOST,
          clientPort,
          startupTime.toMillis(),
          Duration.ofNanos(formattedNanos - startNanos).toMillis(),
          logDir);
      return new EmbeddedKafkaBroker(server, lock, clientPort, logDir, startupTime);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static KafkaRaftServer startServer(Path logDir, int clientPort, int controllerPort) {
    KafkaConfig config =
        KafkaConfig.fromProps(brokerProperties(logDir, clientPort, controllerPort), false);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      shutdown(server, SHUTDOWN_TIMEOUT);
      throw new IllegalStateException(
          "embedded Kafka failed to start on port " + clientPort + " with data in " + logDir + ": "
              + e.getMessage(),
          e);
    }
    String bootstrap = HOST + ":" + clientPort;
    if (!TopicAdmin.isReachable(bootstrap, READY_TIMEOUT)) {
      shutdown(server, SHUTDOWN_TIMEOUT);
      throw new IllegalStateException("embedded Kafka did not answer on " + bootstrap + " within "
          + READY_TIMEOUT.toSeconds() + " s");
    }
    return server;
  }

  /** The client bootstrap address, {@code 127.0.0.1:PORT}. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** The client port the broker listens on. */
  public int port() {
    return port;
  }

  /** The directory holding the Kafka logs and meta.properties. */
  public Path logDir() {
    return logDir;
  }

  /** How long {@link #start} took, from call until the broker answered a client request. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Stops the broker cleanly (flushes logs, writes a clean-shutdown marker); idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      long startNanos = System.nanoTime();
      shutdown(server, SHUTDOWN_TIMEOUT);
      lock.close();
      LOG.info(
          "Embedded Kafka on {} stopped in {} ms",
          bootstrapServers(),
          Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
    }
  }

  static Properties brokerProperties(Path logDir, int clientPort, int controllerPort) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    props.put(
        "listeners",
        CLIENT_LISTENER + "://" + HOST + ":" + clientPort + "," + CONTROLLER_LISTENER + "://" + HOST
            + ":" + controllerPort);
    props.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("inter.broker.listener.name", CLIENT_LISTENER);
    props.put(
        "listener.security.protocol.map",
        CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("metadata.log.dir", logDir.toString());
    // One node: every internal topic must accept replication factor 1.
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("num.partitions", "1");
    // Without this a new consumer group waits 3 s before its first assignment.
    props.put("group.initial.rebalance.delay.ms", "0");
    // After a crash (kill -9) the restarted broker cannot register until the controller has
    // expired the dead incarnation's session: 9 s by default, measured 16 s to ready. A shorter
    // session halves that; heartbeats stay in-process on loopback, so 4.5 s leaves room for GC.
    props.put("broker.session.timeout.ms", "4500");
    props.put("broker.heartbeat.interval.ms", "750");
    // Topics are created explicitly (TopicAdmin) so a typo fails instead of creating a topic.
    props.put("auto.create.topics.enable", "false");
    return props;
  }

  private static void formatIfNeeded(Path logDir) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      LOG.info("Reusing formatted Kafka storage in {}", logDir);
      return;
    }
    String clusterId = Uuid.randomUuid().toString();
    Formatter formatter = new Formatter()
        .setPrintStream(new PrintStream(new LoggingOutputStream(), true, StandardCharsets.UTF_8))
        .setNodeId(NODE_ID)
        .setClusterId(clusterId)
        .addDirectory(logDir.toString())
        .setMetadataLogDirectory(logDir.toString())
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setControllerListenerName(CONTROLLER_LISTENER)
        .setIgnoreFormatted(true);
    try {
      formatter.run();
      LOG.info("Formatted new Kafka storage in {} (cluster id {})", logDir, clusterId);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Shuts the server down, giving up after {@code timeout} so a wedged broker cannot hang the
   * caller (the JVM exit then ends it).
   */
  private static void shutdown(KafkaRaftServer server, Duration timeout) {
    Thread stopper = new Thread(
        () -> {
          try {
            server.shutdown();
            server.awaitShutdown();
          } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka shutdown failed: {}", e.toString());
          }
        },
        "embedded-kafka-shutdown");
    stopper.setDaemon(true);
    stopper.start();
    try {
      stopper.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (stopper.isAlive()) {
      LOG.warn("Embedded Kafka did not stop within {} s; abandoning it", timeout.toSeconds());
    }
  }

  private static int requireFreePort(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
      return port;
    } catch (IOException e) {
      throw new IllegalStateException(
          "port " + port + " is in use: pass --kafka-port or --bootstrap-servers", e);
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }

  /**
   * Sends the Formatter's console output to the log instead of stdout, one log line per text
   * line (the Formatter prints word by word, so flushes are ignored).
   */
  private static final class LoggingOutputStream extends OutputStream {
    private final StringBuilder line = new StringBuilder();

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        flushLine();
      } else {
        line.append((char) b);
      }
    }

    private void flushLine() {
      if (!line.isEmpty()) {
        LOG.debug("{}", line.toString().strip());
        line.setLength(0);
      }
    }
  }
}
