package io.citypulse.jobs.parquet;

import static io.citypulse.jobs.parquet.HistoryRecords.json;
import static io.citypulse.jobs.parquet.HistoryRecords.postcode;
import static io.citypulse.jobs.parquet.HistoryRecords.records;
import static io.citypulse.jobs.parquet.HistoryRecords.station;
import static io.citypulse.jobs.parquet.HistoryRecords.weather;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.jobs.testing.ChildJvm;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Parquet history end to end: embedded Kafka, local Spark, Parquet on the local disk read
 * back with Spark; a job killed with SIGKILL in a child JVM resumes exactly once.
 */
class ParquetHistoryJobIT {
  private static final Logger LOG = LoggerFactory.getLogger(ParquetHistoryJobIT.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Instant OCT_18 = Instant.parse("2025-10-18T00:00:00Z");

  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  @TempDir
  static Path workDir;

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.local("local[2]", SparkSessions.defaultPartitions("local[2]"), workDir);
    // Nine hours ahead of UTC: a date taken in the session's zone would land on the wrong day.
    spark.conf().set("spark.sql.session.timeZone", "Asia/Tokyo");
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static Instant at(String utc) {
    return Instant.parse(utc);
  }

  private static ParquetHistorySettings settings(
      ParquetStream stream,
      String topic,
      Path base,
      String checkpointName,
      long maxOffsetsPerTrigger) {
    return new ParquetHistorySettings(
        KAFKA.bootstrapServers(),
        stream,
        topic,
        base.toUri().toString(),
        workDir.resolve(checkpointName).toString(),
        "earliest",
        Duration.ofMillis(200),
        maxOffsetsPerTrigger);
  }

  private static final StructType KAFKA_ROWS = new StructType()
      .add("value", DataTypes.BinaryType)
      .add("partition", DataTypes.IntegerType)
      .add("offset", DataTypes.LongType)
      .add("timestamp", DataTypes.TimestampType);

  private static Dataset<Row> kafkaRows(List<String> values) {
    return spark.createDataFrame(kafkaRowList(values), KAFKA_ROWS);
  }

  /** Values at offsets 0, 1, 2... of partition 0, as Kafka rows, in that order. */
  private static List<Row> kafkaRowList(List<String> values) {
    Timestamp time = Timestamp.from(at("2025-10-20T00:00:00Z"));
    return IntStream.range(0, values.size())
        .mapToObj(i -> RowFactory.create(
            values.get(i) == null ? null : values.get(i).getBytes(StandardCharsets.UTF_8),
            0,
            (long) i,
            time))
        .toList();
  }

  @Test
  void eachUnwrittenRecordHasItsReasonAndIsCounted() {
    StationRecord ok =
        station("velib", "A", 3, at("2025-10-18T23:30:00Z"), at("2025-10-19T00:05:00Z"));
    StationRecord noLastReported = station("velib", "B", 3, null, at("2025-10-19T00:05:00Z"));
    StationRecord noTime = station("velib", "C", 3, null, null);
    StationRecord noCode = station("velib", null, 3, OCT_18, OCT_18);
    List<String> values = new ArrayList<>(List.of(json(ok), json(noLastReported)));
    values.add(null);
    values.addAll(List.of(
        "{\"system\":\"velib\",\"station_code\":",
        json(ok).replace("\"bikes_available\":3", "\"bikes_available\":\"three\""),
        json(noCode),
        json(noTime),
        "[1,2]",
        json(ok).replace("\"is_renting\":true,", "")));

    Map<Long, List<Object>> byOffset = new TreeMap<>();
    ParquetTransforms.parsed(kafkaRows(values), ParquetStream.STATIONS)
        .select(col(ParquetTransforms.OFFSET), col(ParquetTransforms.REJECTION), col("date"))
        .collectAsList()
        .forEach(row -> byOffset.put(
            row.getLong(0), List.of(String.valueOf(row.get(1)), String.valueOf(row.get(2)))));

    String unparseable = "not a StationRecord JSON value";
    assertThat(byOffset)
        .containsExactlyEntriesOf(new TreeMap<>(Map.of(
            0L, List.of("null", "2025-10-18"), // last_reported wins over fetched_at, UTC date
            1L, List.of("null", "2025-10-19"), // no last_reported: fetched_at
            2L, List.of("tombstone", "null"),
            3L, List.of(unparseable, "null"),
            4L, List.of(unparseable, "2025-10-18"), // wrong type: not kept with a null field
            5L, List.of("missing station_code", "2025-10-18"),
            6L, List.of("missing last_reported and fetched_at", "null"),
            7L, List.of(unparseable, "null"),
            8L, List.of("missing is_renting", "2025-10-18"))));

    ParquetCounts counts = ParquetCounts.register(spark.sparkContext(), "static counts");
    List<StationRecord> kept = records(
        ParquetTransforms.historyRows(kafkaRows(values), ParquetStream.STATIONS, counts),
        ParquetStream.STATIONS,
        StationRecord.class);
    assertThat(kept).containsExactlyInAnyOrder(ok, noLastReported);
    assertThat(counts.total())
        .isEqualTo(new ParquetBatchCounts(2, 0, 7, "tombstone at partition 0 offset 2"));
  }

  @Test
  void writesTheThreeStreamsInTheContractLayoutWithExactRows() throws Exception {
    Path base = workDir.resolve("history");
    String stationsTopic = "it-stations";
    String postcodesTopic = "it-postcodes";
    String weatherTopic = "it-weather";
    KAFKA.createTopic(stationsTopic, 2, Map.of());
    KAFKA.createTopic(postcodesTopic);
    KAFKA.createTopic(weatherTopic);

    // Station A on two UTC dates (23:50 and 00:10), B without last_reported (fetched_at gives
    // the date), microseconds kept, another system in its own directory, two unreadable values.
    List<StationRecord> stations = List.of(
        station("velib", "A", 5, at("2025-10-18T23:50:00Z"), at("2025-10-18T23:51:00Z")),
        station("velib", "A", 6, at("2025-10-19T00:10:00Z"), at("2025-10-19T00:11:00Z")),
        station("velib", "B", 2, null, at("2025-10-18T12:00:00Z")),
        station("velib", "D", 4, at("2025-10-18T09:15:00.123456Z"), at("2025-10-18T09:16:00Z")),
        station("velib", "E", 1, at("2025-10-18T01:00:00Z"), at("2025-10-18T01:01:00Z")),
        station("citibike", "C", 7, at("2025-10-18T15:00:00Z"), at("2025-10-18T15:00:30Z")));
    KAFKA.produce(stationsTopic, "velib:A", json(stations.get(0)));
    KAFKA.produce(stationsTopic, "velib:bad", "{\"system\":\"velib\",\"station_code\":");
    for (StationRecord record : stations.subList(1, stations.size())) {
      KAFKA.produce(stationsTopic, record.key(), json(record));
    }
    KAFKA.produce(stationsTopic, "velib:none", json(station("velib", null, 1, OCT_18, OCT_18)));

    List<PostcodeAvailability> postcodes = List.of(
        postcode("75004", 12, at("2025-10-18T10:00:00Z")),
        postcode("75004", 9, at("2025-10-19T10:00:00Z")),
        postcode("75001", 30, at("2025-10-19T11:00:00Z")),
        // no station gives a breakdown: an unknown split is written, as null
        new PostcodeAvailability(
            "10001", null, 2, 40, null, null, 3, 43, at("2025-10-19T12:00:00Z"), 40L));
    postcodes.forEach(p -> KAFKA.produce(postcodesTopic, p.postcode(), json(p)));
    KAFKA.produce(postcodesTopic, "75002", "not json");

    WeatherFeatures withNulls = new WeatherFeatures(
        "tokyo",
        null,
        null,
        null,
        null,
        at("2025-10-19T03:00:00Z"),
        null,
        null,
        null,
        "open-meteo",
        18.0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        1);
    List<WeatherFeatures> weather =
        List.of(weather("paris", 11.5, at("2025-10-18T22:00:00Z")), withNulls);
    weather.forEach(w -> KAFKA.produce(weatherTopic, w.location(), json(w)));

    Instant publishedBy = Instant.now();
    List<ParquetHistoryJob> jobs = List.of(
        new ParquetHistoryJob(
            spark, settings(ParquetStream.STATIONS, stationsTopic, base, "cp-stations", 0)),
        new ParquetHistoryJob(
            spark, settings(ParquetStream.POSTCODES, postcodesTopic, base, "cp-postcodes", 0)),
        new ParquetHistoryJob(
            spark, settings(ParquetStream.WEATHER, weatherTopic, base, "cp-weather", 0)));
    try (LogCapture log = LogCapture.of(ParquetHistoryJob.class.getName())) {
      long startNanos = System.nanoTime();
      List<StreamingQuery> queries = new ArrayList<>();
      for (ParquetHistoryJob job : jobs) {
        queries.add(job.start());
      }
      try {
        for (StreamingQuery query : queries) {
          query.processAllAvailable();
        }
        LOG.info("Three streams written in {} ms", (System.nanoTime() - startNanos) / 1_000_000);
        awaitLine(log, "parquet-stations batch 0: 2 unreadable record(s)");
        awaitLine(log, "parquet-postcodes batch 0: 1 unreadable record(s)");
      } finally {
        for (StreamingQuery query : queries) {
          query.stop();
        }
      }
      // Which unreadable record comes first depends on the Kafka partitions the keys hash to.
      assertThat(log.text())
          .containsPattern("parquet-stations batch 0: 2 unreadable record\\(s\\) not written to "
              + "Parquet \\(6 written\\), first: (not a StationRecord JSON value|missing "
              + "station_code) at partition [01] offset \\d+")
          .contains("parquet-postcodes batch 0: 1 unreadable record(s) not written to Parquet "
              + "(4 written), first: not a PostcodeAvailability JSON value at partition 0 offset 4")
          .doesNotContain("WARN io.citypulse.jobs.parquet.ParquetHistoryJob parquet-weather");
    }

    assertThat(jobs.get(0).counts().total())
        .extracting(ParquetBatchCounts::written, ParquetBatchCounts::unreadable)
        .containsExactly(6L, 2L);
    assertThat(jobs.get(1).counts().total().unreadable()).isEqualTo(1);
    assertThat(jobs.get(2).counts().total()).isEqualTo(new ParquetBatchCounts(2, 0, 0, null));

    // Exact rows, read back through the model's JSON mapping.
    String stationsDir =
        ParquetHistoryJob.directory(base.toUri().toString(), ParquetStream.STATIONS);
    Dataset<Row> stationRows = ParquetFiles.read(spark, ParquetStream.STATIONS, stationsDir);
    assertThat(records(stationRows, ParquetStream.STATIONS, StationRecord.class))
        .containsExactlyInAnyOrderElementsOf(stations);
    assertThat(records(
            ParquetFiles.read(
                spark,
                ParquetStream.POSTCODES,
                ParquetHistoryJob.directory(base.toString(), ParquetStream.POSTCODES)),
            ParquetStream.POSTCODES,
            PostcodeAvailability.class))
        .containsExactlyInAnyOrderElementsOf(postcodes);
    assertThat(records(
            ParquetFiles.read(
                spark, ParquetStream.WEATHER, base.resolve("weather").toString()),
            ParquetStream.WEATHER,
            WeatherFeatures.class))
        .containsExactlyInAnyOrderElementsOf(weather);

    // date = UTC date of last_reported, else fetched_at; kafka_timestamp = when it was produced.
    for (Row row : stationRows.collectAsList()) {
      Timestamp time =
          row.getAs("last_reported") != null ? row.getAs("last_reported") : row.getAs("fetched_at");
      assertThat((String) row.getAs("date")).isEqualTo(ParquetSchemas.utcDate(time.toInstant()));
      Instant produced = ((Timestamp) row.getAs("kafka_timestamp")).toInstant();
      assertThat(produced).isBetween(publishedBy.minusSeconds(60), publishedBy);
    }

    // A plain read finds the same columns (Spark infers date=... as a date then).
    Dataset<Row> plain = spark.read().parquet(stationsDir);
    assertThat(plain.columns())
        .containsExactlyInAnyOrder(ParquetSchemas.table(ParquetStream.STATIONS).fieldNames());
    assertThat(plain.count()).isEqualTo(stations.size());

    // The layout on disk: one file per partition directory (one batch, one write task).
    assertThat(ParquetFiles.filesPerDirectory(base.resolve("stations")))
        .isEqualTo(Map.of(
            "system=velib/date=2025-10-18", 1L,
            "system=velib/date=2025-10-19", 1L,
            "system=citibike/date=2025-10-18", 1L));
    assertThat(ParquetFiles.filesPerDirectory(base.resolve("postcodes")))
        .isEqualTo(Map.of("date=2025-10-18", 1L, "date=2025-10-19", 1L));
    assertThat(ParquetFiles.filesPerDirectory(base.resolve("weather")))
        .isEqualTo(Map.of("date=2025-10-18", 1L, "date=2025-10-19", 1L));
    assertThat(ParquetFiles.dataFileNames(base))
        .allMatch(name -> name.matches("part-.*\\.parquet"));
    assertThat(base.resolve("stations/_spark_metadata")).isDirectory();
  }

  @Test
  void withinABatchOnlyARepeatOfTheLastWrittenStateIsDroppedInKafkaOrder() {
    Instant t = at("2025-10-18T08:00:00Z");
    StationRecord s1 = station("velib", "A", 3, t, t.plusSeconds(5));
    StationRecord s1Again = station("velib", "A", 3, t, t.plusSeconds(65));
    StationRecord s2 = station("velib", "A", 4, t.plusSeconds(60), t.plusSeconds(125));
    // s1 again after s2: A, B, A is a history, even with an older last_reported than s2.
    StationRecord s1AfterS2 = station("velib", "A", 3, t, t.plusSeconds(185));
    StationRecord s1AfterS2Again = station("velib", "A", 3, t, t.plusSeconds(245));
    StationRecord other = station("velib", "B", 3, t, t.plusSeconds(5));
    List<String> values = new ArrayList<>(List.of(
        json(s1), json(s1Again), json(s2), json(s1AfterS2), json(s1AfterS2Again), json(other)));
    values.add(null);
    // The shuffle delivers rows in no particular order: hand them over last offset first.
    List<Row> lastFirst = new ArrayList<>(kafkaRowList(values));
    java.util.Collections.reverse(lastFirst);

    ParquetCounts counts = ParquetCounts.register(spark.sparkContext(), "repeat counts");
    List<StationRecord> written = records(
        ParquetTransforms.historyRows(
            spark.createDataFrame(lastFirst, KAFKA_ROWS), ParquetStream.STATIONS, counts),
        ParquetStream.STATIONS,
        StationRecord.class);

    assertThat(written)
        .as("first of each state in Kafka order, with its own fetched_at")
        .containsExactly(s1, s2, s1AfterS2, other);
    assertThat(counts.total())
        .isEqualTo(new ParquetBatchCounts(4, 2, 1, "tombstone at partition 0 offset 6"));
  }

  private static List<StreamingQuery> start(List<ParquetHistoryJob> jobs) throws Exception {
    List<StreamingQuery> queries = new ArrayList<>();
    for (ParquetHistoryJob job : jobs) {
      queries.add(job.start());
    }
    return queries;
  }

  private static void runUntilCaughtUp(List<ParquetHistoryJob> jobs) throws Exception {
    List<StreamingQuery> queries = start(jobs);
    try {
      for (StreamingQuery query : queries) {
        query.processAllAvailable();
      }
    } finally {
      for (StreamingQuery query : queries) {
        query.stop();
      }
    }
  }

  private static void produce(String topic, Record... records) {
    for (Record record : records) {
      String key = record instanceof StationRecord s
          ? s.key()
          : record instanceof PostcodeAvailability p
              ? p.postcode()
              : ((WeatherFeatures) record).location();
      KAFKA.produce(topic, key, json(record));
    }
  }

  @Test
  void aStatePublishedAgainAfterARestartIsNotWrittenTwice() throws Exception {
    Path base = workDir.resolve("repeat-history");
    String stationsTopic = "repeat-stations";
    String postcodesTopic = "repeat-postcodes";
    String weatherTopic = "repeat-weather";
    KAFKA.createTopic(stationsTopic, 2, Map.of());
    KAFKA.createTopic(postcodesTopic);
    KAFKA.createTopic(weatherTopic);
    Instant t = at("2025-10-18T08:00:00Z");
    StationRecord a = station("velib", "A", 3, t, t.plusSeconds(5));
    StationRecord b = station("velib", "B", 7, null, t.plusSeconds(5));
    PostcodeAvailability p = postcode("75004", 12, t);
    WeatherFeatures w = weather("paris", 11.5, t);
    produce(stationsTopic, a, b);
    produce(postcodesTopic, p);
    produce(weatherTopic, w);
    List<ParquetHistoryJob> firstRun = jobs(base, stationsTopic, postcodesTopic, weatherTopic);
    runUntilCaughtUp(firstRun);
    assertThat(firstRun)
        .allSatisfy(job -> assertThat(job.counts().total().repeated()).isZero());

    // The pollers restarted: they publish every current state again, stations with a new
    // fetched_at (B has no last_reported: its fetched_at, now on the next day, gave its date).
    StationRecord aAgain = station("velib", "A", 3, t, t.plusSeconds(3605));
    StationRecord bAgain = station("velib", "B", 7, null, t.plusSeconds(86_405));
    StationRecord aChanged = station("velib", "A", 2, t.plusSeconds(3500), t.plusSeconds(3605));
    PostcodeAvailability pRevised = postcode("75004", 15, t); // same updated_at, other totals
    PostcodeAvailability pOlder = postcode("75004", 12, t.minusSeconds(60));
    WeatherFeatures wNext = weather("paris", 12.0, t.plusSeconds(3600));
    produce(stationsTopic, aAgain, bAgain, aChanged);
    produce(postcodesTopic, p, pRevised, pRevised, pOlder);
    produce(weatherTopic, w, wNext);

    List<ParquetHistoryJob> restarted = jobs(base, stationsTopic, postcodesTopic, weatherTopic);
    try (LogCapture log = LogCapture.of(ParquetHistoryJob.class.getName())) {
      runUntilCaughtUp(restarted);
      awaitLine(
          log,
          "INFO io.citypulse.jobs.parquet.ParquetHistoryJob parquet-stations batch 1:"
              + " 2 repeated state(s) not written again (1 written)");
      awaitLine(
          log, "parquet-postcodes batch 1: 2 repeated state(s) not written again (2 written)");
      assertThat(log.text()).doesNotContain("WARN");
    }

    assertThat(restarted.get(0).counts().total()).isEqualTo(new ParquetBatchCounts(1, 2, 0, null));
    assertThat(restarted.get(1).counts().total()).isEqualTo(new ParquetBatchCounts(2, 2, 0, null));
    assertThat(restarted.get(2).counts().total()).isEqualTo(new ParquetBatchCounts(1, 1, 0, null));
    assertThat(records(
            ParquetFiles.read(
                spark, ParquetStream.STATIONS, base.resolve("stations").toString()),
            ParquetStream.STATIONS,
            StationRecord.class))
        .containsExactlyInAnyOrder(a, b, aChanged);
    assertThat(records(
            ParquetFiles.read(
                spark, ParquetStream.POSTCODES, base.resolve("postcodes").toString()),
            ParquetStream.POSTCODES,
            PostcodeAvailability.class))
        .containsExactlyInAnyOrder(p, pRevised, pOlder);
    assertThat(records(
            ParquetFiles.read(
                spark, ParquetStream.WEATHER, base.resolve("weather").toString()),
            ParquetStream.WEATHER,
            WeatherFeatures.class))
        .containsExactlyInAnyOrder(w, wNext);

    // Another checkpoint on this history would restart at batch 0, which the sink skips.
    ParquetHistoryJob otherCheckpoint = new ParquetHistoryJob(
        spark, settings(ParquetStream.STATIONS, stationsTopic, base, "repeat-cp-other", 0));
    assertThatThrownBy(otherCheckpoint::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("written up to batch 1 with another checkpoint");
    assertThat(spark.streams().active()).isEmpty();
  }

  private static List<ParquetHistoryJob> jobs(
      Path base, String stationsTopic, String postcodesTopic, String weatherTopic) {
    return List.of(
        new ParquetHistoryJob(
            spark, settings(ParquetStream.STATIONS, stationsTopic, base, "repeat-cp-stations", 0)),
        new ParquetHistoryJob(
            spark,
            settings(ParquetStream.POSTCODES, postcodesTopic, base, "repeat-cp-postcodes", 0)),
        new ParquetHistoryJob(
            spark, settings(ParquetStream.WEATHER, weatherTopic, base, "repeat-cp-weather", 0)));
  }

  @Test
  void aVelibSizedRepublicationAfterARestartWritesOnlyTheChangedStations() throws Exception {
    String topic = "it-velib-size";
    KAFKA.createTopic(topic, 2, Map.of());
    Path base = workDir.resolve("velib-size-history");
    int stations = 1500;
    int changed = 15;
    Instant t = at("2025-10-18T08:00:00Z");
    List<StationRecord> expected = new ArrayList<>();
    for (int i = 0; i < stations; i++) {
      StationRecord record = station(
          "velib", String.format("V%04d", i), i % 20, t.plusSeconds(i), t.plusSeconds(1505));
      produce(topic, record);
      expected.add(record);
    }
    ParquetHistoryJob first = new ParquetHistoryJob(
        spark, settings(ParquetStream.STATIONS, topic, base, "velib-size-cp", 0));
    List<Long> firstBatch = runMeasured(first);
    for (int i = 0; i < stations; i++) {
      StationRecord record = station(
          "velib",
          String.format("V%04d", i),
          i % 20 + (i < changed ? 1 : 0),
          t.plusSeconds(i),
          t.plusSeconds(3600 + 1505));
      produce(topic, record);
      if (i < changed) {
        expected.add(record);
      }
    }
    ParquetHistoryJob restarted = new ParquetHistoryJob(
        spark, settings(ParquetStream.STATIONS, topic, base, "velib-size-cp", 0));
    List<Long> republication = runMeasured(restarted);
    LOG.info(
        "Vélib'-sized batches of {} stations: first run {} ms, republication after the restart {} ms"
            + " (triggerExecution of each batch)",
        stations,
        firstBatch,
        republication);

    assertThat(first.counts().total()).isEqualTo(new ParquetBatchCounts(stations, 0, 0, null));
    assertThat(restarted.counts().total())
        .isEqualTo(new ParquetBatchCounts(changed, stations - changed, 0, null));
    assertThat(records(
            ParquetFiles.read(
                spark, ParquetStream.STATIONS, base.resolve("stations").toString()),
            ParquetStream.STATIONS,
            StationRecord.class))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  /** Runs the job until caught up; the triggerExecution time of each batch that had rows. */
  private static List<Long> runMeasured(ParquetHistoryJob job) throws Exception {
    StreamingQuery query = job.start();
    try {
      query.processAllAvailable();
      return java.util.Arrays.stream(query.recentProgress())
          .filter(progress -> progress.numInputRows() > 0)
          .map(progress -> progress.durationMs().get("triggerExecution"))
          .toList();
    } finally {
      query.stop();
    }
  }

  private static void awaitLine(LogCapture log, String fragment) {
    // The progress event that triggers the WARN line is delivered asynchronously.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(log.text()).contains(fragment));
  }

  @Test
  void aJobKilledMidStreamResumesExactlyOnce() throws Exception {
    String topic = "it-kill";
    KAFKA.createTopic(topic, 2, Map.of());
    Path base = workDir.resolve("kill-history");
    Path checkpoint = workDir.resolve("kill-checkpoint");
    int first = 150;
    int more = 30;
    List<StationRecord> published = new ArrayList<>();
    for (int i = 0; i < first; i++) {
      published.add(publishNumbered(topic, i));
    }

    Process child = startChild(topic, base, checkpoint, 5);
    try {
      // Watching the checkpoint is cheap; a Spark read per poll let the child run on.
      awaitMidBatch(child, checkpoint, 2);
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    long afterKill = committedRows(base.resolve("stations"));
    LOG.info(
        "Killed the child with {} rows in Parquet; last batch planned {}, last committed {}",
        afterKill,
        lastBatch(checkpoint.resolve("offsets")),
        lastBatch(checkpoint.resolve("commits")));
    assertThat(afterKill)
        .as("some but not all records in Parquet when killed")
        .isPositive()
        .isLessThan(first);

    // Restarted, the poller publishes every state again with a new fetched_at: the states
    // written before the kill, and those the restart writes from the topic first.
    for (int i = 0; i < first; i++) {
      publishNumbered(topic, i, 3600);
    }
    for (int i = first; i < first + more; i++) {
      published.add(publishNumbered(topic, i));
    }
    ParquetHistoryJob restarted = new ParquetHistoryJob(
        spark,
        new ParquetHistorySettings(
            KAFKA.bootstrapServers(),
            ParquetStream.STATIONS,
            topic,
            base.toString(),
            checkpoint.toString(),
            "earliest",
            Duration.ofMillis(200),
            0));
    StreamingQuery query = restarted.start();
    try {
      query.processAllAvailable();
    } finally {
      query.stop();
    }

    List<StationRecord> history = records(
        ParquetFiles.read(
            spark, ParquetStream.STATIONS, base.resolve("stations").toString()),
        ParquetStream.STATIONS,
        StationRecord.class);
    assertThat(history)
        .as("every record exactly once")
        .hasSize(first + more)
        .containsExactlyInAnyOrderElementsOf(published);
    assertThat(restarted.counts().total().written())
        .as("the restart wrote only what was missing")
        .isEqualTo(first + more - afterKill);
    assertThat(restarted.counts().total().repeated()).as("every re-publication").isEqualTo(first);
  }

  private static StationRecord publishNumbered(String topic, int i) {
    return publishNumbered(topic, i, 0);
  }

  /** Station K<i>'s state, fetched {@code fetchedLater} seconds after its first publication. */
  private static StationRecord publishNumbered(String topic, int i, long fetchedLater) {
    StationRecord record = station(
        "velib",
        String.format("K%03d", i),
        i % 20,
        OCT_18.plusSeconds(60L * i),
        OCT_18.plusSeconds(60L * i + 5 + fetchedLater));
    KAFKA.produce(topic, record.key(), json(record));
    return record;
  }

  private static Process startChild(String topic, Path base, Path checkpoint, int maxOffsets)
      throws Exception {
    return ChildJvm.start(
        ParquetHistoryChildMain.class,
        Path.of("target", "parquet-it", "child.log"),
        LOG,
        KAFKA.bootstrapServers(),
        topic,
        base.toUri().toString(),
        checkpoint.toString(),
        workDir.resolve("child-spark").toString(),
        Integer.toString(maxOffsets));
  }

  /**
   * Waits until the child's query committed {@code batches} batches and is running the next one
   * (planned in the offset log, not yet in the commit log), the moment a crash must not lose or
   * repeat. The batch may still end before the kill lands.
   */
  private static void awaitMidBatch(Process child, Path checkpoint, int batches) throws Exception {
    // Polled often: the moment between the offset log and the commit log is short. A dead child
    // fails the wait at once (an exception in the condition is not retried).
    await("the child past " + batches + " batches")
        .atMost(TIMEOUT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5))
        .pollInSameThread()
        .until(() -> {
          assertThat(child.isAlive())
              .as("child alive (see target/parquet-it/child.log)")
              .isTrue();
          long committed = lastBatch(checkpoint.resolve("commits"));
          return committed >= batches - 1 && lastBatch(checkpoint.resolve("offsets")) > committed;
        });
  }

  private static long committedRows(Path streamDir) {
    if (!Files.exists(streamDir.resolve("_spark_metadata/0"))) {
      return 0;
    }
    return spark
        .read()
        .schema(ParquetSchemas.table(ParquetStream.STATIONS))
        .parquet(streamDir.toString())
        .count();
  }

  private static long lastBatch(Path log) throws java.io.IOException {
    return ChildJvm.lastBatch(log);
  }
}
