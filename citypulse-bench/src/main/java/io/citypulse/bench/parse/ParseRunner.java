package io.citypulse.bench.parse;

import io.citypulse.bench.stats.Figure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs {@link FeedParseBenchmark} with JMH (one fork, short iterations) and turns it into figures. */
public final class ParseRunner {
  private ParseRunner() {}

  public static final int WARMUP_ITERATIONS = 5;
  public static final int MEASUREMENT_ITERATIONS = 10;
  public static final TimeValue ITERATION_TIME = TimeValue.seconds(1);

  /** Targets of the issue, in ms per parse. */
  private static final Map<String, Double> TARGETS = Map.of(
      "velibStationStatus1500", 1.0,
      "gbfs30StationStatus100k", 60.0);

  private static final Map<String, String> LABELS = Map.of(
      "velibStationStatus1500", "Parse Vélib' status, 1,500 stations",
      "gbfs30StationStatus100k", "Parse GBFS 3.0 status, 100,000 stations",
      "velibRecords1500", "Vélib' status+info -> StationRecords, 1,500");

  public static List<Figure> run(String heap, boolean verbose) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(FeedParseBenchmark.class.getName() + "\\.")
        .forks(1)
        .warmupIterations(WARMUP_ITERATIONS)
        .warmupTime(ITERATION_TIME)
        .measurementIterations(MEASUREMENT_ITERATIONS)
        .measurementTime(ITERATION_TIME)
        .timeUnit(TimeUnit.MILLISECONDS)
        .jvmArgs("-Xmx" + heap)
        .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    List<Figure> figures = new ArrayList<>();
    for (RunResult run : results) {
      String method = run.getParams().getBenchmark();
      method = method.substring(method.lastIndexOf('.') + 1);
      List<Double> perIteration = new ArrayList<>();
      for (BenchmarkResult b : run.getBenchmarkResults()) {
        for (IterationResult it : b.getIterationResults()) {
          perIteration.add(it.getPrimaryResult().getScore());
        }
      }
      Map<String, Object> notes = new LinkedHashMap<>();
      notes.put("jmh_score", run.getPrimaryResult().getScore());
      notes.put("jmh_error_99_9", run.getPrimaryResult().getScoreError());
      notes.put("mode", "AverageTime, one value per measurement iteration");
      notes.put("forks", 1);
      notes.put("warmup", WARMUP_ITERATIONS + " x " + ITERATION_TIME);
      notes.put("measurement", MEASUREMENT_ITERATIONS + " x " + ITERATION_TIME);
      Double target = TARGETS.get(method);
      figures.add(new Figure(
          "parse." + method,
          LABELS.getOrDefault(method, method),
          "ms",
          perIteration,
          target,
          false,
          notes));
    }
    List<String> order = List.of(
        "parse.velibStationStatus1500", "parse.gbfs30StationStatus100k", "parse.velibRecords1500");
    figures.sort(java.util.Comparator.comparingInt(f -> order.indexOf(f.id())));
    return figures;
  }
}
