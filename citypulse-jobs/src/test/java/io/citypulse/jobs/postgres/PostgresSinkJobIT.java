package io.citypulse.jobs.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.postgres.PostgresServer;
import io.citypulse.storage.schema.SchemaMigrator;
import io.citypulse.storage.sink.RetryPolicy;
import io.citypulse.testkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL sink end to end: embedded Kafka in, real local Spark, a real PostgreSQL 17 out;
 * a replayed batch, and the server going away in the middle of a run.
 */
class PostgresSinkJobIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Instant T0 = Instant.parse("2026-11-24T07:00:00Z");
  private static final RetryPolicy QUICK_RETRY =
      new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMinutes(2));

  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  @TempDir
  static Path workDir;

  private static SparkSession spark;
  private static PostgresServer postgres;
  private static int postgresPort;
  private final List<AutoCloseable> started = new ArrayList<>();

  @BeforeAll
  static void start() {
    spark = SparkSessions.local(
        "local[2]", SparkSessions.defaultPartitions("local[2]"), workDir.resolve("spark"));
    postgres = PostgresServer.start(workDir.resolve("postgres"));
    postgresPort = postgres.port();
    SchemaMigrator.migrate(postgres.target());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void emptyTables() throws SQLException {
    execute("TRUNCATE station_current, station_history, postcode_availability_current,"
        + " postcode_availability_history, weather_current, weather_history, sink_progress");
  }

  @org.junit.jupiter.api.AfterEach
  void stopQueries() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  private static StationRecord station(String code, int bikes, Instant lastReported) {
    return new StationRecord(
        "velib",
        code,
        "id-" + code,
        "Station " + code,
        48.85,
        2.35,
        20,
        "75001",
        "Paris",
        bikes,
        bikes - 1,
        1,
        20 - bikes,
        true,
        true,
        true,
        lastReported,
        lastReported.plusSeconds(20));
  }

  private static PostcodeAvailability postcode(String code, int bikes, Instant updatedAt) {
    return new PostcodeAvailability(
        code, "Paris", 2, bikes, bikes - 2L, 2L, 40 - bikes, 40, updatedAt, 0L);
  }

  private static WeatherFeatures weather(String location, double temperature, Instant observedAt) {
    return new WeatherFeatures(
        location,
        "Paris",
        "FR",
        48.85,
        2.35,
        observedAt,
        "2026-11-24T08:00:00",
        3600,
        "morning",
        "generator",
        temperature,
        temperature - 1,
        80.0,
        1012.0,
        3.5,
        220.0,
        null,
        75.0,
        0.2,
        "500",
        "light rain",
        null,
        1.5,
        6.0,
        "comfortable",
        null,
        2,
        null,
        null,
        1);
  }

  private PostgresSinkJob sink(
      StoredStream stream, String topic, String deadLetters, String checkpoint) {
    PostgresSinkJob job = new PostgresSinkJob(
        spark,
        new PostgresSinkSettings(
            KAFKA.bootstrapServers(),
            stream,
            topic,
            deadLetters,
            new JdbcTarget(postgres.jdbcUrl(), PostgresServer.USER, ""),
            workDir.resolve("checkpoints").resolve(checkpoint).toString(),
            "earliest",
            Duration.ofMillis(200),
            1_000,
            QUICK_RETRY));
    started.add(job);
    return job;
  }

  private StreamingQuery start(PostgresSinkJob job) throws TimeoutException {
    StreamingQuery query = job.start();
    started.add(query::stop);
    return query;
  }

  @Test
  void storesEveryStreamOnceAndRoutesWhatCannotBeStoredToDeadLetters() throws Exception {
    KAFKA.createTopic("stations-a");
    KAFKA.createTopic("postcodes-a");
    KAFKA.createTopic("weather-a");
    KAFKA.createTopic("dead-a");
    StationRecord first = station("16107", 3, T0);
    StationRecord later = station("16107", 5, T0.plusSeconds(60));
    StationRecord other = station("32017", 9, T0);
    for (StationRecord r : List.of(first, other, later, first /* re-polled */)) {
      KAFKA.produce("stations-a", r.key(), Json.writeString(r));
    }
    KAFKA.produce("stations-a", "velib:broken", "{\"system\": \"velib\", \"station_code\": ");
    KAFKA.produce("stations-a", "velib:", Json.writeString(station(null, 1, T0)));
    KAFKA.produce("postcodes-a", "75001", Json.writeString(postcode("75001", 12, T0)));
    KAFKA.produce(
        "postcodes-a", "75001", Json.writeString(postcode("75001", 14, T0.plusSeconds(60))));
    KAFKA.produce(
        "postcodes-a", "75001", Json.writeString(postcode("75001", 15, T0.plusSeconds(60))));
    // No station of 10001 gives a breakdown: stored as NULL, not 0.
    KAFKA.produce(
        "postcodes-a",
        "10001",
        Json.writeString(
            new PostcodeAvailability("10001", null, 2, 40, null, null, 3, 43, T0, 40L)));
    // A record from before untyped_bikes existed (still on compacted topics).
    KAFKA.produce(
        "postcodes-a",
        "75002",
        "{\"postcode\":\"75002\",\"commune\":\"Paris\",\"stations\":1,"
            + "\"bikes_available\":4,\"mechanical\":3,\"ebike\":1,\"docks_available\":6,\"capacity\":10,"
            + "\"updated_at\":\"" + T0 + "\"}");
    // A catalogue-wide run: two systems' areas of one name are two keys, and two rows.
    for (String system : List.of("sim-0001", "sim-0002")) {
      PostcodeAvailability area = new PostcodeAvailability(
          "UNKNOWN", null, 1, system.endsWith("1") ? 7 : 8, null, null, 2, 10, T0, 7L, system);
      KAFKA.produce("postcodes-a", area.key(), Json.writeString(area));
    }
    KAFKA.produce("weather-a", "paris", Json.writeString(weather("paris", 8.5, T0)));
    KAFKA.produce(
        "weather-a", "paris", Json.writeString(weather("paris", 9.0, T0.plusSeconds(600))));

    PostgresSinkJob stations = sink(StoredStream.STATIONS, "stations-a", "dead-a", "a-stations");
    start(stations);
    start(sink(StoredStream.POSTCODES, "postcodes-a", "dead-a", "a-postcodes"));
    start(sink(StoredStream.WEATHER, "weather-a", "dead-a", "a-weather"));

    await(() -> count("station_history") == 3
        && count("postcode_availability_history") == 6
        && count("weather_history") == 2);
    assertThat(
            rows(
                "SELECT station_code || '@' || last_reported || '=' || bikes_available FROM station_history"))
        .containsExactlyInAnyOrder(
            "16107@" + sql(T0) + "=3",
            "16107@" + sql(T0.plusSeconds(60)) + "=5",
            "32017@" + sql(T0) + "=9");
    assertThat(rows(
            "SELECT station_code || '=' || bikes_available || ',' || mechanical || ',' || ebike"
                + " FROM station_current"))
        .containsExactlyInAnyOrder("16107=5,4,1", "32017=9,8,1");
    // The same updated_at revised by a later batch: the later counts win, no second row.
    assertThat(rows("SELECT postcode || '@' || updated_at || '=' || bikes_available"
            + " FROM postcode_availability_history WHERE postcode = '75001'"))
        .containsExactlyInAnyOrder(
            "75001@" + sql(T0) + "=12", "75001@" + sql(T0.plusSeconds(60)) + "=15");
    assertThat(
            rows(
                "SELECT postcode || '=' || bikes_available || ',' || concat_ws(',', coalesce(mechanical::text, 'null'),"
                    + " coalesce(ebike::text, 'null'), coalesce(untyped_bikes::text, 'null')) FROM postcode_availability_current"))
        .containsExactlyInAnyOrder(
            "75001=15,13,2,0",
            "10001=40,null,null,40",
            "75002=4,3,1,null",
            "UNKNOWN=7,null,null,7",
            "UNKNOWN=8,null,null,7");
    assertThat(rows("SELECT system || ':' || postcode || '=' || bikes_available"
            + " FROM postcode_availability_history WHERE system <> ''"))
        .containsExactlyInAnyOrder("sim-0001:UNKNOWN=7", "sim-0002:UNKNOWN=8");
    assertThat(rows("SELECT temperature_c::text FROM weather_current")).containsExactly("9");

    List<ConsumerRecord<String, String>> dead = KAFKA.consume("dead-a", 2, TIMEOUT);
    assertThat(dead).hasSize(2);
    assertThat(dead)
        .extracting(r -> header(r, "reason"))
        .containsExactlyInAnyOrder(SinkBatch.UNREADABLE, SinkBatch.UNSTORABLE);
    assertThat(dead)
        .extracting(r -> header(r, "source"))
        .containsExactlyInAnyOrder("stations-a/0@4", "stations-a/0@5");
    await(() -> stations.status().snapshot().deadLetters() == 2);
    assertThat(stations.status().snapshot().recordsStored()).isEqualTo(4);
    assertThat(rows("SELECT query_name FROM sink_progress"))
        .allSatisfy(name ->
            assertThat(name).matches("postgres-(stations|postcodes|weather)@[0-9a-f-]{36}"));
  }

  @Test
  void aBatchReplayedAfterACrashWritesNothingTwice() throws Exception {
    KAFKA.createTopic("stations-b");
    for (int i = 0; i < 20; i++) {
      StationRecord r = station("s" + i, i, T0);
      KAFKA.produce("stations-b", r.key(), Json.writeString(r));
    }
    PostgresSinkJob first = sink(StoredStream.STATIONS, "stations-b", "dead-b", "b-stations");
    StreamingQuery query = start(first);
    await(() -> count("station_history") == 20);
    query.processAllAvailable();
    query.stop();

    // As if the process died after the transaction committed but before Spark recorded the
    // batch as done: the last commit marker goes, so the restart runs that batch again.
    Path commits = workDir.resolve("checkpoints").resolve("b-stations").resolve("commits");
    Path last = lastBatchFile(commits);
    Files.delete(last);
    Files.deleteIfExists(commits.resolve("." + last.getFileName() + ".crc"));

    PostgresSinkJob again = sink(StoredStream.STATIONS, "stations-b", "dead-b", "b-stations");
    StreamingQuery restarted = start(again);
    await(() -> again.status().snapshot().batchesReplayed() == 1);
    StationRecord afterRestart = station("s0", 7, T0.plusSeconds(60));
    KAFKA.produce("stations-b", afterRestart.key(), Json.writeString(afterRestart));
    await(() -> count("station_history") == 21);
    restarted.processAllAvailable();

    assertThat(again.status().snapshot().recordsStored()).isEqualTo(1);
    assertThat(count("station_history")).isEqualTo(21);
    assertThat(
            rows("SELECT count(DISTINCT (station_code, last_reported))::text FROM station_history"))
        .containsExactly("21");
    assertThat(rows("SELECT bikes_available::text FROM station_current WHERE station_code = 's0'"))
        .containsExactly("7");
  }

  @Test
  void aPostgresOutageInTheMiddleOfARunIsRetriedAndLosesNothing() throws Exception {
    KAFKA.createTopic("stations-c");
    for (int i = 0; i < 10; i++) {
      StationRecord r = station("c" + i, i, T0);
      KAFKA.produce("stations-c", r.key(), Json.writeString(r));
    }
    PostgresSinkJob job = sink(StoredStream.STATIONS, "stations-c", "dead-c", "c-stations");
    StreamingQuery query = start(job);
    await(() -> count("station_history") == 10);

    postgres.close();
    for (int i = 0; i < 10; i++) {
      StationRecord r = station("c" + i, i + 1, T0.plusSeconds(60));
      KAFKA.produce("stations-c", r.key(), Json.writeString(r));
    }
    await(() -> job.status().snapshot().stalled(Instant.now(), Duration.ofSeconds(1)));
    assertThat(query.isActive()).isTrue();

    postgres =
        PostgresServer.start(workDir.resolve("postgres"), postgresPort, Duration.ofSeconds(60));
    await(() -> count("station_history") == 20);
    query.processAllAvailable();
    assertThat(query.isActive()).isTrue();
    assertThat(count("station_history")).isEqualTo(20);
    assertThat(rows("SELECT sum(bikes_available)::text FROM station_current"))
        .containsExactly("55");
    assertThat(job.status().snapshot().writingSince()).isNull();
  }

  @Test
  void aServerThatStaysAwayStopsTheQueryWithAClearErrorAndTheBatchUnwritten() throws Exception {
    KAFKA.createTopic("stations-d");
    StationRecord r = station("d0", 4, T0);
    KAFKA.produce("stations-d", r.key(), Json.writeString(r));
    int nobody = io.citypulse.testkit.Ports.freePort();
    PostgresSinkJob job = new PostgresSinkJob(
        spark,
        new PostgresSinkSettings(
            KAFKA.bootstrapServers(),
            StoredStream.STATIONS,
            "stations-d",
            "dead-d",
            new JdbcTarget(
                "jdbc:postgresql://127.0.0.1:" + nobody + "/postgres", PostgresServer.USER, ""),
            workDir.resolve("checkpoints").resolve("d-stations").toString(),
            "earliest",
            Duration.ofMillis(200),
            1_000,
            new RetryPolicy(
                Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(1))));
    started.add(job);
    StreamingQuery query = start(job);

    await(() -> !query.isActive());
    assertThat(query.exception().isDefined()).isTrue();
    assertThat(query.exception().get().getMessage())
        .contains("PostgreSQL at jdbc:postgresql://127.0.0.1:" + nobody + "/postgres unreachable")
        .contains("gave up writing station states batch 0");
    assertThat(lastBatchFileOrNull(
            workDir.resolve("checkpoints").resolve("d-stations").resolve("commits")))
        .as("the batch is not committed: a restart writes it")
        .isNull();
  }

  private static Path lastBatchFileOrNull(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(p -> p.getFileName().toString().matches("\\d+"))
          ? lastBatchFile(dir)
          : null;
    }
  }

  private static Path lastBatchFile(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches("\\d+"))
          .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString())))
          .orElseThrow();
    }
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  /** How PostgreSQL prints a timestamptz as text in a UTC session. */
  private static String sql(Instant instant) {
    return instant.toString().replace('T', ' ').replace("Z", "+00");
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = postgres.target().open();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(String table) {
    try (Connection c = postgres.target().open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      return -1; // the server is down or starting
    }
  }

  private static List<String> rows(String sql) throws SQLException {
    try (Connection c = postgres.target().open();
        Statement s = c.createStatement()) {
      s.execute("SET TIME ZONE 'UTC'");
      try (ResultSet rs = s.executeQuery(sql)) {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
          out.add(rs.getString(1));
        }
        return out;
      }
    }
  }

  private static void await(BooleanSupplier condition) {
    Awaitility.await()
        .atMost(TIMEOUT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100))
        .until(condition::getAsBoolean);
  }
}
