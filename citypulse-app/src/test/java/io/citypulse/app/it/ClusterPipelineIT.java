package io.citypulse.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.app.cli.SubmittedJobs;
import io.citypulse.app.config.Settings;
import io.citypulse.app.run.Pipeline;
import io.citypulse.cluster.Endpoints;
import io.citypulse.cluster.LocalCluster;
import io.citypulse.cluster.Member;
import io.citypulse.model.Json;
import io.citypulse.model.Topics;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.sources.synthetic.VelibFeeds;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.Response;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a real cluster: the local cluster of {@code scripts/local-cluster.sh} (3 KRaft
 * brokers, HDFS, a Spark master and 2 workers, each its own JVM), citypulse's driver in this JVM
 * in client mode, its executors on the workers loading citypulse's classes only from the lean jobs
 * jar it ships, checkpoints on HDFS, topics with replication factor 3 and min.insync.replicas 2.
 * Every per-postcode total of a Vélib'-size feed must equal the sum computed independently from
 * the served files.
 */
class ClusterPipelineIT {
  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final int STATIONS = 1_500;
  private static final String OUTPUT = Topics.POSTCODE_AVAILABILITY;

  @TempDir
  static Path dir;

  private static LocalCluster cluster;
  private static Endpoints endpoints;

  @BeforeAll
  static void startCluster() {
    cluster = ProjectCluster.at(dir.resolve("cluster"));
    long started = System.nanoTime();
    endpoints = cluster.start(Duration.ofMinutes(4));
    System.out.printf(
        "local cluster ready in %.1f s:%n%s",
        (System.nanoTime() - started) / 1e9, endpoints.shellLines());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  @Test
  void everyPostcodeTotalIsExactWithTheJobsOnTheClusterAndCheckpointsOnHdfs() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.connectedTo(endpoints.kafkaBootstrap());
    String checkpoints = endpoints.hdfsUri() + "/citypulse/" + UUID.randomUUID() + "/checkpoints";

    try (ServedVelib feed = ServedVelib.start(2026, dir.resolve("stations_information.csv"))) {
      Settings settings = FastPipeline.settings(
          endpoints.kafkaBootstrap(),
          dir.resolve("state"),
          feed.tableFile(),
          Map.of(
              "spark.master",
              endpoints.sparkMaster(),
              "spark.jobs-jar",
              ProjectCluster.jobsJar().toString(),
              "spark.driver-host",
              "127.0.0.1",
              "spark.checkpoint-dir",
              checkpoints,
              "topics.replication-factor",
              "3",
              "topics.min-insync-replicas",
              "2",
              "dashboard.enabled",
              "true",
              "dashboard.port",
              "0"));
      StringWriter out = new StringWriter();
      try (Pipeline pipeline = Pipeline.start(settings, feed.statusUrl(), FastPipeline.tee(out))) {
        assertDurableTopic(OUTPUT);
        assertDurableTopic(Topics.STATIONS);
        Map<String, IndependentTotals> expected = feed.at(0);
        assertExact(kafka, expected, "at the start");

        // A broker lost in the middle of a feed change: the pollers are publishing the changed
        // stations when it goes; its partitions move to the two others (min ISR 2 still met).
        expected = feed.at(15);
        cluster.kill(Member.broker(2));
        assertExact(kafka, expected, "with broker 2 killed during the change");
        awaitSaid(out, "cluster DEGRADED: kafka 2/3 brokers, spark 2/2 executors");
        JsonNode degraded = health(out).path("cluster");
        assertThat(degraded.path("status").asText()).isEqualTo("degraded");
        assertThat(degraded.path("kafka_brokers").asInt()).isEqualTo(2);
        assertThat(degraded.path("kafka_brokers_seen").asInt()).isEqualTo(3);

        // A worker lost with its executor: its tasks and state partitions move to the other one.
        cluster.kill(Member.worker(1));
        expected = feed.at(30);
        assertExact(kafka, expected, "with worker 1 killed too");
        awaitSaid(out, "cluster DEGRADED: kafka 2/3 brokers, spark 1/2 executors (1 lost)");

        // Both come back; the cluster takes them in without a restart of the pipeline.
        cluster.restart(Member.broker(2), Duration.ofMinutes(2));
        cluster.restart(Member.worker(1), Duration.ofMinutes(2));
        expected = feed.at(60);
        assertExact(kafka, expected, "after broker 2 and worker 1 came back");
        awaitSaid(out, "cluster ok: kafka 3/3 brokers, spark 2/2 executors (1 lost)");
        JsonNode recovered = health(out).path("cluster");
        assertThat(recovered.path("status").asText()).isEqualTo("ok");
        assertThat(recovered.path("kafka_brokers").asInt()).isEqualTo(3);
        assertThat(recovered.path("executors").asInt()).isEqualTo(2);
        assertThat(recovered.path("executors_lost").asInt()).isEqualTo(1);
      } finally {
        // Whatever failed, the next test finds every member running.
        cluster.start(Duration.ofMinutes(3));
      }
    }
  }

  /**
   * The driver killed with -9 in the middle of a feed change, then started again: {@code
   * citypulse run} from the packaged jar (which finds the jobs jar beside it), its jobs resuming
   * from their checkpoints on HDFS. The totals are those of the feed the restarted run finds.
   */
  @Test
  void aDriverKilledWithSigkillResumesFromItsHdfsCheckpoint() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.connectedTo(endpoints.kafkaBootstrap());
    String output = "kill9-postcodes";
    Path state = dir.resolve("kill9-state");
    List<String> run = List.of(
        "--set",
        "spark.master=" + endpoints.sparkMaster(),
        "--set",
        "spark.driver-host=127.0.0.1",
        "--set",
        "spark.checkpoint-dir=" + endpoints.hdfsUri() + "/citypulse/kill9/checkpoints",
        "--set",
        "topics.replication-factor=3",
        "--set",
        "topics.min-insync-replicas=2",
        "--set",
        "topics.stations.name=kill9-stations",
        "--set",
        "topics.postcode-availability.name=" + output,
        "--set",
        "gbfs.min-interval=200ms",
        "--set",
        "gbfs.max-interval=500ms",
        "--set",
        "status.interval=2s",
        "--stations",
        "all",
        "--postcodes",
        dir.resolve("kill9-postcodes.csv").toString(),
        "--no-geocoder",
        "--no-weather",
        "--no-dashboard",
        "--bootstrap-servers",
        endpoints.kafkaBootstrap(),
        "--state-dir",
        state.toString());

    try (ServedVelib feed = ServedVelib.start(7, dir.resolve("kill9-postcodes.csv"))) {
      String url = feed.statusUrl().toString();

      Process first = startRun(url, run, state.resolve("first.log"));
      try {
        Map<String, IndependentTotals> expected = feed.at(0);
        assertExact(kafka, output, expected, "before the driver is killed");
        feed.at(15);
        // Let the change reach the stations topic, not the totals, then kill -9 the whole driver.
        Thread.sleep(1_500);
      } finally {
        killTree(first);
      }
      Map<String, IndependentTotals> expected = feed.at(30);

      Process second = startRun(url, run, state.resolve("second.log"));
      try {
        assertExact(kafka, output, expected, "after the killed driver was started again");
        assertThat(Files.readString(state.resolve("second.log")))
            .as("the restarted jobs resume their HDFS checkpoint")
            .doesNotContain("Exception in thread");
      } finally {
        second.destroy();
        if (!second.waitFor(60, TimeUnit.SECONDS)) {
          killTree(second);
        }
      }
    }
  }

  /**
   * The split a real deployment uses: the jobs submitted to the cluster through Spark's launcher
   * ({@code citypulse submit}, client mode, the lean jar as the application), the pollers in
   * another process ({@code pipeline.part = ingest}) with the same settings.
   */
  @Test
  void jobsSubmittedThroughSparksLauncherBesideAnIngestOnlyRun() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.connectedTo(endpoints.kafkaBootstrap());
    String output = "submit-postcodes";
    Map<String, String> shared = Map.of(
        "spark.master",
        endpoints.sparkMaster(),
        "spark.checkpoint-dir",
        endpoints.hdfsUri() + "/citypulse/submit/checkpoints",
        "topics.replication-factor",
        "3",
        "topics.min-insync-replicas",
        "2",
        "topics.stations.name",
        "submit-stations",
        "topics.postcode-availability.name",
        output);

    try (ServedVelib feed = ServedVelib.start(11, dir.resolve("submit-postcodes.csv"))) {
      Map<String, String> ingestOnly = new java.util.HashMap<>(shared);
      ingestOnly.put("pipeline.part", "ingest");
      Settings settings = FastPipeline.settings(
          endpoints.kafkaBootstrap(), dir.resolve("ingest-state"), feed.tableFile(), ingestOnly);
      StringWriter out = new StringWriter();
      try (Pipeline ingest = Pipeline.start(settings, feed.statusUrl(), FastPipeline.tee(out))) {
        List<String> submit = new java.util.ArrayList<>(List.of(
            "submit",
            "--spark-home",
            endpoints.sparkHome().toString(),
            "--deploy-mode",
            "client",
            "--conf",
            "spark.driver.host=127.0.0.1",
            "--bootstrap-servers",
            endpoints.kafkaBootstrap(),
            "--state-dir",
            dir.resolve("submit-state").toString()));
        shared.forEach((key, value) -> submit.addAll(List.of("--set", key + "=" + value)));
        Process jobs = startCitypulse(submit, dir.resolve("submit-state").resolve("submit.out"));
        try {
          Map<String, IndependentTotals> expected = feed.at(0);
          assertExact(kafka, output, expected, "with the jobs submitted");
          expected = feed.at(20);
          assertExact(kafka, output, expected, "after a feed change");
          awaitSaid(out, "spark job elsewhere");
          assertThat(Files.readString(dir.resolve("submit-state").resolve("submit.out")))
              .contains("citypulse: submitting with: ", "--class " + SubmittedJobs.class.getName())
              .contains("citypulse: application RUNNING");
        } finally {
          jobs.destroy();
          if (!jobs.waitFor(60, TimeUnit.SECONDS)) {
            killTree(jobs);
          }
        }
        // Stopping 'submit' stops the client-mode driver it started: no spark-submit JVM is left.
        assertThat(await("the client-mode driver to end")
                .atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(500))
                .until(
                    () -> clusterProcesses("org.apache.spark.deploy.SparkSubmit"), List::isEmpty))
            .isEmpty();

        // The same jobs again, the driver now run by the cluster (on a worker, from the jar the
        // submission uploaded), resuming the same checkpoints on HDFS.
        List<String> inCluster = new java.util.ArrayList<>(submit);
        inCluster.set(inCluster.indexOf("client"), "cluster");
        Path clusterOut = dir.resolve("submit-state").resolve("submit-cluster.out");
        Process submitted = startCitypulse(inCluster, clusterOut);
        try {
          assertThat(submitted.waitFor(3, TimeUnit.MINUTES))
              .as("submit returns")
              .isTrue();
          assertThat(submitted.exitValue()).as(Files.readString(clusterOut)).isZero();
          assertThat(Files.readString(clusterOut)).contains("the cluster runs the driver");
          Map<String, IndependentTotals> expected = feed.at(40);
          assertExact(kafka, output, expected, "with the driver in cluster mode");
        } finally {
          killClusterDrivers();
        }
      }
    }
  }

  private static Process startRun(String feedUrl, List<String> options, Path log) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("run", "--gbfs", feedUrl));
    command.addAll(options);
    return startCitypulse(command, log);
  }

  /** {@code java -jar target/citypulse.jar ARGS}, its output in {@code log}. */
  private static Process startCitypulse(List<String> arguments, Path log) throws Exception {
    Path jar = Path.of("target", "citypulse.jar").toAbsolutePath();
    assertThat(jar).as("run 'package' first").exists();
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g",
        "-jar",
        jar.toString()));
    command.addAll(arguments);
    Files.createDirectories(log.getParent());
    ProcessBuilder launch =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    launch.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    return launch.start();
  }

  /** Ends the drivers the cluster runs (cluster mode), as spark-submit --kill would. */
  private static void killClusterDrivers() {
    clusterProcesses("org.apache.spark.deploy.worker.DriverWrapper")
        .forEach(ProcessHandle::destroyForcibly);
  }

  /** Processes running {@code mainClass} from this cluster's Spark home. */
  private static List<ProcessHandle> clusterProcesses(String mainClass) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info()
            .commandLine()
            .map(c -> c.contains(mainClass) && c.contains(endpoints.dir().toString()))
            .orElse(false))
        .toList();
  }

  /** kill -9 of the process and every process it started (the launcher's JVM and Spark's). */
  private static void killTree(Process process) throws InterruptedException {
    List<ProcessHandle> tree = process.descendants().toList();
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Waits until a status line printed after this call says {@code text}. */
  private static void awaitSaid(StringWriter out, String text) {
    int from;
    synchronized (out) {
      from = out.getBuffer().length();
    }
    await(text)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> {
          synchronized (out) {
            return out.getBuffer().indexOf(text, from) >= 0;
          }
        });
  }

  /** The dashboard's {@code /api/health} body. */
  private static JsonNode health(StringWriter out) throws Exception {
    String url;
    synchronized (out) {
      url = out.toString()
          .lines()
          .filter(line -> line.startsWith("citypulse: dashboard at "))
          .findFirst()
          .orElseThrow()
          .substring("citypulse: dashboard at ".length())
          .trim();
    }
    return Json.MAPPER.readTree(HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url + "api/health")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body());
  }

  /**
   * A Vélib'-dialect network of {@link #STATIONS} stations served over HTTP on 127.0.0.1, with the
   * postcode table written beside; {@link #at} moves it in time.
   */
  private static final class ServedVelib implements AutoCloseable {
    private final SyntheticNetwork network;
    private final byte[] information;
    private final byte[] table;
    private final Path tableFile;
    private final AtomicReference<byte[]> status;
    private final LocalHttpServer server;

    private ServedVelib(long seed, Path tableFile) throws Exception {
      network = new SyntheticNetwork(seed, STATIONS, T0, Duration.ofSeconds(10));
      information = VelibFeeds.stationInformation(network, T0.getEpochSecond());
      table = VelibFeeds.postcodeTable(network);
      this.tableFile = Files.write(tableFile, table);
      status = new AtomicReference<>(VelibFeeds.stationStatus(network, T0.getEpochSecond()));
      server = LocalHttpServer.start();
      server.respond(
          "/opendata/station_information.json", Response.json(200, "").body(information));
      server.respondWith(
          "/opendata/station_status.json", request -> Response.json(200, "").body(status.get()));
    }

    static ServedVelib start(long seed, Path tableFile) throws Exception {
      return new ServedVelib(seed, tableFile);
    }

    URI statusUrl() {
      return server.uri("/opendata/station_status.json");
    }

    Path tableFile() {
      return tableFile;
    }

    /** Serves the network's state {@code minutes} after T0; returns its independent totals. */
    Map<String, IndependentTotals> at(int minutes) {
      Instant now = T0.plus(Duration.ofMinutes(minutes));
      network.advanceTo(now);
      status.set(VelibFeeds.stationStatus(network, now.getEpochSecond()));
      Map<String, IndependentTotals> expected =
          IndependentTotals.of(status.get(), information, table);
      assertThat(
              expected.values().stream().mapToLong(IndependentTotals::stations).sum())
          .isEqualTo(STATIONS);
      return expected;
    }

    @Override
    public void close() {
      server.close();
    }
  }

  private static void assertExact(
      EmbeddedKafka kafka, Map<String, IndependentTotals> expected, String when) {
    assertExact(kafka, OUTPUT, expected, when);
  }

  private static void assertExact(
      EmbeddedKafka kafka, String topic, Map<String, IndependentTotals> expected, String when) {
    long started = System.nanoTime();
    Map<String, IndependentTotals> actual =
        OutputTotals.awaitEqual(kafka, topic, expected, IndependentTotals::of, WAIT);
    assertThat(actual).as(when).isEqualTo(expected);
    System.out.printf("exact %s after %.1f s%n", when, (System.nanoTime() - started) / 1e9);
  }

  /** Replication factor 3 and min.insync.replicas 2, as the run was told to create it. */
  private static void assertDurableTopic(String topic) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
    try (Admin admin = Admin.create(props)) {
      TopicDescription description = admin
          .describeTopics(java.util.List.of(topic))
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .get(topic);
      assertThat(description.partitions())
          .allSatisfy(p -> assertThat(p.replicas()).as(topic + " replicas").hasSize(3));
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin
          .describeConfigs(java.util.List.of(resource))
          .all()
          .get(30, TimeUnit.SECONDS)
          .get(resource);
      assertThat(config.get("min.insync.replicas").value()).as(topic).isEqualTo("2");
    }
  }
}
