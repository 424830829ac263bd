package io.citypulse.bench.worker;

import com.fasterxml.jackson.core.type.TypeReference;
import io.citypulse.bench.BenchVersions;
import io.citypulse.model.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one measurement in its own JVM (so peak RSS is that engine's alone): the same java binary,
 * the bench classpath, Spark's --add-opens (the parent pom's list) and the given -Xmx.
 */
public final class WorkerLauncher {
  private final String heap;
  private final boolean verbose;

  /** @param heap passed as -Xmx to every worker, e.g. {@code 1g} */
  public WorkerLauncher(String heap, boolean verbose) {
    this.heap = heap;
    this.verbose = verbose;
  }

  /** The worker's JVM command line. */
  public List<String> command(String mode, Map<String, String> params) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.add("-Xmx" + heap);
    // The collector the app's launcher gives run and demo (Launcher.DEFAULT_GC), for both engines.
    command.add("-XX:+UseSerialGC");
    command.addAll(Arrays.asList(BenchVersions.load().jvmOpens().trim().split("\\s+")));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(WorkerMain.class.getName());
    command.add(mode);
    params.forEach((k, v) -> command.add(k + "=" + v));
    return command;
  }

  /**
   * Runs the worker and returns its result; a worker that fails still returns its result (with an
   * {@code error}) when it printed one.
   *
   * @throws WorkerFailedException if it printed no result or outlived {@code timeout}
   */
  public Map<String, Object> run(
      String mode, Map<String, String> params, Path runDir, Duration timeout)
      throws IOException, InterruptedException {
    Path log = runDir.resolve("worker-" + mode + ".log");
    Files.createDirectories(runDir);
    Process process =
        new ProcessBuilder(command(mode, params)).redirectError(log.toFile()).start();
    AtomicReference<String> resultLine = new AtomicReference<>();
    Thread reader = new Thread(
        () -> {
          try (BufferedReader in = new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
              if (line.startsWith(WorkerMain.RESULT_PREFIX)) {
                resultLine.set(line.substring(WorkerMain.RESULT_PREFIX.length()));
              } else if (verbose) {
                System.err.println("  [worker] " + line);
              }
            }
          } catch (IOException e) {
            // The process ended; whatever was read is all there is.
          }
        },
        "bench-worker-stdout");
    reader.setDaemon(true);
    reader.start();
    boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      throw new WorkerFailedException(mode + " worker did not finish within " + timeout.toSeconds()
          + " s; " + errorSummary(log));
    }
    reader.join(5_000);
    if (resultLine.get() == null) {
      throw new WorkerFailedException(mode + " worker exited " + process.exitValue()
          + " without a result; " + errorSummary(log));
    }
    Map<String, Object> result =
        Json.MAPPER.readValue(resultLine.get(), new TypeReference<Map<String, Object>>() {});
    if (result.containsKey("error")) {
      result.put("log_errors", errorSummary(log));
    }
    return result;
  }

  static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** The first distinct error lines of a log (a stack trace's tail says little), for messages. */
  public static String errorSummary(Path log) {
    try {
      List<String> errors = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
          .filter(l -> !l.startsWith("\tat ") && (l.contains("Exception") || l.contains("Error")))
          .map(String::strip)
          .distinct()
          .limit(6)
          .toList();
      return errors.isEmpty()
          ? "log tail:\n" + tail(log, 15)
          : "errors in the log:\n  " + String.join("\n  ", errors);
    } catch (IOException | RuntimeException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The last lines of a log file, for error messages. */
  public static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException e) {
      return "(no log: " + e + ")";
    }
  }

  /** A worker that produced no result. */
  public static final class WorkerFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WorkerFailedException(String message) {
      super(message);
    }
  }
}
