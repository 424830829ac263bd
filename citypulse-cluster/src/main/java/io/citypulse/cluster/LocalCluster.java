package io.citypulse.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A cluster on this machine made of the project's own jars, each member a JVM of its own on
 * 127.0.0.1: a multi-broker KRaft Kafka ({@code kafka.Kafka}, as a Kafka distribution runs it), an
 * HDFS NameNode + DataNode ({@link HdfsNode}), a Spark standalone Master and Workers (Spark's own
 * {@code Master} and {@code Worker} classes, from a {@link SparkHome} holding only Spark's jars).
 *
 * <p>Everything lives under one directory: {@code cluster.properties} (ports, Kafka cluster id:
 * chosen on the first start, kept so that a restarted member and every URI stay valid), {@code
 * run/*.pid}, {@code logs/*.log}, each member's data, and the Spark home. Members are started
 * detached: they outlive the JVM that started them until {@link #stop}. Each carries a marker
 * ({@code -Dcitypulse.cluster.member=ID@DIR}) so that a pid is only trusted while it is still that
 * member, and {@code stop} also finds members whose pid file is gone.
 */
public final class LocalCluster {
  /** How a cluster is laid out and what it is made of. */
  public record Layout(
      Path dir,
      Path sparkJarList,
      String memberClassPath,
      int brokers,
      int workers,
      int workerCores,
      String workerMemory) {
    public Layout {
      dir = dir.toAbsolutePath().normalize();
      if (brokers < 1 || workers < 1 || workerCores < 1) {
        throw new IllegalArgumentException("at least one broker, one worker and one core each");
      }
    }

    /** 3 brokers, 2 workers of 1 core and 2 GB each: the shape the fault tests need. */
    public static Layout standard(Path dir, Path sparkJarList, String memberClassPath) {
      return new Layout(dir, sparkJarList, memberClassPath, 3, 2, 1, "2g");
    }
  }

  private static final String HOST = "127.0.0.1";
  private static final String MARKER = "-Dcitypulse.cluster.member=";
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Layout layout;
  private final Properties state;
  private final Path javaExecutable;

  private LocalCluster(Layout layout, Properties state) {
    this.layout = layout;
    this.state = state;
    this.javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /**
   * The cluster under {@code layout.dir()}: the ports and cluster id it had, or new ones (free
   * ports now) written there for every later command.
   */
  public static LocalCluster at(Layout layout) {
    Path file = layout.dir().resolve("cluster.properties");
    Properties state = new Properties();
    try {
      Files.createDirectories(layout.dir());
      if (Files.isRegularFile(file)) {
        try (InputStream in = Files.newInputStream(file)) {
          state.load(in);
        }
      }
      boolean changed = false;
      for (String key : portKeys(layout)) {
        if (!state.containsKey(key)) {
          state.setProperty(key, Integer.toString(freePort()));
          changed = true;
        }
      }
      if (!state.containsKey("kafka.cluster-id")) {
        state.setProperty("kafka.cluster-id", Uuid.randomUuid().toString());
        changed = true;
      }
      if (changed) {
        try (OutputStream out = Files.newOutputStream(file)) {
          state.store(out, "citypulse local cluster: ports and ids, kept across restarts");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the cluster directory " + layout.dir(), e);
    }
    return new LocalCluster(layout, state);
  }

  private static List<String> portKeys(Layout layout) {
    List<String> keys = new ArrayList<>();
    for (int i = 1; i <= layout.brokers(); i++) {
      keys.add("broker-" + i + ".port");
      keys.add("broker-" + i + ".controller-port");
    }
    keys.add("hdfs.port");
    keys.add("master.port");
    keys.add("master.ui-port");
    for (int i = 1; i <= layout.workers(); i++) {
      keys.add("worker-" + i + ".ui-port");
    }
    return keys;
  }

  private int port(String key) {
    return Integer.parseInt(state.getProperty(key));
  }

  /** Every member, brokers first, then HDFS, the master and the workers (start order). */
  public List<Member> members() {
    List<Member> members = new ArrayList<>();
    for (int i = 1; i <= layout.brokers(); i++) {
      members.add(Member.broker(i));
    }
    members.add(Member.HDFS);
    members.add(Member.MASTER);
    for (int i = 1; i <= layout.workers(); i++) {
      members.add(Member.worker(i));
    }
    return members;
  }

  public KafkaNodeConfig kafka() {
    List<Integer> clients = new ArrayList<>();
    List<Integer> controllers = new ArrayList<>();
    for (int i = 1; i <= layout.brokers(); i++) {
      clients.add(port("broker-" + i + ".port"));
      controllers.add(port("broker-" + i + ".controller-port"));
    }
    return new KafkaNodeConfig(clients, controllers);
  }

  public Endpoints endpoints() {
    return new Endpoints(
        kafka().bootstrapServers(),
        "spark://" + HOST + ":" + port("master.port"),
        "http://" + HOST + ":" + port("master.ui-port"),
        "hdfs://" + HOST + ":" + port("hdfs.port"),
        layout.dir().resolve("spark-home"),
        layout.dir());
  }

  /**
   * Starts every member that is not running and returns once all accept work: every broker is
   * registered, HDFS takes writes, every worker is registered with the master.
   *
   * @throws IllegalStateException naming the member that did not get ready, and its log
   */
  public Endpoints start(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    SparkHome.create(layout.dir().resolve("spark-home"), layout.sparkJarList(), logConfig());
    List<Member> toFormat = new ArrayList<>();
    for (Member member : members()) {
      if (member.kind() == Member.Kind.BROKER && pid(member).isEmpty()) {
        toFormat.add(member);
      }
    }
    formatBrokers(toFormat);
    for (Member member : members()) {
      if (pid(member).isEmpty()) {
        launch(member);
      }
    }
    for (Member member : members()) {
      awaitReady(member, deadline);
    }
    return endpoints();
  }

  /** Stops every member (SIGTERM, then SIGKILL after a grace period) and what they started. */
  public void stop() {
    List<ProcessHandle> running = new ArrayList<>();
    List<Member> reversed = new ArrayList<>(members());
    Collections.reverse(reversed);
    for (Member member : reversed) {
      pid(member).flatMap(ProcessHandle::of).ifPresent(running::add);
      deletePidFile(member);
    }
    // Members whose pid file was lost, still carrying this cluster's marker.
    String suffix = "@" + layout.dir();
    ProcessHandle.allProcesses()
        .filter(p -> p.info()
            .commandLine()
            .map(c -> c.contains(MARKER) && c.contains(suffix))
            .orElse(false))
        .filter(p -> running.stream().noneMatch(r -> r.pid() == p.pid()))
        .forEach(running::add);
    for (ProcessHandle process : running) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
    }
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    for (ProcessHandle process : running) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        process.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Each member: running or not, its pid and address. */
  public List<MemberStatus> status() {
    List<MemberStatus> statuses = new ArrayList<>();
    for (Member member : members()) {
      Optional<Long> pid = pid(member);
      statuses.add(new MemberStatus(
          member, pid.orElse(0L), pid.isPresent() && isReady(member), address(member)));
    }
    return statuses;
  }

  /**
   * Kills one member with SIGKILL, as a crash or a lost machine would: a worker goes with the
   * executors it started.
   *
   * @return false if it was not running
   */
  public boolean kill(Member member) {
    requireKnown(member);
    Optional<ProcessHandle> process = pid(member).flatMap(ProcessHandle::of);
    deletePidFile(member);
    if (process.isEmpty()) {
      return false;
    }
    List<ProcessHandle> children = process.get().descendants().toList();
    process.get().destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      process.get().onExit().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          member + " (pid " + process.get().pid() + ") survived kill -9");
    }
    return true;
  }

  /**
   * Starts one member again (after {@link #kill}) with its old ports and data, and waits until it
   * accepts work. A member still running is killed first.
   */
  public void restart(Member member, Duration timeout) {
    requireKnown(member);
    long deadline = System.nanoTime() + timeout.toNanos();
    kill(member);
    if (member.kind() == Member.Kind.BROKER) {
      formatBrokers(List.of(member));
    }
    launch(member);
    awaitReady(member, deadline);
  }

  /** The log file of a member. */
  public Path log(Member member) {
    return layout.dir().resolve("logs").resolve(member.id() + ".log");
  }

  private void requireKnown(Member member) {
    if (!members().contains(member)) {
      throw new IllegalArgumentException(
          "this cluster has no " + member + " (members: " + members() + ")");
    }
  }

  // --- processes

  /**
   * Formats the storage of brokers that have none yet (as {@code kafka-storage.sh format} does),
   * in this JVM: three JVMs of Kafka's storage tool cost seconds of CPU on a 2-core machine.
   */
  private void formatBrokers(List<Member> brokers) {
    for (Member broker : brokers) {
      Path dir = layout.dir().resolve("kafka").resolve(broker.id());
      if (Files.exists(dir.resolve("meta.properties"))) {
        continue;
      }
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + dir, e);
      }
      Formatter formatter = new Formatter()
          .setPrintStream(
              new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
          .setNodeId(broker.index())
          .setClusterId(state.getProperty("kafka.cluster-id"))
          .addDirectory(dir.toString())
          .setMetadataLogDirectory(dir.toString())
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setControllerListenerName("CONTROLLER")
          .setIgnoreFormatted(true);
      try {
        formatter.run();
      } catch (Exception e) {
        throw new IllegalStateException(
            "cannot format the Kafka storage of " + broker + " in " + dir + ": " + e.getMessage(),
            e);
      }
    }
  }

  private Path writeBrokerProperties(Member broker) {
    Path dir = layout.dir().resolve("kafka").resolve(broker.id());
    Path file = layout.dir().resolve("kafka").resolve(broker.id() + ".properties");
    try {
      Files.createDirectories(dir);
      try (OutputStream out = Files.newOutputStream(file)) {
        kafka().node(broker.index(), dir).store(out, "written by the local cluster on each start");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  private void launch(Member member) {
    Path sparkHome = layout.dir().resolve("spark-home");
    String sparkClassPath = sparkHome.resolve("conf") + "/:" + sparkHome.resolve("jars") + "/*";
    List<String> command;
    Map<String, String> env = Map.of();
    switch (member.kind()) {
      case BROKER -> {
        command = new ArrayList<>(javaCommand(layout.memberClassPath(), "512m", member));
        command.addAll(List.of("kafka.Kafka", writeBrokerProperties(member).toString()));
      }
      case HDFS -> {
        command = new ArrayList<>(javaCommand(layout.memberClassPath(), "512m", member));
        command.addAll(List.of(
            HdfsNode.class.getName(),
            layout.dir().resolve("hdfs").toString(),
            Integer.toString(port("hdfs.port"))));
      }
      case MASTER -> {
        // Submissions go through the master's RPC port; its REST server would take a fixed port.
        command = new ArrayList<>(
            javaCommand(sparkClassPath, "256m", member, "-Dspark.master.rest.enabled=false"));
        command.addAll(List.of(
            "org.apache.spark.deploy.master.Master",
            "--host",
            HOST,
            "--port",
            Integer.toString(port("master.port")),
            "--webui-port",
            Integer.toString(port("master.ui-port"))));
        env = sparkEnv(sparkHome);
      }
      case WORKER -> {
        Path workDir = layout.dir().resolve("spark").resolve(member.id());
        command = new ArrayList<>(javaCommand(sparkClassPath, "256m", member));
        command.addAll(List.of(
            "org.apache.spark.deploy.worker.Worker",
            "--host",
            HOST,
            "--webui-port",
            Integer.toString(port(member.id() + ".ui-port")),
            "--cores",
            Integer.toString(layout.workerCores()),
            "--memory",
            layout.workerMemory(),
            "--work-dir",
            workDir.toString(),
            endpoints().sparkMaster()));
        env = new HashMap<>(sparkEnv(sparkHome));
        env.put("SPARK_LOCAL_DIRS", workDir.resolve("local").toString());
      }
      default -> throw new IllegalArgumentException(member.toString());
    }
    Process process = start(withSetsid(command), log(member), env);
    writePidFile(member, process.pid());
  }

  private static Map<String, String> sparkEnv(Path sparkHome) {
    return Map.of(
        "SPARK_HOME",
        sparkHome.toString(),
        // Without it a worker's executors fail: "Cannot find any build directories".
        "SPARK_SCALA_VERSION",
        "2.13",
        "JAVA_HOME",
        System.getProperty("java.home"),
        // Web UIs and every address on loopback only (Spark binds its UIs to 0.0.0.0 otherwise).
        "SPARK_LOCAL_IP",
        HOST,
        "SPARK_PUBLIC_DNS",
        HOST);
  }

  private List<String> javaCommand(
      String classPath, String heap, Member member, String... jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable.toString());
    command.add("-Xmx" + heap);
    command.addAll(List.of(jvmOptions));
    if (member != null) {
      command.add(MARKER + member.id() + "@" + layout.dir());
    }
    command.add(
        "-Dlog4j2.configurationFile=" + layout.dir().resolve("conf").resolve("log4j2.properties"));
    command.add("-cp");
    command.add(classPath);
    return command;
  }

  /**
   * In a session of its own when {@code setsid} exists, so a member outlives the terminal of the
   * script that started it (no SIGHUP, no Ctrl-C of that shell).
   */
  private static List<String> withSetsid(List<String> command) {
    if (!Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      return command;
    }
    List<String> detached = new ArrayList<>();
    detached.add("/usr/bin/setsid");
    detached.addAll(command);
    return detached;
  }

  private Process start(List<String> command, Path log, Map<String, String> env) {
    try {
      Files.createDirectories(log.getParent());
      writeLogConfig();
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(layout.dir().toFile())
          .redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
  }

  private String logConfig() {
    try (InputStream in = LocalCluster.class.getResourceAsStream("log4j2-member.properties")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeLogConfig() throws IOException {
    Path file = layout.dir().resolve("conf").resolve("log4j2.properties");
    if (!Files.isRegularFile(file)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, logConfig());
    }
  }

  // --- pids

  private Path pidFile(Member member) {
    return layout.dir().resolve("run").resolve(member.id() + ".pid");
  }

  private void writePidFile(Member member, long pid) {
    try {
      Files.createDirectories(pidFile(member).getParent());
      Files.writeString(pidFile(member), pid + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + pidFile(member), e);
    }
  }

  private void deletePidFile(Member member) {
    try {
      Files.deleteIfExists(pidFile(member));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + pidFile(member), e);
    }
  }

  /** The member's pid while that process lives and is still that member. */
  Optional<Long> pid(Member member) {
    Path file = pidFile(member);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(file).trim());
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    String marker = MARKER + member.id() + "@" + layout.dir();
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(true))
        .map(ProcessHandle::pid);
  }

  // --- readiness

  private void awaitReady(Member member, long deadline) {
    while (!isReady(member)) {
      if (pid(member).isEmpty()) {
        throw new IllegalStateException(
            member + " exited while starting: see " + log(member) + tail(log(member)));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            member + " did not get ready in time: see " + log(member) + tail(log(member)));
      }
      sleep(Duration.ofMillis(250));
    }
  }

  private boolean isReady(Member member) {
    return switch (member.kind()) {
      case BROKER ->
        listening(port("broker-" + member.index() + ".port"))
            && registeredBrokers().contains(member.index());
      case HDFS ->
        listening(port("hdfs.port"))
            && Files.isRegularFile(layout.dir().resolve("hdfs").resolve("ready"));
      case MASTER ->
        masterState().map(m -> "ALIVE".equals(m.path("status").asText())).orElse(false);
      case WORKER -> aliveWorkerUiPorts().contains(port(member.id() + ".ui-port"));
    };
  }

  private String address(Member member) {
    return switch (member.kind()) {
      case BROKER -> HOST + ":" + port("broker-" + member.index() + ".port");
      case HDFS -> endpoints().hdfsUri();
      case MASTER -> endpoints().sparkMaster() + " (UI " + endpoints().sparkMasterUi() + ")";
      case WORKER -> "UI http://" + HOST + ":" + port(member.id() + ".ui-port");
    };
  }

  /** Ids of the brokers the cluster's metadata holds as alive (registered, not fenced). */
  Set<Integer> registeredBrokers() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka().bootstrapServers());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    try (Admin admin = Admin.create(props)) {
      Collection<Node> nodes = admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(3000))
          .nodes()
          .get(4, TimeUnit.SECONDS);
      return nodes.stream().map(Node::id).collect(Collectors.toSet());
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return Set.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Set.of();
    }
  }

  /** The master's own report ({@code /json/} of its web UI), empty while it does not answer. */
  Optional<JsonNode> masterState() {
    URI uri = URI.create(endpoints().sparkMasterUi() + "/json/");
    try {
      URLConnection connection = uri.toURL().openConnection();
      connection.setConnectTimeout(2000);
      connection.setReadTimeout(3000);
      try (InputStream in = connection.getInputStream()) {
        return Optional.of(JSON.readTree(in));
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Web UI ports of the workers the master holds as ALIVE. */
  Set<Integer> aliveWorkerUiPorts() {
    return masterState().map(LocalCluster::aliveWorkerUiPorts).orElse(Set.of());
  }

  static Set<Integer> aliveWorkerUiPorts(JsonNode master) {
    Set<Integer> ports = new HashSet<>();
    for (JsonNode worker : master.path("workers")) {
      if ("ALIVE".equals(worker.path("state").asText())) {
        String ui = worker.path("webuiaddress").asText("");
        int colon = ui.lastIndexOf(':');
        if (colon > 0) {
          try {
            ports.add(Integer.parseInt(ui.substring(colon + 1).replaceAll("/.*", "")));
          } catch (NumberFormatException e) {
            // not a worker this cluster started
          }
        }
      }
    }
    return ports;
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "\n  "
          + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
