package io.citypulse.searchnode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the child's console (stdout and stderr merged) on a thread of its own, so the child never
 * blocks on a full pipe: completes {@link #ready()} with the port of the ready line, keeps the last
 * lines for error messages, and logs what the child prints once ready (errors only: it logs to
 * its file otherwise).
 */
final class ChildOutput {
  static final String READY = "citypulse-opensearch ready http=127.0.0.1:";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedSearchNode.class);
  private static final int KEPT_LINES = 15;

  private final CompletableFuture<Integer> ready = new CompletableFuture<>();
  private final Deque<String> lastLines = new ArrayDeque<>();

  private ChildOutput() {}

  static ChildOutput drain(Process process) {
    ChildOutput output = new ChildOutput();
    Thread reader =
        new Thread(() -> output.read(process), "opensearch-node-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    return output;
  }

  /** The HTTP port, once the child printed its ready line; fails if its output ends before. */
  CompletableFuture<Integer> ready() {
    return ready;
  }

  /**
   * The last lines of the child's console, then of its log, for an error message; the child's own
   * one-line reason (such as a home in use) comes first.
   */
  String tail(Path home) {
    StringBuilder tail = new StringBuilder();
    synchronized (lastLines) {
      if (!lastLines.isEmpty()) {
        tail.append(": ").append(String.join(System.lineSeparator(), lastLines));
      }
    }
    List<String> logLines = lastLinesOf(home.resolve("logs").resolve("opensearch.log"));
    if (!logLines.isEmpty()) {
      tail.append(System.lineSeparator())
          .append("last lines of ")
          .append(home.resolve("logs").resolve("opensearch.log"))
          .append(':')
          .append(System.lineSeparator())
          .append(String.join(System.lineSeparator(), logLines));
    }
    return tail.toString();
  }

  /** The port of a ready line, or -1 if the line is not one. */
  static int readyPort(String line) {
    if (!line.startsWith(READY)) {
      return -1;
    }
    try {
      return Integer.parseInt(line.substring(READY.length()).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void read(Process process) {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        int port = readyPort(line);
        if (port > 0 && !ready.isDone()) {
          ready.complete(port);
        } else if (ready.isDone()) {
          log.warn("OpenSearch node (pid {}): {}", process.pid(), line);
        } else {
          keep(line);
        }
      }
    } catch (IOException e) {
      // The pipe broke: the child is gone, as at end of file.
    }
    ready.completeExceptionally(new IOException("the node's output ended"));
  }

  private void keep(String line) {
    synchronized (lastLines) {
      if (lastLines.size() == KEPT_LINES) {
        lastLines.removeFirst();
      }
      lastLines.addLast(line);
    }
  }

  private static List<String> lastLinesOf(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return lines.subList(Math.max(0, lines.size() - KEPT_LINES), lines.size());
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
