package io.citypulse.bench;

import io.citypulse.bench.parse.ParseRunner;
import io.citypulse.bench.report.CpuContention;
import io.citypulse.bench.report.Report;
import io.citypulse.bench.startup.StartupProbe;
import io.citypulse.bench.stats.Figure;
import io.citypulse.bench.worker.WorkerLauncher;
import io.citypulse.bench.world.WorldBench;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The benchmarks: each runs its measurements and adds figures (and raw runs) to a report. */
public final class Suite {
  static final String PRODUCT = "citypulse";
  static final String PEER = "kafka-streams";
  private static final Map<String, String> ENGINE_LABELS =
      Map.of(PRODUCT, "citypulse (Spark)", PEER, "Kafka Streams peer");

  private final BenchOptions options;
  private final Report report;
  private final WorkerLauncher launcher;
  private final PrintStream progress;

  public Suite(BenchOptions options, Report report, PrintStream progress) {
    this.options = options;
    this.report = report;
    this.launcher = new WorkerLauncher(options.heap, options.verbose);
    this.progress = progress;
  }

  // ---------------------------------------------------------------- throughput and memory

  public void throughput() throws Exception {
    Map<String, List<Double>> rate = engineLists();
    Map<String, List<Double>> rss = engineLists();
    List<Double> ratios = new ArrayList<>();
    for (int run = 1; run <= options.runs; run++) {
      Map<String, Double> thisRun = new LinkedHashMap<>();
      for (String engine : engineOrder(run, options.engines)) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("engine", engine);
        params.put("records", Long.toString(options.throughputRecords()));
        params.put("stations", Integer.toString(options.stations));
        params.put("seed", Long.toString(options.seed));
        params.put("threads", Integer.toString(options.threads()));
        params.put("state-partitions", Integer.toString(options.statePartitions()));
        params.put(
            "timeout-seconds",
            Long.toString(options.workerTimeout.minusMinutes(1).toSeconds()));
        Map<String, Object> result = runWorker("throughput", run, engine, params);
        if (result == null) {
          continue;
        }
        if (!Boolean.TRUE.equals(result.get("correct"))) {
          report.addProblem("WRONG RESULT: throughput run " + run + ", " + engine
              + " did not end with the expected per-postcode totals: " + result.get("mismatches"));
          continue;
        }
        double recordsPerSecond = number(result, "records_per_s");
        thisRun.put(engine, recordsPerSecond);
        rate.get(engine).add(recordsPerSecond);
        Object peak = result.get("rss_peak_mb");
        if (peak != null) {
          rss.get(engine).add(((Number) peak).doubleValue());
        }
        progress.printf(
            "  throughput run %d %-13s %,12.0f records/s in %,.0f ms, peak RSS %s MB, correct%n",
            run,
            engine,
            recordsPerSecond,
            number(result, "elapsed_ms"),
            peak == null ? "?" : String.format("%.0f", (Number) peak));
      }
      if (thisRun.containsKey(PRODUCT) && thisRun.containsKey(PEER)) {
        ratios.add(thisRun.get(PRODUCT) / thisRun.get(PEER));
      }
    }
    Map<String, Object> notes = Map.of(
        "records",
        options.throughputRecords(),
        "stations",
        options.stations,
        "stale_fraction",
        0.05,
        "clock",
        "engine start -> output topic equals the expected totals");
    report.add(new Figure(
        "throughput." + PRODUCT,
        "Throughput, " + ENGINE_LABELS.get(PRODUCT),
        "records/s",
        rate.get(PRODUCT),
        null,
        true,
        notes));
    report.add(new Figure(
        "throughput." + PEER,
        "Throughput, " + ENGINE_LABELS.get(PEER),
        "records/s",
        rate.get(PEER),
        null,
        true,
        notes));
    report.add(new Figure(
        "throughput.ratio",
        "Throughput ratio citypulse / Kafka Streams",
        "x",
        ratios,
        1.5,
        true,
        Map.of("per_run", "ratio of the two engines within the same run")));
    report.add(new Figure(
        "memory." + PRODUCT,
        "Peak RSS under throughput load, " + ENGINE_LABELS.get(PRODUCT),
        "MB",
        rss.get(PRODUCT),
        1200.0,
        false,
        Map.of(
            "measured",
            "VmHWM after the pre-load (reset), whole process: broker + engine",
            "heap",
            options.heap)));
    report.add(new Figure(
        "memory." + PEER,
        "Peak RSS under throughput load, " + ENGINE_LABELS.get(PEER),
        "MB",
        rss.get(PEER),
        null,
        false,
        Map.of("heap", options.heap)));
  }

  // ---------------------------------------------------------------- latency

  public void latency() throws Exception {
    for (int rate : options.rates) {
      Map<String, Map<String, List<Double>>> byEngine = new LinkedHashMap<>();
      Map<String, List<Object>> runNotes = new LinkedHashMap<>();
      for (String engine : List.of(PRODUCT, PEER)) {
        byEngine.put(
            engine,
            Map.of("p50", new ArrayList<>(), "p95", new ArrayList<>(), "p99", new ArrayList<>()));
        runNotes.put(engine, new ArrayList<>());
      }
      for (int run = 1; run <= options.runs; run++) {
        for (String engine : engineOrder(run, options.engines)) {
          Map<String, String> params = new LinkedHashMap<>();
          params.put("engine", engine);
          params.put("rate", Integer.toString(rate));
          params.put("peer-cache-bytes", Long.toString(options.peerLatencyCacheBytes));
          params.put("warmup-ms", Long.toString(options.warmup.toMillis()));
          params.put("duration-ms", Long.toString(options.latencyDuration.toMillis()));
          params.put("stations", Integer.toString(options.stations));
          params.put("seed", Long.toString(options.seed));
          params.put("threads", Integer.toString(options.threads()));
          params.put("state-partitions", Integer.toString(options.statePartitions()));
          Map<String, Object> result =
              runWorker("latency", run, engine + " @" + rate + "/s", params);
          if (result == null || result.get("p50_ms") == null) {
            if (result != null) {
              report.addProblem(
                  "latency run " + run + ", " + engine + " @" + rate + "/s: no input was matched");
            }
            continue;
          }
          for (String p : List.of("p50", "p95", "p99")) {
            byEngine.get(engine).get(p).add(number(result, p + "_ms"));
          }
          Map<String, Object> note = new LinkedHashMap<>();
          note.put("run", run);
          note.put("achieved_rate", result.get("achieved_rate"));
          note.put("measured_inputs", result.get("measured_inputs"));
          note.put("unmatched", result.get("unmatched"));
          note.put("max_ms", result.get("max_ms"));
          note.put("first_output_after_start_ms", result.get("first_output_after_start_ms"));
          runNotes.get(engine).add(note);
          long unmatched = ((Number) result.get("unmatched")).longValue();
          if (unmatched > 0) {
            report.addProblem("latency run " + run + ", " + engine + " @" + rate + "/s: "
                + unmatched + " inputs never reflected by an aggregate within the drain time");
          }
          progress.printf(
              "  latency @%,d/s run %d %-13s p50 %7.1f  p95 %7.1f  p99 %7.1f  max %7.1f ms"
                  + " (achieved %,.0f/s, unmatched %d)%n",
              rate,
              run,
              engine,
              number(result, "p50_ms"),
              number(result, "p95_ms"),
              number(result, "p99_ms"),
              number(result, "max_ms"),
              number(result, "achieved_rate"),
              unmatched);
        }
      }
      boolean targeted = rate == 1000;
      for (String engine : List.of(PRODUCT, PEER)) {
        Map<String, Object> notes = Map.of(
            "runs",
            runNotes.get(engine),
            "warmup_s",
            options.warmup.toSeconds(),
            "measured_s",
            options.latencyDuration.toSeconds(),
            "window",
            "inputs sent from warm-up after the first aggregate, for the measured duration",
            "latency",
            "arrival of the first aggregate of the input's postcode with updated_at >= its fetched_at"
                + " minus fetched_at (= send time), one JVM clock");
        Map<String, List<Double>> p = byEngine.get(engine);
        boolean withTarget = targeted && engine.equals(PRODUCT);
        String prefix = "latency." + rate + "." + engine + ".";
        String label = String.format("Latency @%,d/s %s, ", rate, ENGINE_LABELS.get(engine));
        report.add(new Figure(
            prefix + "p50",
            label + "p50",
            "ms",
            p.get("p50"),
            withTarget ? 250.0 : null,
            false,
            notes));
        report.add(
            new Figure(prefix + "p95", label + "p95", "ms", p.get("p95"), null, false, Map.of()));
        report.add(new Figure(
            prefix + "p99",
            label + "p99",
            "ms",
            p.get("p99"),
            withTarget ? 600.0 : null,
            false,
            Map.of()));
      }
    }
  }

  // ---------------------------------------------------------------- start-up

  public void startup() throws Exception {
    Path jar = appJar();
    List<Double> firstAggregate = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    List<Double> dashboard = new ArrayList<>();
    for (int run = 1; run <= options.runs; run++) {
      Path dir = Files.createTempDirectory("citypulse-bench-startup-");
      try {
        Map<String, Object> result =
            StartupProbe.measure(jar, options.heap, dir, Duration.ofMinutes(3));
        warnIfBusy(number(result, "other_processes_cpu_share"), "startup run " + run);
        report.addRun("startup", run, result);
        firstAggregate.add(number(result, "first_aggregate_ms"));
        rss.add(number(result, "rss_peak_mb_at_first_aggregate"));
        if (result.get("dashboard_serving_ms") != null) {
          dashboard.add(number(result, "dashboard_serving_ms"));
        }
        progress.printf(
            "  startup run %d: first aggregate %,.0f ms after launch (output topic visible at %,.0f ms,"
                + " dashboard serving at %s ms), RSS %.0f MB%n",
            run,
            number(result, "first_aggregate_ms"),
            number(result, "output_topic_visible_ms"),
            result.get("dashboard_serving_ms"),
            number(result, "rss_peak_mb_at_first_aggregate"));
      } catch (RuntimeException e) {
        report.addProblem("startup run " + run + " failed: " + e.getMessage());
        report.addRun("startup", run, Map.of("error", String.valueOf(e.getMessage())));
      } finally {
        cleanUp(dir);
      }
    }
    report.add(new Figure(
        "startup.first_aggregate",
        "Start-up: launch of demo -> first aggregate",
        "ms",
        firstAggregate,
        8000.0,
        false,
        Map.of("app_jar", jar.toString(), "heap", options.heap)));
    report.add(new Figure(
        "startup.dashboard",
        "Start-up: launch of demo -> dashboard serving",
        "ms",
        dashboard,
        null,
        false,
        Map.of()));
    report.add(new Figure(
        "startup.rss",
        "Start-up: demo peak RSS at first aggregate",
        "MB",
        rss,
        null,
        false,
        Map.of()));
  }

  Path appJar() {
    return options.appJar != null ? options.appJar : reactorAppJar();
  }

  /** The citypulse.jar built with this bench: the reactor's, or one under the working directory. */
  static Path reactorAppJar() {
    List<Path> candidates = new ArrayList<>();
    try {
      Path self = Path.of(
          Suite.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // citypulse-bench/target/citypulse-bench.jar -> citypulse-app/target/citypulse.jar
      if (self.getParent() != null
          && self.getParent().getParent() != null
          && self.getParent().getParent().getParent() != null) {
        candidates.add(
            self.getParent().getParent().getParent().resolve("citypulse-app/target/citypulse.jar"));
      }
    } catch (Exception e) {
      // Fall back to the working directory.
    }
    candidates.add(Path.of("citypulse-app/target/citypulse.jar"));
    candidates.add(Path.of("../citypulse-app/target/citypulse.jar"));
    return candidates.stream()
        .filter(Files::isRegularFile)
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("citypulse.jar not found (looked at " + candidates
                + "); build it with ./mvnw -pl citypulse-bench -am package, or pass --app-jar"));
  }

  // ---------------------------------------------------------------- world

  /**
   * The whole pipeline on a generated world of GBFS systems ({@link WorldBench}); a run that fails
   * midway still reports what it measured.
   */
  public void world(WorldBench.Settings settings) throws Exception {
    WorldBench bench = new WorldBench(settings, report, progress);
    try {
      bench.run();
    } catch (RuntimeException e) {
      report.addProblem("world failed: " + e.getMessage());
      progress.println("  world FAILED: " + e.getMessage());
    } finally {
      bench.addFigures();
    }
  }

  // ---------------------------------------------------------------- loopback

  public void loopback() throws Exception {
    List<Double> produce = new ArrayList<>();
    List<Double> produceMb = new ArrayList<>();
    List<Double> consume = new ArrayList<>();
    for (int run = 1; run <= options.runs; run++) {
      Map<String, String> params = new LinkedHashMap<>();
      params.put("records", Long.toString(options.loopbackRecords));
      params.put("stations", Integer.toString(options.stations));
      params.put("seed", Long.toString(options.seed));
      Map<String, Object> result = runWorker("loopback", run, "raw producer/consumer", params);
      if (result == null) {
        continue;
      }
      produce.add(number(result, "produce_records_per_s"));
      produceMb.add(number(result, "produce_mb_per_s"));
      consume.add(number(result, "consume_records_per_s"));
      progress.printf(
          "  loopback run %d: produce %,.0f records/s (%.1f MB/s), consume %,.0f records/s%n",
          run,
          number(result, "produce_records_per_s"),
          number(result, "produce_mb_per_s"),
          number(result, "consume_records_per_s"));
    }
    Map<String, Object> notes = Map.of(
        "records",
        options.loopbackRecords,
        "producer",
        "acks=all, idempotent, compression none, linger.ms 20, batch.size 256 KB");
    report.add(new Figure(
        "loopback.produce",
        "Loopback: raw producer -> embedded broker",
        "records/s",
        produce,
        null,
        true,
        notes));
    report.add(new Figure(
        "loopback.produce_mb",
        "Loopback: raw producer -> embedded broker, bytes",
        "MB/s",
        produceMb,
        null,
        true,
        Map.of()));
    report.add(new Figure(
        "loopback.consume",
        "Loopback: raw consumer <- embedded broker",
        "records/s",
        consume,
        null,
        true,
        Map.of()));
  }

  // ---------------------------------------------------------------- parse

  public void parse() throws Exception {
    progress.println("  parse: JMH, 1 fork, " + ParseRunner.WARMUP_ITERATIONS + " warm-up + "
        + ParseRunner.MEASUREMENT_ITERATIONS + " measured iterations of "
        + ParseRunner.ITERATION_TIME + " per benchmark");
    List<Figure> figures = ParseRunner.run(options.heap, options.verbose);
    if (figures.isEmpty()) {
      report.addProblem("parse: JMH returned no result (rerun with --verbose)");
    }
    report.addAll(figures);
  }

  // ---------------------------------------------------------------- storage sinks

  static final String POSTGRES = "postgres";
  static final String PARQUET = "parquet";
  private static final Map<String, String> SINK_LABELS =
      Map.of(POSTGRES, "PostgreSQL", PARQUET, "Parquet");

  /**
   * The storage sinks on a backlog: per run, one worker per sink (PostgreSQL, Parquet), the two
   * alternating which goes first. A sink that did not store exactly N rows is a WRONG RESULT.
   */
  public void sinks() throws Exception {
    for (String sink : options.sinks) {
      if (!SINK_LABELS.containsKey(sink)) {
        throw new IllegalArgumentException("unknown sink '" + sink + "' (postgres, parquet)");
      }
    }
    long records = options.sinkRecords();
    Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
    Map<String, List<Object>> runNotes = new LinkedHashMap<>();
    for (String sink : List.of(POSTGRES, PARQUET)) {
      values.put(sink, new LinkedHashMap<>());
      runNotes.put(sink, new ArrayList<>());
    }
    for (int run = 1; run <= options.runs; run++) {
      for (String sink : sinkOrder(run, options.sinks)) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("sink", sink);
        params.put("records", Long.toString(records));
        params.put("stations", Integer.toString(options.stations));
        params.put("seed", Long.toString(options.seed));
        params.put("threads", Integer.toString(options.threads()));
        params.put("state-partitions", Integer.toString(options.statePartitions()));
        params.put(
            "timeout-seconds",
            Long.toString(options.workerTimeout.minusMinutes(1).toSeconds()));
        Map<String, Object> result = runWorker("sinks", run, sink, params);
        if (result == null) {
          continue;
        }
        if (!Boolean.TRUE.equals(result.get("correct"))) {
          report.addProblem("WRONG RESULT: sinks run " + run + ", " + sink
              + " did not store exactly " + records + " rows: " + result.get("mismatches"));
          continue;
        }
        Map<String, List<Double>> mine = values.get(sink);
        for (String key : List.of(
            "records_per_s",
            "records_per_s_after_first_batch",
            "batch_ms_mean",
            "batch_ms_p95",
            "batch_ms_p95_after_first",
            "first_batch_ms",
            "rss_peak_mb",
            "postgres_pss_mb_at_end",
            "files",
            "parquet_mb")) {
          if (result.get(key) instanceof Number n) {
            mine.computeIfAbsent(key, k -> new ArrayList<>()).add(n.doubleValue());
          }
        }
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("run", run);
        for (String key : List.of(
            "elapsed_ms",
            "data_batches",
            "batch_ms_mean_after_first",
            "add_batch_ms_mean",
            "worker_cpu_s_during_query",
            "postgres_cpu_s_during_query",
            "station_history_mb",
            "partition_directories",
            "other_processes_cpu_share")) {
          if (result.containsKey(key)) {
            note.put(key, result.get(key));
          }
        }
        runNotes.get(sink).add(note);
        progress.printf(
            "  sinks run %d %-8s %,10.0f records/s in %,.0f ms, %s batches (mean %.0f ms, p95 %s ms),"
                + " peak RSS %s MB%s%n",
            run,
            sink,
            number(result, "records_per_s"),
            number(result, "elapsed_ms"),
            result.get("data_batches"),
            number(result, "batch_ms_mean"),
            result.get("batch_ms_p95"),
            result.get("rss_peak_mb") instanceof Number n
                ? String.format("%.0f", n.doubleValue())
                : "?",
            sink.equals(PARQUET)
                ? String.format(
                    ", %s files, %.1f MB", result.get("files"), number(result, "parquet_mb"))
                : String.format(", server PSS %.0f MB", number(result, "postgres_pss_mb_at_end")));
      }
    }
    for (String sink : sinkOrder(1, options.sinks)) {
      Map<String, List<Double>> v = values.get(sink);
      String prefix = "sinks." + sink + ".";
      String label = "Sink " + SINK_LABELS.get(sink) + ", ";
      Map<String, Object> notes = new LinkedHashMap<>();
      notes.put("records", records);
      notes.put("stations", options.stations);
      notes.put("heap", options.heap);
      notes.put("runs", runNotes.get(sink));
      if (sink.equals(POSTGRES)) {
        notes.put(
            "job",
            "PostgresSinkJob, stream stations, trigger 100 ms, maxRecordsPerBatch 20,000, from earliest");
        notes.put(
            "clock",
            "query start() -> last PostgreSQL commit; correct = station_history rows == records");
      } else {
        notes.put(
            "job",
            "ParquetHistoryJob, stream stations, trigger 100 ms, maxOffsetsPerTrigger 50,000, from earliest");
        notes.put(
            "clock",
            "query start() -> end of the batch that read the last record;"
                + " correct = written == read back == distinct states == records");
      }
      report.add(new Figure(
          prefix + "throughput",
          label + "throughput",
          "records/s",
          list(v, "records_per_s"),
          null,
          true,
          notes));
      report.add(new Figure(
          prefix + "throughput_after_first",
          label + "throughput after 1st batch",
          "records/s",
          list(v, "records_per_s_after_first_batch"),
          null,
          true,
          Map.of(
              "clock", "rows of the later batches / end of the first batch -> end of the last")));
      report.add(new Figure(
          prefix + "batch_mean",
          label + "micro-batch mean",
          "ms",
          list(v, "batch_ms_mean"),
          null,
          false,
          Map.of("from", "durationMs.triggerExecution of the batches with input rows")));
      report.add(new Figure(
          prefix + "batch_p95",
          label + "micro-batch p95",
          "ms",
          list(v, "batch_ms_p95"),
          null,
          false,
          Map.of()));
      report.add(new Figure(
          prefix + "batch_p95_after_first",
          label + "micro-batch p95 after 1st",
          "ms",
          list(v, "batch_ms_p95_after_first"),
          null,
          false,
          Map.of()));
      report.add(new Figure(
          prefix + "first_batch",
          label + "first micro-batch",
          "ms",
          list(v, "first_batch_ms"),
          null,
          false,
          Map.of()));
      report.add(new Figure(
          prefix + "rss",
          label + "peak RSS (broker + Spark)",
          "MB",
          list(v, "rss_peak_mb"),
          null,
          false,
          Map.of("measured", "VmHWM of the worker JVM, reset after the pre-load")));
      if (sink.equals(POSTGRES)) {
        report.add(new Figure(
            prefix + "server_pss",
            label + "server PSS at end",
            "MB",
            list(v, "postgres_pss_mb_at_end"),
            null,
            false,
            Map.of("measured", "sum of Pss over the postmaster and its backends, after the run")));
      } else {
        report.add(new Figure(
            prefix + "files",
            label + "files written",
            "files",
            list(v, "files"),
            null,
            false,
            Map.of()));
        report.add(new Figure(
            prefix + "bytes",
            label + "bytes on disk",
            "MB",
            list(v, "parquet_mb"),
            null,
            false,
            Map.of("measured", "sum of the .parquet files (not the sink log or checksums)")));
      }
    }
  }

  /** Alternates which sink goes first, so neither always runs on a cooler machine. */
  static List<String> sinkOrder(int run, List<String> selected) {
    List<String> order = run % 2 == 1 ? List.of(POSTGRES, PARQUET) : List.of(PARQUET, POSTGRES);
    return order.stream().filter(selected::contains).toList();
  }

  private static List<Double> list(Map<String, List<Double>> values, String key) {
    return values.getOrDefault(key, List.of());
  }

  // ---------------------------------------------------------------- helpers

  /** Alternates which engine goes first, so neither always runs on a cooler machine. */
  static List<String> engineOrder(int run, List<String> selected) {
    List<String> order = run % 2 == 1 ? List.of(PRODUCT, PEER) : List.of(PEER, PRODUCT);
    return order.stream().filter(selected::contains).toList();
  }

  private static Map<String, List<Double>> engineLists() {
    Map<String, List<Double>> map = new LinkedHashMap<>();
    map.put(PRODUCT, new ArrayList<>());
    map.put(PEER, new ArrayList<>());
    return map;
  }

  /** Runs a worker in a fresh temporary directory; a failure becomes a reported problem and null. */
  private Map<String, Object> runWorker(
      String mode, int run, String what, Map<String, String> params) throws Exception {
    Path dir = Files.createTempDirectory("citypulse-bench-" + mode + "-");
    Map<String, String> withDir = new LinkedHashMap<>(params);
    withDir.put("dir", dir.toString());
    try {
      CpuContention contention = CpuContention.start();
      Map<String, Object> result =
          new LinkedHashMap<>(launcher.run(mode, withDir, dir, options.workerTimeout));
      Object childCpu = result.get("process_cpu_s");
      double others = contention.otherShare(childCpu instanceof Number n ? n.doubleValue() : 0);
      result.put("other_processes_cpu_share", others);
      warnIfBusy(others, mode + " run " + run + ", " + what);
      report.addRun(mode, run, result);
      if (result.containsKey("error")) {
        report.addProblem(mode + " run " + run + ", " + what + " failed: " + result.get("error")
            + " (root cause: " + result.get("root_cause") + ")");
        progress.printf("  %s run %d %s FAILED: %s%n", mode, run, what, result.get("root_cause"));
        return null;
      }
      return result;
    } catch (WorkerLauncher.WorkerFailedException e) {
      report.addProblem(mode + " run " + run + ", " + what + ": " + e.getMessage());
      report.addRun(mode, run, Map.of("engine", what, "error", String.valueOf(e.getMessage())));
      progress.printf("  %s run %d %s FAILED: %s%n", mode, run, what, e.getMessage());
      return null;
    } finally {
      cleanUp(dir);
    }
  }

  /** Other processes above this share of the CPU make a run's figures suspect. */
  static final double BUSY_SHARE = 0.10;

  private void warnIfBusy(double otherShare, String what) {
    if (otherShare > BUSY_SHARE) {
      String message = String.format(
          java.util.Locale.ROOT,
          "BUSY MACHINE: other processes used %.0f%% of the CPU during %s",
          otherShare * 100,
          what);
      report.addProblem(message);
      progress.println("  " + message);
    }
  }

  private void cleanUp(Path dir) throws IOException {
    if (options.keepWork) {
      progress.println("  (kept " + dir + ")");
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static double number(Map<String, Object> result, String key) {
    Object value = result.get(key);
    if (!(value instanceof Number n)) {
      throw new IllegalStateException("worker result has no number " + key + ": " + result);
    }
    return n.doubleValue();
  }
}
