package io.citypulse.bench.worker;

import io.citypulse.bench.data.SinkRecords;
import io.citypulse.bench.data.StationCatalog;
import io.citypulse.bench.report.CpuContention;
import io.citypulse.broker.TopicAdmin;
import io.citypulse.broker.TopicSpec;
import io.citypulse.jobs.parquet.ParquetBatchCounts;
import io.citypulse.jobs.parquet.ParquetHistoryJob;
import io.citypulse.jobs.parquet.ParquetHistorySettings;
import io.citypulse.jobs.parquet.ParquetStream;
import io.citypulse.jobs.postgres.PostgresSinkJob;
import io.citypulse.jobs.postgres.PostgresSinkSettings;
import io.citypulse.jobs.postgres.PostgresSinkStatus;
import io.citypulse.jobs.postgres.StoredStream;
import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.model.Topics;
import io.citypulse.storage.postgres.PostgresServer;
import io.citypulse.storage.schema.SchemaMigrator;
import io.citypulse.storage.sink.RetryPolicy;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * One storage sink at work on a backlog: N station states pre-loaded into a topic (off the clock,
 * by a separate JVM), then the clock runs from the sink query's {@code start()} until all N are
 * stored: {@link PostgresSinkJob} into an embedded PostgreSQL server, or {@link ParquetHistoryJob}
 * into a local directory. The stored rows are counted afterwards and must equal N.
 */
final class SinksWorker {
  static final String POSTGRES = "postgres";
  static final String PARQUET = "parquet";
  static final List<String> SINKS = List.of(POSTGRES, PARQUET);

  /**
   * Not the product's {@code velib-projet}, which is compacted: a cleaner pass would be free to
   * drop older states of a station, and every state must stay readable here. Same partitions.
   */
  static final String TOPIC = "bench-sinks-stations";

  static final Duration TRIGGER = Duration.ofMillis(100);
  static final long POSTGRES_RECORDS_PER_BATCH = 20_000;
  static final long PARQUET_OFFSETS_PER_TRIGGER = 50_000;
  private static final String LOADER_HEAP = "512m";

  private SinksWorker() {}

  static Map<String, Object> run(WorkerParams params) throws Exception {
    Path runDir = params.path("dir");
    String sink = params.text("sink");
    if (!SINKS.contains(sink)) {
      throw new IllegalArgumentException(
          "unknown sink " + sink + " (" + String.join(", ", SINKS) + ")");
    }
    long records = params.number("records");
    int threads = params.integer("threads");
    Duration timeout = Duration.ofSeconds(params.number("timeout-seconds"));

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("sink", sink);
    result.put("records", records);
    try (WorkerBroker broker = WorkerBroker.start(runDir)) {
      TopicAdmin.ensureTopics(
          broker.bootstrapServers(),
          List.of(TopicSpec.of(TOPIC, WorkerBroker.INPUT_PARTITIONS)),
          Duration.ofSeconds(30));
      // Generated and sent by a short-lived JVM, so that serialising them does not grow this one.
      long preloadStart = System.nanoTime();
      Map<String, Object> loaded = new WorkerLauncher(LOADER_HEAP, false)
          .run(
              "sinks-preload",
              Map.of(
                  "bootstrap",
                  broker.bootstrapServers(),
                  "records",
                  Long.toString(records),
                  "seed",
                  params.text("seed"),
                  "stations",
                  params.text("stations")),
              runDir.resolve("loader"),
              Duration.ofMinutes(30));
      if (loaded.containsKey("error")) {
        throw new IllegalStateException(
            "pre-load failed: " + loaded.get("error") + " " + loaded.get("log_errors"));
      }
      result.put("preload_ms", ThroughputWorker.millisSince(preloadStart));
      result.put("input_mb", loaded.get("input_mb"));
      double childCpu = ((Number) loaded.get("process_cpu_s")).doubleValue();

      SparkSession spark = SparkSessions.local(
          "local[" + threads + "]", params.integer("state-partitions"), runDir.resolve("spark"));
      try {
        result.put("spark_master", "local[" + threads + "]");
        Measurement measurement =
            new Measurement(spark, broker.bootstrapServers(), runDir, records, timeout);
        double sinkCpu =
            sink.equals(POSTGRES) ? measurement.postgres(result) : measurement.parquet(result);
        result.put(WorkerMain.CHILD_CPU, childCpu + sinkCpu);
      } finally {
        spark.stop();
      }
    }
    return result;
  }

  /** The pre-load process: N records of {@link SinkRecords} into {@link #TOPIC}. */
  static Map<String, Object> preload(WorkerParams params) {
    long records = params.number("records");
    long seed = params.number("seed");
    int stations = params.integer("stations");
    SinkRecords generator = new SinkRecords(
        StationCatalog.generate(seed, stations), seed, ThroughputWorker.TIMELINE_START);
    long bytes = ThroughputWorker.send(
        params.text("bootstrap"), TOPIC, "bench-sinks-preload", records, generator::next);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("input_mb", bytes / 1e6);
    result.put("states_per_station", SinkRecords.rounds(records, stations));
    return result;
  }

  /** One sink's run in this worker's Spark session. */
  private static final class Measurement {
    private final SparkSession spark;
    private final String bootstrap;
    private final Path runDir;
    private final long records;
    private final Duration timeout;
    private final long pid = ProcessHandle.current().pid();

    Measurement(SparkSession spark, String bootstrap, Path runDir, long records, Duration timeout) {
      this.spark = spark;
      this.bootstrap = bootstrap;
      this.runDir = runDir;
      this.records = records;
      this.timeout = timeout;
    }

    /** @return CPU seconds of the PostgreSQL server's processes (not part of this JVM's) */
    double postgres(Map<String, Object> result) throws Exception {
      Path dataDir = runDir.resolve("postgres");
      try (PostgresServer server = PostgresServer.start(dataDir)) {
        SchemaMigrator.migrate(server.target());
        StoredStream stream = StoredStream.STATIONS;
        PostgresSinkJob job = new PostgresSinkJob(
            spark,
            new PostgresSinkSettings(
                bootstrap,
                stream,
                TOPIC,
                Topics.DEAD_LETTERS,
                server.target(),
                checkpoint(stream.queryName()),
                "earliest",
                TRIGGER,
                POSTGRES_RECORDS_PER_BATCH,
                RetryPolicy.DEFAULT));
        result.put(
            "settings",
            Map.of(
                "stream",
                stream.id(),
                "trigger_ms",
                TRIGGER.toMillis(),
                "max_records_per_batch",
                POSTGRES_RECORDS_PER_BATCH));
        double serverCpuBefore = ServerProcesses.of(dataDir).cpuSeconds();
        Run run;
        try {
          run = Run.of(spark, stream.queryName(), records, timeout, pid, job::start);
        } finally {
          job.close();
        }
        result.put(
            "postgres_cpu_s_during_query",
            ServerProcesses.of(dataDir).cpuSeconds() - serverCpuBefore);
        PostgresSinkStatus.Snapshot status = job.status().snapshot();
        run.report(result);
        if (status.lastCommit() == null) {
          throw new IllegalStateException(
              "the PostgreSQL sink read every record but committed no batch: " + status);
        }
        // The writer stamps each commit with the job's clock (the system clock, like
        // Instant.now()).
        double elapsedMs = Duration.between(run.started(), status.lastCommit()).toNanos() / 1e6;
        result.put("clock", "query start() -> last PostgreSQL commit");
        result.put("elapsed_ms", elapsedMs);
        result.put("records_per_s", records / (elapsedMs / 1000.0));
        result.put("end_of_last_batch_ms", run.elapsedToEndMs());
        result.put(
            "sink_status",
            Map.of(
                "batches_committed",
                status.batchesCommitted(),
                "batches_replayed",
                status.batchesReplayed(),
                "records_stored",
                status.recordsStored(),
                "history_rows_written",
                status.historyRowsWritten(),
                "dead_letters",
                status.deadLetters()));

        long historyRows;
        long currentRows;
        try (Connection connection = server.target().open()) {
          historyRows = count(connection, "SELECT count(*) FROM station_history");
          currentRows = count(connection, "SELECT count(*) FROM station_current");
          result.put(
              "station_history_distinct_states",
              count(
                  connection,
                  "SELECT count(DISTINCT (system, station_code, last_reported)) FROM station_history"));
          result.put(
              "database_mb",
              count(connection, "SELECT pg_database_size(current_database())") / 1e6);
          result.put(
              "station_history_mb",
              count(connection, "SELECT pg_total_relation_size('station_history')") / 1e6);
        }
        result.put("station_history_rows", historyRows);
        result.put("station_current_rows", currentRows);
        result.put("correct", historyRows == records && status.deadLetters() == 0);
        if (historyRows != records) {
          result.put(
              "mismatches",
              List.of("station_history holds " + historyRows + " rows, expected " + records));
        }
        ServerProcesses postgres = ServerProcesses.of(dataDir);
        result.put("postgres_processes", postgres.count());
        result.put("postgres_pss_mb_at_end", ProcStatus.kbToMb(postgres.pssKb()));
        return postgres.cpuSeconds();
      }
    }

    /** @return 0: the Parquet sink runs in this JVM */
    double parquet(Map<String, Object> result) throws Exception {
      ParquetStream stream = ParquetStream.STATIONS;
      String base = runDir.resolve("parquet").toAbsolutePath().toString();
      ParquetHistoryJob job = new ParquetHistoryJob(
          spark,
          new ParquetHistorySettings(
              bootstrap,
              stream,
              TOPIC,
              base,
              checkpoint(stream.checkpointName()),
              "earliest",
              TRIGGER,
              PARQUET_OFFSETS_PER_TRIGGER));
      result.put(
          "settings",
          Map.of(
              "stream",
              stream.subDirectory(),
              "trigger_ms",
              TRIGGER.toMillis(),
              "max_offsets_per_trigger",
              PARQUET_OFFSETS_PER_TRIGGER));
      Run run = Run.of(spark, stream.queryName(), records, timeout, pid, job::start);
      run.report(result);
      double elapsedMs = run.elapsedToEndMs();
      result.put("clock", "query start() -> end of the micro-batch that read the last record");
      result.put("elapsed_ms", elapsedMs);
      result.put("records_per_s", records / (elapsedMs / 1000.0));

      ParquetBatchCounts counts = job.counts().total();
      Path directory = Path.of(ParquetHistoryJob.directory(base, stream));
      DiskUsage disk = DiskUsage.of(directory);
      long readBack = spark.read().parquet(directory.toString()).count();
      long distinctStates = spark
          .read()
          .parquet(directory.toString())
          .select("system", "station_code", "last_reported")
          .distinct()
          .count();
      result.put("written", counts.written());
      result.put("unreadable", counts.unreadable());
      result.put("files", disk.parquetFiles());
      result.put("parquet_mb", disk.parquetBytes() / 1e6);
      result.put("partition_directories", disk.directories());
      result.put(
          "mean_file_mb",
          disk.parquetFiles() == 0 ? 0 : disk.parquetBytes() / 1e6 / disk.parquetFiles());
      result.put("read_back_rows", readBack);
      result.put("read_back_distinct_states", distinctStates);
      boolean correct =
          counts.written() == records && readBack == records && distinctStates == records;
      result.put("correct", correct);
      if (!correct) {
        result.put(
            "mismatches",
            List.of("written " + counts.written() + ", read back " + readBack + " rows ("
                + distinctStates + " distinct states), expected " + records));
      }
      return 0;
    }

    private String checkpoint(String queryName) {
      return runDir.resolve("checkpoints").resolve(queryName).toAbsolutePath().toString();
    }
  }

  /** A started sink query, followed until its batches have read every pre-loaded record. */
  private record Run(
      Instant started,
      BatchTimes times,
      long records,
      Double rssPeakMb,
      double rssPeakProcessMb,
      Double rssAtStartMb,
      double cpuSeconds) {

    interface Start {
      StreamingQuery start() throws Exception;
    }

    /**
     * Resets the peak RSS, starts the query and waits until its batches have read {@code records}
     * rows (a progress event comes after the batch has committed), then stops it.
     *
     * @throws IllegalStateException if the query fails or does not get there within {@code timeout}
     */
    static Run of(
        SparkSession spark, String queryName, long records, Duration timeout, long pid, Start start)
        throws Exception {
      BatchTimes times = new BatchTimes();
      StreamingQueryListener listener = new StreamingQueryListener() {
        @Override
        public void onQueryStarted(QueryStartedEvent event) {}

        @Override
        public void onQueryProgress(QueryProgressEvent event) {
          StreamingQueryProgress p = event.progress();
          if (queryName.equals(p.name())) {
            long trigger = p.durationMs().getOrDefault("triggerExecution", 0L);
            times.add(new BatchTimes.Batch(
                p.batchId(),
                p.numInputRows(),
                trigger,
                p.durationMs().getOrDefault("addBatch", 0L),
                Instant.parse(p.timestamp()).plusMillis(trigger)));
          }
        }

        @Override
        public void onQueryTerminated(QueryTerminatedEvent event) {}
      };
      spark.streams().addListener(listener);
      System.gc();
      OptionalLong peakBefore = ProcStatus.peakRssKb(pid);
      boolean reset = ProcStatus.resetOwnPeak();
      OptionalLong rssAtStart = ProcStatus.rssKb(pid);
      long cpuAtStart = CpuContention.ownCpuNanos();
      Instant started = Instant.now();
      StreamingQuery query = start.start();
      try {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (times.inputRows() < records) {
          if (!query.isActive()) {
            throw new IllegalStateException(
                queryName + " stopped after reading " + times.inputRows() + " of " + records
                    + " records: "
                    + (query.exception().isDefined() ? query.exception().get() : "no error"),
                query.exception().isDefined() ? query.exception().get() : null);
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(queryName + " read " + times.inputRows() + " of "
                + records + " records within " + timeout.toSeconds() + " s");
          }
          Thread.sleep(20);
        }
      } finally {
        query.stop();
        spark.streams().removeListener(listener);
      }
      double cpuSeconds = (CpuContention.ownCpuNanos() - cpuAtStart) / 1e9;
      long peak = ProcStatus.peakRssKb(pid).orElse(-1);
      return new Run(
          started,
          times,
          records,
          reset ? ProcStatus.kbToMb(peak) : null,
          ProcStatus.kbToMb(Math.max(peak, peakBefore.orElse(-1))),
          rssAtStart.isPresent() ? ProcStatus.kbToMb(rssAtStart.getAsLong()) : null,
          cpuSeconds);
    }

    /** From start() to the end of the batch that read the last record, ms. */
    double elapsedToEndMs() {
      Instant end = times.endWhenRowsReached(records).orElseThrow();
      return Duration.between(started, end).toNanos() / 1e6;
    }

    void report(Map<String, Object> result) {
      result.putAll(times.summary());
      result.put("rss_peak_mb", rssPeakMb);
      result.put("rss_peak_process_mb", rssPeakProcessMb);
      result.put("rss_at_start_mb", rssAtStartMb);
      result.put("worker_cpu_s_during_query", cpuSeconds);
      result.put("batch_list", times.rows());
    }
  }

  /** Files of the Parquet history: data files (not the sink's log or checksums) and directories. */
  private record DiskUsage(long parquetFiles, long parquetBytes, long directories) {
    static DiskUsage of(Path directory) throws IOException {
      long files = 0;
      long bytes = 0;
      long dirs = 0;
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path p :
            paths.filter(p -> !p.toString().contains("_spark_metadata")).toList()) {
          if (Files.isDirectory(p)) {
            dirs += p.equals(directory) ? 0 : 1;
          } else if (p.getFileName().toString().endsWith(".parquet")) {
            files++;
            bytes += Files.size(p);
          }
        }
      }
      return new DiskUsage(files, bytes, dirs);
    }
  }

  /**
   * The embedded PostgreSQL server's processes (postmaster and its backends). They are not part
   * of this JVM: pg_ctl starts the postmaster detached, so it is found by its pid file.
   */
  private record ServerProcesses(List<ProcessHandle> processes, long postmasterPid) {
    static ServerProcesses of(Path dataDir) throws IOException {
      Path pidFile = dataDir.resolve("postmaster.pid");
      long pid = Long.parseLong(
          Files.readAllLines(pidFile, StandardCharsets.US_ASCII).get(0).trim());
      ProcessHandle postmaster = ProcessHandle.of(pid)
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL postmaster with pid " + pid));
      return new ServerProcesses(
          Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList(), pid);
    }

    int count() {
      return processes.size();
    }

    long pssKb() {
      return processes.stream()
          .mapToLong(p -> ProcStatus.pssKb(p.pid()).orElse(0))
          .sum();
    }

    /** Live processes' CPU, plus what the postmaster's reaped backends used (e.g. Flyway's). */
    double cpuSeconds() {
      long ticks = 0;
      for (ProcessHandle p : processes) {
        ticks += ProcStatus.cpuTicks(p.pid(), p.pid() == postmasterPid).orElse(0);
      }
      return ticks / CpuContention.TICKS_PER_SECOND;
    }
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
