package io.citypulse.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.app.config.Settings;
import io.citypulse.app.run.Pipeline;
import io.citypulse.cluster.Endpoints;
import io.citypulse.cluster.LocalCluster;
import io.citypulse.model.Topics;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.sources.synthetic.VelibFeeds;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
    SyntheticNetwork network = new SyntheticNetwork(2026, STATIONS, T0, Duration.ofSeconds(10));
    byte[] information = VelibFeeds.stationInformation(network, T0.getEpochSecond());
    byte[] table = VelibFeeds.postcodeTable(network);
    Path tableFile = Files.write(dir.resolve("stations_information.csv"), table);
    AtomicReference<byte[]> status =
        new AtomicReference<>(VelibFeeds.stationStatus(network, T0.getEpochSecond()));
    EmbeddedKafka kafka = EmbeddedKafka.connectedTo(endpoints.kafkaBootstrap());
    String checkpoints = endpoints.hdfsUri() + "/citypulse/" + UUID.randomUUID() + "/checkpoints";

    try (LocalHttpServer feed = LocalHttpServer.start()) {
      feed.respond("/opendata/station_information.json", Response.json(200, "").body(information));
      feed.respondWith(
          "/opendata/station_status.json", request -> Response.json(200, "").body(status.get()));
      Settings settings = FastPipeline.settings(
          endpoints.kafkaBootstrap(),
          dir.resolve("state"),
          tableFile,
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
              "2"));
      try (Pipeline pipeline = Pipeline.start(
          settings, feed.uri("/opendata/station_status.json"), FastPipeline.stdout())) {
        assertDurableTopic(OUTPUT);
        assertDurableTopic(Topics.STATIONS);
        for (int minutes : new int[] {0, 15}) {
          Instant now = T0.plus(Duration.ofMinutes(minutes));
          network.advanceTo(now);
          status.set(VelibFeeds.stationStatus(network, now.getEpochSecond()));
          Map<String, IndependentTotals> expected =
              IndependentTotals.of(status.get(), information, table);

          Map<String, IndependentTotals> actual =
              OutputTotals.awaitEqual(kafka, OUTPUT, expected, IndependentTotals::of, WAIT);

          assertThat(actual).as("after %d simulated minutes", minutes).isEqualTo(expected);
          assertThat(expected.values().stream()
                  .mapToLong(IndependentTotals::stations)
                  .sum())
              .isEqualTo(STATIONS);
        }
      }
    }
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
