package io.citypulse.jobs.parquet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.storage.history.HistoryRequest;
import io.citypulse.storage.history.HistorySubject;
import io.citypulse.storage.history.NoHistoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Parquet reader on hdfs:// URIs: an in-process HDFS (shaded hadoop-client-minicluster) on 127.0.0.1. */
class ParquetHistoryReaderHdfsIT {
  @TempDir
  static Path workDir;

  static MiniDFSCluster hdfs;
  static SparkSession spark;

  static Instant at(String hhmm) {
    return Instant.parse("2026-11-24T" + hhmm + ":00Z");
  }

  static String uri(String path) {
    return "hdfs://127.0.0.1:" + hdfs.getNameNodePort() + path;
  }

  @BeforeAll
  static void startHdfsAndWriteHistory() throws Exception {
    Configuration conf = new Configuration();
    conf.setInt("dfs.replication", 1);
    hdfs = new MiniDFSCluster.Builder(conf, workDir.resolve("dfs").toFile())
        .numDataNodes(1)
        .build();
    hdfs.waitActive();
    spark = SparkSessions.local(
        "local[2]", SparkSessions.defaultPartitions("local[2]"), workDir.resolve("spark"));
    // One DataNode: blocks cannot have the default three replicas.
    spark.sparkContext().hadoopConfiguration().setInt("dfs.replication", 1);
    List<String> json = List.of(
            new PostcodeAvailability("75001", "Paris 1er", 3, 12, 10L, 2L, 48, 60, at("08:00"), 0L),
            new PostcodeAvailability("75001", "Paris 1er", 3, 15, 13L, 2L, 45, 60, at("08:30"), 0L),
            new PostcodeAvailability(
                "93200", "Saint-Denis", 5, 30, 20L, 10L, 70, 100, at("08:10"), 0L))
        .stream()
        .map(Json::writeString)
        .toList();
    spark
        .read()
        .schema(
            "postcode STRING, commune STRING, stations INT, bikes_available BIGINT, mechanical BIGINT,"
                + " ebike BIGINT, docks_available BIGINT, capacity BIGINT, updated_at TIMESTAMP, untyped_bikes BIGINT")
        .json(spark.createDataset(json, Encoders.STRING()))
        .withColumn("kafka_timestamp", col("updated_at"))
        .withColumn("date", date_format(col("updated_at"), "yyyy-MM-dd"))
        .write()
        .partitionBy("date")
        .parquet(uri("/citypulse/history/postcodes"));
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

  @Test
  void aSampledSeriesIsReadFromHdfs() {
    ParquetHistoryReader reader = new ParquetHistoryReader(spark, uri("/citypulse/history/"));

    assertThat(reader
            .read(new HistoryRequest(
                HistorySubject.POSTCODE,
                null,
                "75001",
                at("08:15"),
                at("08:45"),
                Duration.ofMinutes(15)))
            .rows())
        .containsExactly(
            List.of(at("08:15"), at("08:00"), "Paris 1er", 3L, 12L, 10L, 2L, 0L, 48L, 60L),
            List.of(at("08:30"), at("08:30"), "Paris 1er", 3L, 15L, 13L, 2L, 0L, 45L, 60L),
            List.of(at("08:45"), at("08:30"), "Paris 1er", 3L, 15L, 13L, 2L, 0L, 45L, 60L));
    assertThatThrownBy(() -> reader.read(
            HistoryRequest.all(HistorySubject.LOCATION, null, "paris", at("08:00"), at("09:00"))))
        .isInstanceOf(NoHistoryException.class)
        .hasMessageStartingWith(
            "no Parquet history of weather at " + uri("/citypulse/history/weather"));
  }
}
