package io.citypulse.jobs.parquet;

import static io.citypulse.jobs.parquet.HistoryRecords.json;
import static io.citypulse.jobs.parquet.HistoryRecords.records;
import static io.citypulse.jobs.parquet.HistoryRecords.station;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.model.StationRecord;
import io.citypulse.testkit.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Parquet history and its checkpoint on HDFS: an in-process NameNode and DataNode on
 * 127.0.0.1 (the shaded hadoop-client-minicluster), written and read through hdfs:// URIs, then a
 * restart from the HDFS checkpoint.
 */
class ParquetHistoryHdfsIT {
  private static final Logger LOG = LoggerFactory.getLogger(ParquetHistoryHdfsIT.class);

  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final Path BASE_DIR =
      Path.of("target", "parquet-hdfs-it", UUID.randomUUID().toString()).toAbsolutePath();

  private static MiniDFSCluster hdfs;
  private static SparkSession spark;

  @BeforeAll
  static void startHdfsAndSpark() throws Exception {
    long startNanos = System.nanoTime();
    Configuration conf = new Configuration();
    conf.setInt("dfs.replication", 1);
    hdfs = new MiniDFSCluster.Builder(conf, BASE_DIR.resolve("dfs").toFile())
        .numDataNodes(1)
        .build();
    hdfs.waitActive();
    LOG.info(
        "HDFS up on {} in {} ms",
        hdfs.getNameNode().getNameNodeAddress(),
        (System.nanoTime() - startNanos) / 1_000_000);
    spark = SparkSessions.local(
        "local[2]", SparkSessions.defaultPartitions("local[2]"), BASE_DIR.resolve("spark"));
    // One DataNode: blocks cannot have the default three replicas.
    spark.sparkContext().hadoopConfiguration().setInt("dfs.replication", 1);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (hdfs != null) {
      hdfs.shutdown(true);
    }
  }

  private static String hdfsUri(String path) {
    return "hdfs://127.0.0.1:" + hdfs.getNameNodePort() + path;
  }

  private static ParquetHistorySettings settings(String topic) {
    return new ParquetHistorySettings(
        KAFKA.bootstrapServers(),
        ParquetStream.STATIONS,
        topic,
        hdfsUri("/citypulse/history"),
        hdfsUri("/citypulse/checkpoints/parquet-stations"),
        "earliest",
        Duration.ofMillis(200),
        0);
  }

  private static List<StationRecord> publish(String topic, StationRecord... records) {
    for (StationRecord record : records) {
      KAFKA.produce(topic, record.key(), json(record));
    }
    return List.of(records);
  }

  private static ParquetHistoryJob runUntilCaughtUp(String topic) throws Exception {
    ParquetHistoryJob job = new ParquetHistoryJob(spark, settings(topic));
    StreamingQuery query = job.start();
    try {
      query.processAllAvailable();
    } finally {
      query.stop();
    }
    return job;
  }

  /** Data files per partition directory under {@code dir}, listed by the HDFS client. */
  private static Map<String, Integer> filesPerDirectory(String dir) throws Exception {
    FileSystem fs = hdfs.getFileSystem();
    org.apache.hadoop.fs.Path root = fs.makeQualified(new org.apache.hadoop.fs.Path(dir));
    Map<String, Integer> out = new TreeMap<>();
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
    while (files.hasNext()) {
      org.apache.hadoop.fs.Path file = files.next().getPath();
      String relative = root.toUri().relativize(file.toUri()).getPath();
      if (!relative.startsWith("_spark_metadata/")) {
        assertThat(file.getName()).matches("part-.*\\.parquet");
        out.merge(relative.substring(0, relative.lastIndexOf('/')), 1, Integer::sum);
      }
    }
    return out;
  }

  @Test
  void historyAndCheckpointOnHdfsResumeWithoutDuplicates() throws Exception {
    assertThat(hdfs.getNameNode().getNameNodeAddress().getAddress().isLoopbackAddress())
        .isTrue();
    assertThat(hdfs.getDataNodes().get(0).getXferAddress().getAddress().isLoopbackAddress())
        .isTrue();
    String topic = "hdfs-stations";
    KAFKA.createTopic(topic, 2, Map.of());
    Instant t = Instant.parse("2025-10-18T22:00:00Z");
    List<StationRecord> expected = new ArrayList<>(publish(
        topic,
        station("velib", "A", 3, t, t.plusSeconds(20)),
        station("velib", "B", 4, null, t.plusSeconds(20)),
        station("velib", "A", 5, t.plusSeconds(7200), t.plusSeconds(7220)),
        station("citibike", "C", 6, t, t.plusSeconds(20))));

    long startNanos = System.nanoTime();
    ParquetHistoryJob first = runUntilCaughtUp(topic);
    LOG.info("First run on HDFS: {} ms", (System.nanoTime() - startNanos) / 1_000_000);
    String stationsDir =
        ParquetHistoryJob.directory(hdfsUri("/citypulse/history"), ParquetStream.STATIONS);
    assertThat(first.counts().total().written()).isEqualTo(4);
    assertThat(records(
            ParquetFiles.read(spark, ParquetStream.STATIONS, stationsDir),
            ParquetStream.STATIONS,
            StationRecord.class))
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(filesPerDirectory(stationsDir))
        .isEqualTo(Map.of(
            "system=velib/date=2025-10-18", 1,
            "system=velib/date=2025-10-19", 1,
            "system=citibike/date=2025-10-18", 1));
    FileSystem fs = hdfs.getFileSystem();
    assertThat(fs.exists(
            new org.apache.hadoop.fs.Path("/citypulse/checkpoints/parquet-stations/commits/0")))
        .as("checkpoint on HDFS")
        .isTrue();
    assertThat(fs.exists(
            new org.apache.hadoop.fs.Path("/citypulse/history/stations/_spark_metadata/0")))
        .as("sink log on HDFS")
        .isTrue();

    expected.addAll(publish(
        topic,
        station("velib", "B", 2, t.plusSeconds(7300), t.plusSeconds(7320)),
        station("velib", "D", 9, t.plusSeconds(60), t.plusSeconds(80)),
        station("citibike", "C", 1, t.plusSeconds(9000), t.plusSeconds(9020))));
    startNanos = System.nanoTime();
    ParquetHistoryJob restarted = runUntilCaughtUp(topic);
    LOG.info("Restart on HDFS: {} ms", (System.nanoTime() - startNanos) / 1_000_000);

    assertThat(restarted.counts().total().written()).as("only the new records").isEqualTo(3);
    assertThat(records(
            ParquetFiles.read(spark, ParquetStream.STATIONS, stationsDir),
            ParquetStream.STATIONS,
            StationRecord.class))
        .as("every record once")
        .hasSize(7)
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(filesPerDirectory(stationsDir))
        .isEqualTo(Map.of(
            "system=velib/date=2025-10-18", 2,
            "system=velib/date=2025-10-19", 2,
            "system=citibike/date=2025-10-18", 1,
            "system=citibike/date=2025-10-19", 1));
  }
}
