package io.citypulse.app.it;

import io.citypulse.app.cli.CitypulseCommand;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@code citypulse <command>} run in this JVM on its own thread, as {@code CitypulseCommand.main}
 * would run it, with its output echoed to the test's standard output and kept for assertions.
 */
final class InProcessCommand implements AutoCloseable {
  private static final Duration STOP_WITHIN = Duration.ofSeconds(60);

  private final StringBuffer output = new StringBuffer();
  private final Thread thread;
  private volatile Integer exitCode;

  private InProcessCommand(String[] args) {
    PrintWriter writer = new PrintWriter(new Echo(output), true);
    thread = new Thread(() -> exitCode = CitypulseCommand.execute(args, writer, writer), "citypulse-" + args[0]);
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
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Optional<String> line = output.toString().lines().filter(l -> l.startsWith(prefix)).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      if (!thread.isAlive()) {
        throw new AssertionError("the command ended (exit code " + exitCode + ") before printing '"
            + prefix + "'; output:\n" + output);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no line starting with '" + prefix + "' within " + timeout + "; output:\n" + output);
  }

  boolean isRunning() {
    return thread.isAlive();
  }

  String output() {
    return output.toString();
  }

  /**
   * Stops the run as the end of its wait would: {@code demo} and {@code run} block in
   * Pipeline.awaitTermination until Ctrl-C, whose shutdown hook a test cannot trigger. Interrupting
   * the thread ends that wait, and the command's try-with-resources stops the pipeline and its
   * feed server (the InterruptedException it then reports is expected here).
   */
  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join(STOP_WITHIN.toMillis());
    if (thread.isAlive()) {
      throw new AssertionError("the command did not stop within " + STOP_WITHIN + " of an interrupt");
    }
  }

  /** Appends to the kept output and echoes to System.out. */
  private static final class Echo extends Writer {
    private final StringBuffer kept;

    Echo(StringBuffer kept) {
      this.kept = kept;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      kept.append(chars, offset, length);
      System.out.print(new String(chars, offset, length));
    }

    @Override
    public void flush() {
      System.out.flush();
    }

    @Override
    public void close() {}
  }
}
