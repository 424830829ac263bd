package io.citypulse.bench.worker;

import io.citypulse.model.Json;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of a measured child JVM: {@code WorkerMain MODE key=value...}. Prints exactly one
 * line {@value #RESULT_PREFIX}JSON on stdout (logs go to stderr) and exits 0, or 1 after printing a
 * result with an {@code error}.
 */
public final class WorkerMain {
  public static final String RESULT_PREFIX = "BENCH-RESULT ";
  /** CPU seconds of processes a worker started itself (the pre-load JVM), added to its own. */
  static final String CHILD_CPU = "child_process_cpu_s";

  private WorkerMain() {}

  public static void main(String[] args) {
    // Spark and Kafka print to stdout now and then: keep stdout for the result line only.
    PrintStream resultOut = new PrintStream(
        new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    Map<String, Object> result;
    int exit = 0;
    try {
      if (args.length < 1) {
        throw new IllegalArgumentException(
            "usage: WorkerMain throughput|latency|loopback|sinks key=value...");
      }
      WorkerParams params = WorkerParams.parse(args, 1);
      result = switch (args[0]) {
        case "throughput" -> ThroughputWorker.run(params);
        case "preload" -> ThroughputWorker.preload(params);
        case "latency" -> LatencyWorker.run(params);
        case "loopback" -> LoopbackWorker.run(params);
        case "sinks" -> SinksWorker.run(params);
        case "sinks-preload" -> SinksWorker.preload(params);
        default -> throw new IllegalArgumentException("unknown worker mode " + args[0]);
      };
    } catch (Throwable t) {
      t.printStackTrace();
      result = new LinkedHashMap<>();
      result.put("error", String.valueOf(t));
      Throwable root = t;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      result.put("root_cause", String.valueOf(root));
      exit = 1;
    }
    double childCpu = result.get(CHILD_CPU) instanceof Number n ? n.doubleValue() : 0;
    result.put(
        "process_cpu_s", io.citypulse.bench.report.CpuContention.ownCpuNanos() / 1e9 + childCpu);
    resultOut.println(RESULT_PREFIX + Json.writeString(result));
    resultOut.flush();
    // Non-daemon threads of Spark or Kafka must not keep a finished worker alive.
    Runtime.getRuntime().halt(exit);
  }
}
