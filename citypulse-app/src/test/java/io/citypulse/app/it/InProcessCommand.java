package io.citypulse.app.it;

import static org.awaitility.Awaitility.await;

import io.citypulse.app.cli.CitypulseCommand;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A {@code citypulse <command>} run in this JVM on its own thread, as {@code CitypulseCommand.main}
 * would run it, with its output echoed to the test's standard output and kept for assertions.
 */
final class InProcessCommand implements AutoCloseable {
  private static final Duration STOP_WITHIN = Duration.ofSeconds(60);

  private final StringBuffer output = new StringBuffer();
  private final Echo echo = new Echo(output);
  private final Thread thread;
  private volatile Integer exitCode;

  private InProcessCommand(String[] args) {
    PrintWriter writer = new PrintWriter(echo, true);
    thread = new Thread(
        () -> exitCode = CitypulseCommand.execute(args, writer, writer), "citypulse-" + args[0]);
    thread.setDaemon(true);
  }

  /** Starts {@code citypulse args...} and returns at once. */
  static InProcessCommand start(String... args) {
    InProcessCommand run = new InProcessCommand(args);
    run.thread.start();
    return run;
  }

  /**
   * The first output line starting with {@code prefix}, polled until {@code timeout}.
   *
   * @throws AssertionError if the command ended first or the line did not come, with its output
   */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    AtomicReference<String> found = new AtomicReference<>();
    try {
      await()
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(100))
          .pollInSameThread()
          .until(() -> {
            Optional<String> line =
                output.toString().lines().filter(l -> l.startsWith(prefix)).findFirst();
            if (line.isPresent()) {
              found.set(line.get());
              return true;
            }
            if (!thread.isAlive()) {
              throw new AssertionError("the command ended (exit code " + exitCode
                  + ") before printing '" + prefix + "'; output:\n" + output);
            }
            return false;
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "no line starting with '" + prefix + "' within " + timeout + "; output:\n" + output, e);
    }
    return found.get();
  }

  boolean isRunning() {
    return thread.isAlive();
  }

  String output() {
    return output.toString();
  }

  /**
   * Stops the run and checks that the pipeline said it stopped. {@code demo} and {@code run} block
   * in Pipeline.awaitTermination until Ctrl-C, whose shutdown hook a test cannot trigger;
   * interrupting the thread ends that wait, and the command's try-with-resources stops the
   * pipeline and its feed server. The InterruptedException the command then reports is expected:
   * from here on the output is kept but no longer echoed.
   */
  @Override
  public void close() throws InterruptedException {
    int stopping = output.length();
    echo.quiet = true;
    thread.interrupt();
    thread.join(STOP_WITHIN.toMillis());
    if (thread.isAlive()) {
      throw new AssertionError("the command did not stop within " + STOP_WITHIN
          + " of an interrupt;" + " output:\n" + output);
    }
    String stopOutput = output.substring(stopping);
    System.out.println(stopOutput
        .lines()
        .filter(l -> l.startsWith("citypulse: stopped"))
        .findFirst()
        .orElseThrow(() ->
            new AssertionError("no 'citypulse: stopped' after the interrupt:\n" + stopOutput)));
  }

  /** Appends to the kept output and, unless quiet, echoes to System.out. */
  private static final class Echo extends Writer {
    private final StringBuffer kept;
    volatile boolean quiet;

    Echo(StringBuffer kept) {
      this.kept = kept;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      kept.append(chars, offset, length);
      if (!quiet) {
        System.out.print(new String(chars, offset, length));
      }
    }

    @Override
    public void flush() {
      System.out.flush();
    }

    @Override
    public void close() {}
  }
}
