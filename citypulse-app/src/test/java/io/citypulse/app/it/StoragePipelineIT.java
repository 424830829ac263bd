package io.citypulse.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citypulse.app.config.Settings;
import io.citypulse.app.run.Pipeline;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.sources.synthetic.VelibFeeds;
import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.postgres.PostgresServer;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.Ports;
import io.citypulse.testkit.Response;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL sink through the whole pipeline, checked with SQL against totals computed
 * independently from the served feed files: once with an existing server (--jdbc-url) that goes
 * away in the middle of the run, once with the embedded server in a packaged-jar process killed
 * with -9 and restarted.
 */
class StoragePipelineIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Instant T0 = Instant.parse("2026-11-24T06:00:00Z");
  /** Vélib' size for the in-process run; the packaged-jar runs use a smaller network. */
  private static final int FULL_SIZE = 1_500;

  private static final int STATIONS = 300;

  @TempDir
  Path dir;

  /** The served feed: a synthetic Vélib' network whose state the test moves on. */
  private final class Feed implements AutoCloseable {
    final SyntheticNetwork network;
    final byte[] information;
    final byte[] table;
    final AtomicReference<byte[]> status;
    /** Every (station, last_reported) state served so far. */
    final TreeSet<String> servedStates = new TreeSet<>();

    final LocalHttpServer server = LocalHttpServer.start();
    final Path tableFile;

    Feed(int stations) throws IOException {
      network = new SyntheticNetwork(7, stations, T0, Duration.ofSeconds(10));
      information = VelibFeeds.stationInformation(network, T0.getEpochSecond());
      table = VelibFeeds.postcodeTable(network);
      status = new AtomicReference<>(VelibFeeds.stationStatus(network, T0.getEpochSecond()));
      tableFile = Files.write(dir.resolve("stations_information.csv"), table);
      server.respond(
          "/opendata/station_information.json", Response.json(200, "").body(information));
      server.respondWith(
          "/opendata/station_status.json", request -> Response.json(200, "").body(status.get()));
      servedStates.addAll(StationStates.of(status.get()).keySet());
    }

    String statusUrl() {
      return server.uri("/opendata/station_status.json").toString();
    }

    void advanceTo(int minutes) {
      Instant now = T0.plus(Duration.ofMinutes(minutes));
      network.advanceTo(now);
      status.set(VelibFeeds.stationStatus(network, now.getEpochSecond()));
      servedStates.addAll(StationStates.of(status.get()).keySet());
    }

    Map<String, IndependentTotals> postcodeTotals() {
      return IndependentTotals.of(status.get(), information, table);
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /** Each station's state in a status body: "stationCode@last_reported" -> bikes, read independently. */
  private static final class StationStates {
    static Map<String, Long> of(byte[] status) {
      try {
        Map<String, Long> states = new TreeMap<>();
        for (JsonNode s : new ObjectMapper().readTree(status).path("data").path("stations")) {
          states.put(
              s.path("stationCode").asText() + "@" + s.path("last_reported").asLong(),
              s.path("num_bikes_available").asLong());
        }
        return states;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void anExistingServerGoingAwayMidRunLosesNothing() throws Exception {
    PostgresServer database = PostgresServer.start(dir.resolve("external-postgres"));
    int port = database.port();
    JdbcTarget target = database.target();
    StringWriter captured = new StringWriter();
    try (Feed feed = new Feed(FULL_SIZE)) {
      Settings settings = FastPipeline.settings(
          KAFKA.bootstrapServers(),
          dir.resolve("state"),
          feed.tableFile,
          Map.of(
              "storage.postgres.jdbc-url",
              database.jdbcUrl(),
              "storage.postgres.user",
              PostgresServer.USER,
              "storage.postgres.trigger-interval",
              "300ms",
              "storage.postgres.retry-for",
              "2m"));
      try (Pipeline pipeline = Pipeline.start(
          settings, feed.server.uri("/opendata/station_status.json"), FastPipeline.tee(captured))) {
        awaitTablesMatch(target, feed);

        database.close();
        feed.advanceTo(15);
        await(() -> captured.toString().contains("RETRYING: PostgreSQL unreachable"));
        database =
            PostgresServer.start(dir.resolve("external-postgres"), port, Duration.ofSeconds(60));
        awaitTablesMatch(target, feed);

        feed.advanceTo(60);
        awaitTablesMatch(target, feed);
        assertThat(captured.toString()).doesNotContain("stopped:");
      }
      assertHistoryHoldsEveryServedStateOnce(target, feed);
    } finally {
      database.close();
    }
  }

  @Test
  void aKillDashNineThenARestartLeaveTheSameTables() throws Exception {
    Path jar = Path.of("target", "citypulse.jar");
    assertThat(jar).as("run 'package' first").exists();
    Path state = dir.resolve("state");
    try (Feed feed = new Feed(STATIONS)) {
      List<String> command = List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx1g",
          "-jar",
          jar.toString(),
          "run",
          "--gbfs",
          feed.statusUrl(),
          "--stations",
          "all",
          "--postcodes",
          feed.tableFile.toString(),
          "--no-geocoder",
          "--no-weather",
          "--no-dashboard",
          "--postgres",
          "--parquet",
          state.resolve("history").toString(),
          "--kafka-port",
          Integer.toString(Ports.freePort()),
          "--state-dir",
          state.toString(),
          "--set",
          "gbfs.min-interval=200ms",
          "--set",
          "gbfs.max-interval=500ms",
          "--set",
          "storage.postgres.trigger-interval=300ms",
          "--set",
          "storage.parquet.trigger-interval=1s",
          "--set",
          "status.interval=2s");
      Process first = launch(command, dir.resolve("first.log"));
      JdbcTarget target;
      List<String> ledgerBeforeKill;
      try {
        target = awaitEmbeddedServer(state, first, dir.resolve("first.log"));
        awaitTablesMatch(target, feed);
        ledgerBeforeKill = rows(target, "SELECT query_name FROM sink_progress ORDER BY 1");

        feed.advanceTo(15);
        // Mid-stream: some of the new states are in, the run goes on writing when it is killed.
        await(() -> count(target, "station_history") > STATIONS);
      } finally {
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);

      Process second = launch(command, dir.resolve("second.log"));
      try {
        JdbcTarget again = awaitEmbeddedServer(state, second, dir.resolve("second.log"));
        awaitTablesMatch(again, feed);
        feed.advanceTo(60);
        awaitTablesMatch(again, feed);
        assertHistoryHoldsEveryServedStateOnce(again, feed);
        assertThat(rows(again, "SELECT query_name FROM sink_progress ORDER BY 1"))
            .as("the restarted queries continue the ledger rows of their checkpoints")
            .isEqualTo(ledgerBeforeKill)
            .hasSize(2);
        awaitParquetHoldsEveryServedStateOnce(
            state.resolve("history"), feed, dir.resolve("second.log"));
        String station = feed.network.stations().get(0).stationCode();
        String postcode = feed.network.stations().get(0).postcode();
        for (String[] subject :
            List.of(new String[] {"--station", station}, new String[] {"--postcode", postcode})) {
          List<String> common = List.of(
              "history",
              subject[0],
              subject[1],
              "--system",
              "velib",
              "--from",
              T0.minusSeconds(60).toString(),
              "--to",
              T0.plus(Duration.ofMinutes(61)).toString(),
              "--step",
              "5m",
              "--format",
              "csv",
              "--state-dir",
              state.toString());
          if (subject[0].equals("--postcode")) {
            common = new ArrayList<>(common);
            common.removeAll(List.of("--system", "velib"));
          }
          String fromPostgres = history(common, "--source", "postgres");
          String fromParquet = history(
              common,
              "--source",
              "parquet",
              "--parquet",
              state.resolve("history").toString());
          assertThat(fromParquet)
              .as("history %s %s from Parquet and from PostgreSQL", subject[0], subject[1])
              .isEqualTo(fromPostgres);
          assertThat(fromPostgres.lines().count()).as("header and 13 samples").isEqualTo(1 + 13);
        }
      } finally {
        second.destroy();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
      }
      assertThat(Files.readString(dir.resolve("second.log")))
          .contains("left by a previous run still uses")
          .contains("citypulse: stopped");
      assertThat(PostgresServer.portOfRunningServer(state.resolve("postgres"))).isEmpty();
    }
  }

  /** Runs {@code citypulse history} in this JVM (against the running pipeline's server) and returns its output. */
  private static String history(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = io.citypulse.app.cli.CitypulseCommand.execute(
        all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(exit).as("citypulse %s: %s", String.join(" ", all), err).isZero();
    return out.toString();
  }

  /** Every served station state once in the Parquet history, read with Spark as a user would. */
  private static void awaitParquetHoldsEveryServedStateOnce(Path history, Feed feed, Path log)
      throws Exception {
    org.apache.spark.sql.SparkSession spark = io.citypulse.jobs.spark.SparkSessions.local(
        "local[1]", 1, history.resolveSibling("reader-spark"));
    try {
      AtomicReference<List<String>> seen = new AtomicReference<>(List.of());
      try {
        await(() -> {
          if (!Files.isDirectory(history.resolve("stations").resolve("_spark_metadata"))) {
            return false;
          }
          List<String> states = new ArrayList<>();
          try {
            for (org.apache.spark.sql.Row row : spark
                .read()
                .parquet(history.resolve("stations").toString())
                .selectExpr("station_code", "CAST(unix_seconds(last_reported) AS BIGINT)")
                .collectAsList()) {
              states.add(row.getString(0) + "@" + row.getLong(1));
            }
          } catch (Exception e) {
            // The sink makes its log directory before its first batch lists a file: nothing to read
            // yet.
            if (String.valueOf(e.getMessage()).contains("UNABLE_TO_INFER_SCHEMA")) {
              return false;
            }
            throw e;
          }
          seen.set(states);
          return states.size() >= feed.servedStates.size();
        });
      } catch (AssertionError e) {
        // the assertion below shows what is missing
      }
      assertThat(seen.get())
          .as(
              "one Parquet row per served state, none missing, none twice; the run's Parquet"
                  + " log lines:%n%s",
              read(log)
                  .lines()
                  .filter(l -> l.contains("arquet") || l.contains("Exception"))
                  .limit(40)
                  .collect(java.util.stream.Collectors.joining("\n")))
          .containsExactlyInAnyOrderElementsOf(feed.servedStates);
    } finally {
      spark.stop();
    }
  }

  private static Process launch(List<String> command, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // One JVM, so that destroyForcibly() is a kill -9 of the whole pipeline.
    builder.environment().put("CITYPULSE_NO_FORK", "1");
    builder.environment().put("XDG_CACHE_HOME", log.resolveSibling("cache").toString());
    return builder.start();
  }

  private static JdbcTarget awaitEmbeddedServer(Path state, Process process, Path log)
      throws Exception {
    AtomicReference<Integer> port = new AtomicReference<>();
    await(() -> {
      if (!process.isAlive()) {
        throw new AssertionError("citypulse exited: " + read(log));
      }
      Optional<Integer> running = PostgresServer.portOfRunningServer(state.resolve("postgres"));
      running.ifPresent(port::set);
      return running.isPresent()
          && count(
                  new JdbcTarget(
                      "jdbc:postgresql://127.0.0.1:" + running.get() + "/postgres",
                      PostgresServer.USER,
                      ""),
                  "sink_progress")
              >= 0;
    });
    return new JdbcTarget(
        "jdbc:postgresql://127.0.0.1:" + port.get() + "/postgres", PostgresServer.USER, "");
  }

  /** Waits until station_current and postcode_availability_current equal the feed's current state. */
  private static void awaitTablesMatch(JdbcTarget target, Feed feed) throws Exception {
    Map<String, IndependentTotals> postcodes = feed.postcodeTotals();
    Map<String, Long> stations = StationStates.of(feed.status.get());
    AtomicReference<String> last = new AtomicReference<>("nothing read");
    try {
      await(() -> {
        try {
          Map<String, IndependentTotals> actualPostcodes = postcodeTotals(target);
          Map<String, Long> actualStations = stationStates(target);
          last.set("postcodes " + actualPostcodes + "\nstations differ: "
              + !actualStations.equals(stations));
          return actualPostcodes.equals(postcodes) && actualStations.equals(stations);
        } catch (SQLException e) {
          last.set(e.toString());
          return false;
        }
      });
    } catch (AssertionError e) {
      throw new AssertionError(
          "tables never matched the feed; expected postcodes " + postcodes + "\nlast read: "
              + last.get(),
          e);
    }
  }

  private static void assertHistoryHoldsEveryServedStateOnce(JdbcTarget target, Feed feed)
      throws SQLException {
    List<String> history = rows(
        target,
        "SELECT station_code || '@' || extract(epoch FROM last_reported)::bigint"
            + " FROM station_history");
    assertThat(history)
        .as("one history row per served state, none missing, none twice")
        .hasSize(feed.servedStates.size())
        .containsExactlyInAnyOrderElementsOf(feed.servedStates);
    assertThat(feed.servedStates.size()).isGreaterThan(feed.network.stations().size());
  }

  private static Map<String, IndependentTotals> postcodeTotals(JdbcTarget target)
      throws SQLException {
    Map<String, IndependentTotals> totals = new TreeMap<>();
    try (Connection c = target.open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT postcode, stations, bikes_available, mechanical, ebike,"
                + " docks_available, capacity FROM postcode_availability_current WHERE stations > 0")) {
      while (rs.next()) {
        totals.put(
            rs.getString(1),
            new IndependentTotals(
                rs.getLong(2),
                rs.getLong(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getLong(7)));
      }
    }
    return totals;
  }

  private static Map<String, Long> stationStates(JdbcTarget target) throws SQLException {
    Map<String, Long> states = new TreeMap<>();
    try (Connection c = target.open();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT station_code, extract(epoch FROM last_reported)::bigint,"
                + " bikes_available FROM station_current")) {
      while (rs.next()) {
        states.put(rs.getString(1) + "@" + rs.getLong(2), rs.getLong(3));
      }
    }
    return states;
  }

  private static long count(JdbcTarget target, String table) {
    try (Connection c = target.open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      return -1;
    }
  }

  private static List<String> rows(JdbcTarget target, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = target.open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Polls {@code condition} on this thread; an AssertionError if it does not hold within {@link #WAIT}. */
  private static void await(BooleanSupplier condition) {
    try {
      Awaitility.await()
          .atMost(WAIT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(200))
          .pollInSameThread()
          .until(condition::getAsBoolean);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("condition not met within " + WAIT, e);
    }
  }
}
