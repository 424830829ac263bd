package io.citypulse.jobs.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * A job in a JVM of its own, for the tests that kill it with SIGKILL ({@code destroyForcibly})
 * in the middle of a micro-batch, and the checkpoint logs they watch to find that moment.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * Starts {@code main} with this JVM's class path; its standard output goes to {@code log}, its
   * standard error to {@code errorFile}.
   */
  public static Process start(Class<?> main, Path errorFile, Logger log, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // C1 only: the child lives for seconds, and compiles on the 2 cores the test shares with it.
    command.addAll(List.of("-Xmx768m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    // The same --add-opens Spark needs as this JVM (the parent pom's test.argLine).
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(arg -> arg.startsWith("--add-opens") || arg.startsWith("-Djdk.reflect"))
        .forEach(command::add);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Files.createDirectories(errorFile.toAbsolutePath().getParent());
    Process child =
        new ProcessBuilder(command).redirectError(errorFile.toFile()).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    Thread reader = new Thread(
        () -> {
          try {
            for (String line; (line = out.readLine()) != null; ) {
              log.info("[child] {}", line);
            }
          } catch (IOException e) {
            // The child is gone.
          }
        },
        main.getSimpleName() + "-stdout");
    reader.setDaemon(true);
    reader.start();
    return child;
  }

  /**
   * Ends the JVM when its standard input closes: a child must not outlive a test JVM that died
   * without killing it. Call first in the child's main.
   */
  public static void exitWithParent() {
    Thread watchdog = new Thread(
        () -> {
          try {
            while (System.in.read() >= 0) {
              // Nothing is sent; end of input means the parent is gone.
            }
          } catch (IOException e) {
            // Same: the parent is gone.
          }
          Runtime.getRuntime().halt(3);
        },
        "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** The highest batch id in a checkpoint's {@code offsets} or {@code commits} log, -1 if none. */
  public static long lastBatch(Path log) throws IOException {
    if (!Files.isDirectory(log)) {
      return -1;
    }
    try (var files = Files.list(log)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d+"))
          .mapToLong(Long::parseLong)
          .max()
          .orElse(-1);
    }
  }
}
