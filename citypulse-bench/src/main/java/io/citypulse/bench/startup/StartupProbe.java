package io.citypulse.bench.startup;

import io.citypulse.bench.report.CpuContention;
import io.citypulse.bench.worker.ProcStatus;
import io.citypulse.bench.worker.WorkerLauncher;
import io.citypulse.model.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Start-up of the product as a user launches it: {@code java -jar citypulse.jar demo} (its
 * defaults, a free Kafka port, a fresh state directory; {@code -Xmx} as every measured JVM, which
 * the app's launcher passes on to the JVM it forks), timed from {@link ProcessBuilder#start} to the
 * first record a consumer reads from the per-postcode topic. RSS and CPU cover the whole process
 * tree.
 */
public final class StartupProbe {
  private StartupProbe() {}

  public static Map<String, Object> measure(Path appJar, String heap, Path runDir, Duration timeout)
      throws IOException, InterruptedException {
    int port = freePort();
    Path log = runDir.resolve("demo.log");
    List<String> command = List.of(
        javaBinary(),
        "-Xmx" + heap,
        "-jar",
        appJar.toAbsolutePath().toString(),
        "demo",
        "--kafka-port",
        Integer.toString(port),
        "--state-dir",
        runDir.resolve("state").toString(),
        // The dashboard is on by default: measured too, on a free port so that 8080 may be taken.
        "--dashboard-port",
        "0");
    Map<String, Object> result = new LinkedHashMap<>();
    CpuContention contention = CpuContention.start();
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      long deadline = start + timeout.toNanos();
      long brokerAnsweredAt = -1;
      long firstAt = -1;
      long dashboardAt = -1;
      long nextLogCheck = start;
      LogWatch dashboardLine = new LogWatch(log, "citypulse: dashboard at ");
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(port))) {
        boolean assigned = false;
        while (System.nanoTime() < deadline && firstAt < 0) {
          if (dashboardAt < 0 && System.nanoTime() - nextLogCheck >= 0) {
            dashboardAt = dashboardLine.seen() ? System.nanoTime() : -1;
            nextLogCheck = System.nanoTime() + 100_000_000L;
          }
          if (!process.isAlive()) {
            throw new IllegalStateException("demo exited with " + process.exitValue()
                + "; log tail:\n" + WorkerLauncher.tail(log, 30));
          }
          if (!assigned) {
            assigned = tryAssign(consumer);
            if (assigned) {
              brokerAnsweredAt = System.nanoTime();
            } else {
              Thread.sleep(20);
            }
            continue;
          }
          ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(20));
          if (!records.isEmpty()) {
            firstAt = System.nanoTime();
            result.put("first_record", records.iterator().next().value());
          }
        }
      }
      if (firstAt < 0) {
        throw new IllegalStateException("no aggregate within " + timeout.toSeconds()
            + " s; log tail:\n" + WorkerLauncher.tail(log, 30));
      }
      result.put("first_aggregate_ms", (firstAt - start) / 1e6);
      // At most 30 s more: with the dashboard switched off (CITYPULSE_DASHBOARD_ENABLED=false) it
      // never comes.
      long dashboardDeadline = Math.min(deadline, firstAt + 30_000_000_000L);
      while (dashboardAt < 0 && System.nanoTime() < dashboardDeadline) {
        Thread.sleep(50);
        dashboardAt = dashboardLine.seen() ? System.nanoTime() : -1;
      }
      // When the run prints the dashboard's address, its server is listening (within ~100 ms).
      result.put("dashboard_serving_ms", dashboardAt < 0 ? null : (dashboardAt - start) / 1e6);
      result.put("output_topic_visible_ms", (brokerAnsweredAt - start) / 1e6);
      // The packaged jar may start a second JVM for demo (its launcher): count the whole tree.
      List<ProcessHandle> tree = new java.util.ArrayList<>();
      tree.add(process.toHandle());
      process.descendants().forEach(tree::add);
      long rssKb = 0;
      long largestKb = 0;
      double cpuSeconds = 0;
      for (ProcessHandle p : tree) {
        long kb = ProcStatus.peakRssKb(p.pid()).orElse(0);
        rssKb += kb;
        largestKb = Math.max(largestKb, kb);
        cpuSeconds +=
            p.info().totalCpuDuration().map(cpu -> cpu.toNanos() / 1e9).orElse(0.0);
      }
      result.put("processes", tree.size());
      result.put("rss_peak_mb_at_first_aggregate", ProcStatus.kbToMb(rssKb));
      result.put("rss_peak_mb_largest_process", ProcStatus.kbToMb(largestKb));
      result.put("command", String.join(" ", command));
      // The rest of the machine's busy time until now was someone else's.
      result.put("process_cpu_s", cpuSeconds);
      result.put("other_processes_cpu_share", contention.otherShare(cpuSeconds));
      return result;
    } finally {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Looks for a text in the product's growing log, reading only what was appended since the last
   * look: rereading the whole log ten times a second would take CPU from the launch it measures.
   */
  private static final class LogWatch {
    private final Path log;
    private final String text;
    private long position;
    private String tail = "";

    LogWatch(Path log, String text) {
      this.log = log;
      this.text = text;
    }

    boolean seen() throws IOException {
      if (!Files.exists(log)) {
        return false;
      }
      try (SeekableByteChannel channel = Files.newByteChannel(log)) {
        long size = channel.size();
        if (size <= position) {
          return false;
        }
        ByteBuffer appended = ByteBuffer.allocate((int) Math.min(size - position, 1 << 20));
        channel.position(position);
        int read = channel.read(appended);
        position += Math.max(0, read);
        // The tail of the previous read: the text may straddle two reads.
        String window =
            tail + new String(appended.array(), 0, Math.max(0, read), StandardCharsets.UTF_8);
        tail = window.substring(Math.max(0, window.length() - text.length()));
        return window.contains(text);
      }
    }
  }

  /** True once the broker answers and the product has created the output topic. */
  private static boolean tryAssign(KafkaConsumer<String, String> consumer) {
    try {
      List<PartitionInfo> partitions =
          consumer.partitionsFor(Topics.POSTCODE_AVAILABILITY, Duration.ofMillis(200));
      if (partitions == null || partitions.isEmpty()) {
        return false;
      }
      List<TopicPartition> assignment = partitions.stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .toList();
      consumer.assign(assignment);
      consumer.seekToBeginning(assignment);
      return true;
    } catch (RuntimeException brokerNotUpYet) {
      return false;
    }
  }

  private static Properties consumerProps(int port) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Retry the connection every 50-100 ms: the default backoff grows to 1 s, which would blur
    // the figure by up to a second.
    props.put(ConsumerConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
    props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 100);
    props.put(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG, 50);
    props.put(ConsumerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100);
    return props;
  }

  /** A port of 127.0.0.1 free now (for a child process to listen on). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** The java binary running this JVM, for child JVMs alike. */
  public static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
