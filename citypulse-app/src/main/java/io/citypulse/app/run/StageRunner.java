package io.citypulse.app.run;

import io.citypulse.app.cli.ExitCodes;
import io.citypulse.app.cli.UserFacingException;
import io.citypulse.app.config.ConfigException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a plan's stages, each on its own thread as soon as the stages it needs have started (so
 * independent ones start side by side), stops them in reverse plan order, and turns a failure
 * into one user-facing error. It knows nothing of Kafka, Spark or sinks: those are stages.
 */
public final class StageRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);

  private final List<PlannedStage> plan;
  private final StageContext context;
  /** Started stages by name; guarded by itself, together with {@link #closed}. */
  private final Map<String, Running> started = new HashMap<>();

  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CompletableFuture<RuntimeException> foregroundFailure = new CompletableFuture<>();
  private boolean closed;
  private volatile String backgroundFailure;

  private StageRunner(List<PlannedStage> plan, PrintWriter out, Clock clock) {
    this.plan = List.copyOf(plan);
    this.context = new StageContext(out, clock);
  }

  /**
   * Starts every stage and returns once the foreground ones run (background ones go on starting).
   *
   * @throws UserFacingException or {@link ConfigException} if a foreground stage fails; whatever
   *     had started is stopped first
   */
  public static StageRunner start(List<PlannedStage> plan, PrintWriter out, Clock clock) {
    StageRunner runner = new StageRunner(plan, out, clock);
    runner.startAll();
    return runner;
  }

  /** Prints a line on the run's output, as the stages do. */
  void announce(String line) {
    context.announce(line);
  }

  /** The value a stage provided, null if none did (e.g. that stage is not in the plan). */
  <T> T provided(StageContext.Key<T> key) {
    return context.getIfProvided(key);
  }

  private void startAll() {
    Map<String, PlannedStage> byName = validate(plan);
    Map<String, CompletableFuture<Void>> done = new LinkedHashMap<>();
    List<CompletableFuture<Void>> foreground = new ArrayList<>();
    for (PlannedStage stage : plan) {
      CompletableFuture<?>[] needs =
          stage.needs().stream().map(done::get).toArray(CompletableFuture[]::new);
      boolean background = isBackground(stage, byName);
      CompletableFuture<Void> started = CompletableFuture.allOf(needs)
          .thenRunAsync(() -> startOne(stage, background), task -> startThread(stage, task));
      done.put(stage.name(), started);
      if (background) {
        started.whenComplete((ok, failure) -> {
          if (failure != null) {
            onBackgroundFailure(stage, failure);
          }
        });
      } else {
        foreground.add(started);
      }
    }
    CompletableFuture<Void> allForeground =
        CompletableFuture.allOf(foreground.toArray(CompletableFuture[]::new));
    // The first failure ends the wait at once: the stages still starting are stopped by close().
    Object outcome = CompletableFuture.anyOf(
            allForeground.handle((ok, e) -> null), foregroundFailure)
        .join();
    RuntimeException failure =
        outcome instanceof RuntimeException e ? e : foregroundFailure.getNow(null);
    if (failure != null) {
      close();
      throw failure;
    }
  }

  /** @param background its failure is reported by {@link #awaitTermination}, not by start() */
  private void startOne(PlannedStage stage, boolean background) {
    synchronized (started) {
      if (closed) {
        return;
      }
    }
    Running running;
    try {
      running = stage.stage().start(context);
    } catch (Exception | LinkageError e) {
      RuntimeException user = userError(stage, e);
      if (!background) {
        foregroundFailure.complete(user);
      }
      throw user;
    }
    synchronized (started) {
      if (!closed) {
        started.put(stage.name(), running);
        return;
      }
    }
    // Stopped while this stage was starting (Ctrl-C during start-up): it stops at once.
    stop(stage, running);
  }

  private static void startThread(PlannedStage stage, Runnable task) {
    Thread thread = new Thread(task, "citypulse-start-" + stage.name());
    thread.setDaemon(true);
    thread.start();
  }

  private void onBackgroundFailure(PlannedStage stage, Throwable failure) {
    synchronized (started) {
      if (closed) {
        return;
      }
    }
    Throwable cause = unwrap(failure);
    backgroundFailure = cause instanceof UserFacingException || cause instanceof ConfigException
        ? cause.getMessage()
        : userError(stage, cause).getMessage();
    stopRequested.countDown();
  }

  /**
   * The one place where a stage's failure becomes what the user reads: the stage's own
   * user-facing message when it has one, else "{@code <stage>}: what went wrong".
   */
  static RuntimeException userError(PlannedStage stage, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof UserFacingException || cause instanceof ConfigException) {
      return (RuntimeException) cause;
    }
    String what = cause instanceof TimeoutException ? "did not start in time" : "cannot start";
    return new UserFacingException(stage.name() + ": " + what + ": " + cause.getMessage(), cause);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Checks names are unique and that each stage needs only stages listed before it. */
  static Map<String, PlannedStage> validate(List<PlannedStage> plan) {
    Map<String, PlannedStage> byName = new LinkedHashMap<>();
    for (PlannedStage stage : plan) {
      for (String need : stage.needs()) {
        if (!byName.containsKey(need)) {
          throw new IllegalArgumentException(
              "stage " + stage.name() + " needs " + need + ", which is not listed before it");
        }
      }
      if (byName.putIfAbsent(stage.name(), stage) != null) {
        throw new IllegalArgumentException("two stages are named " + stage.name());
      }
    }
    return byName;
  }

  /** A stage is in the background if it says so or needs one that is. */
  static boolean isBackground(PlannedStage stage, Map<String, PlannedStage> byName) {
    return stage.background()
        || stage.needs().stream().anyMatch(need -> isBackground(byName.get(need), byName));
  }

  /**
   * Blocks until {@link #close()} is called (Ctrl-C) or a started stage fails on its own.
   *
   * @return the process exit code
   */
  public int awaitTermination() throws InterruptedException {
    return awaitTermination(() -> false);
  }

  /**
   * Like {@link #awaitTermination()}, and also returns {@link ExitCodes#OK} (without stopping
   * anything: the caller closes) once {@code finished}, checked every second, says so.
   */
  int awaitTermination(java.util.function.BooleanSupplier finished) throws InterruptedException {
    while (!stopRequested.await(1, TimeUnit.SECONDS)) {
      if (finished.getAsBoolean()) {
        return ExitCodes.OK;
      }
      for (Map.Entry<String, Running> stage : snapshot().entrySet()) {
        String failure = stage.getValue().failure();
        if (failure != null) {
          synchronized (started) {
            if (closed) {
              return ExitCodes.OK;
            }
          }
          context.announce(failure);
          return ExitCodes.FAILURE;
        }
      }
    }
    synchronized (started) {
      if (closed) {
        return ExitCodes.OK;
      }
    }
    if (backgroundFailure != null) {
      context.announce(backgroundFailure);
      return ExitCodes.FAILURE;
    }
    return ExitCodes.OK;
  }

  private Map<String, Running> snapshot() {
    synchronized (started) {
      return new LinkedHashMap<>(started);
    }
  }

  /** Stops every started stage in reverse plan order; safe to call twice and from a shutdown hook. */
  @Override
  public void close() {
    synchronized (started) {
      if (closed) {
        return;
      }
      closed = true;
    }
    stopRequested.countDown();
    context.cancelWaits();
    for (int i = plan.size() - 1; i >= 0; i--) {
      PlannedStage stage = plan.get(i);
      Running running;
      synchronized (started) {
        running = started.remove(stage.name());
      }
      if (running != null) {
        stop(stage, running);
      }
    }
    context.announce("stopped");
  }

  private static void stop(PlannedStage stage, Running running) {
    try {
      running.close();
    } catch (Exception e) {
      LOG.warn("while stopping {}: {}", stage.name(), e.toString());
    }
  }
}
