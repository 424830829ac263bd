package io.citypulse.jobs.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.spark.launcher.SparkAppHandle;
import org.apache.spark.launcher.SparkLauncher;

/**
 * Submits citypulse's Spark jobs to a cluster through Spark's own launcher ({@link SparkLauncher},
 * which runs {@code $SPARK_HOME/bin/spark-submit}), as the documented {@code spark-submit} line
 * would, and follows the application's state.
 *
 * @param sparkHome a Spark installation (its {@code bin/spark-submit})
 * @param master {@code spark://...}, {@code yarn}, {@code k8s://...}
 * @param deployMode {@code client} (the driver runs in a child process of this one) or {@code
 *     cluster} (the cluster runs it)
 * @param jobsJar the lean jobs jar: the application's resource
 * @param mainClass the driver's main class
 * @param appArgs the driver's arguments
 * @param conf Spark settings ({@code --conf})
 */
public record ClusterSubmit(
    Path sparkHome,
    String master,
    String deployMode,
    Path jobsJar,
    String mainClass,
    List<String> appArgs,
    Map<String, String> conf) {

  /** How long a client-mode driver has to stop cleanly when this process is stopped. */
  static final Duration STOP_GRACE = Duration.ofSeconds(30);

  public ClusterSubmit {
    if (!Files.isExecutable(sparkHome.resolve("bin").resolve("spark-submit"))) {
      throw new IllegalArgumentException("no Spark at " + sparkHome
          + " (no bin/spark-submit): set SPARK_HOME or --spark-home to a Spark installation, e.g."
          + " the local cluster's ($CITYPULSE_CLUSTER_DIR/spark-home)");
    }
    if (!deployMode.equals("client") && !deployMode.equals("cluster")) {
      throw new IllegalArgumentException(
          "deploy mode must be client or cluster, got " + deployMode);
    }
    if (!Files.isRegularFile(jobsJar)) {
      throw new IllegalArgumentException("no jobs jar at " + jobsJar);
    }
    appArgs = List.copyOf(appArgs);
    conf = Map.copyOf(conf);
  }

  /** The {@code spark-submit} command line this submission amounts to (for the user to copy). */
  public List<String> commandLine() {
    List<String> line = new java.util.ArrayList<>(List.of(
        sparkHome.resolve("bin").resolve("spark-submit").toString(),
        "--master",
        master,
        "--deploy-mode",
        deployMode,
        "--class",
        mainClass));
    conf.forEach((key, value) -> line.addAll(List.of("--conf", key + "=" + value)));
    line.add(jobsJar.toString());
    line.addAll(appArgs);
    return line;
  }

  /** What became of a submission. */
  public enum Outcome {
    /** Client mode: the application ran and stopped cleanly. */
    FINISHED,
    /** Cluster mode: the cluster accepted the driver and runs it (its UI follows it). */
    SUBMITTED,
    /** It failed, was killed, or spark-submit ended in an error. */
    FAILED
  }

  /**
   * Submits and follows the application: in client mode until it ends (its driver is a child
   * process of this one), in cluster mode until the cluster has accepted the driver, which then
   * runs on its own (spark-submit in cluster mode does not wait for it, and its launcher reports
   * the application lost although the driver runs).
   *
   * @param states called with each state the launcher reports ({@code CONNECTED}, {@code
   *     SUBMITTED}, {@code RUNNING}, {@code FINISHED}, {@code FAILED}...) and the app id
   * @param output where the spark-submit process's output goes
   */
  public Outcome run(Consumer<String> states, File output) throws InterruptedException {
    SparkLauncher launcher = new SparkLauncher()
        .setSparkHome(sparkHome.toString())
        .setMaster(master)
        .setDeployMode(deployMode)
        .setAppResource(jobsJar.toString())
        .setMainClass(mainClass)
        .setAppName("citypulse")
        .addAppArgs(appArgs.toArray(String[]::new))
        .redirectError()
        .redirectOutput(output);
    conf.forEach(launcher::setConf);
    CountDownLatch done = new CountDownLatch(1);
    SparkAppHandle.Listener listener = new SparkAppHandle.Listener() {
      @Override
      public void stateChanged(SparkAppHandle app) {
        // In cluster mode spark-submit ends once the driver runs, which the launcher calls LOST.
        boolean submittedAway =
            deployMode.equals("cluster") && app.getState() == SparkAppHandle.State.LOST;
        if (!submittedAway) {
          states.accept(
              app.getState() + (app.getAppId() == null ? "" : " (" + app.getAppId() + ")"));
        }
        if (app.getState().isFinal()) {
          done.countDown();
        }
      }

      @Override
      public void infoChanged(SparkAppHandle app) {}
    };
    SparkAppHandle handle;
    try {
      handle = launcher.startApplication(listener);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + sparkHome + "/bin/spark-submit", e);
    }
    if (deployMode.equals("client")) {
      // Ctrl-C of this process stops the driver it started (spark-submit runs it in a child
      // process): SIGTERM, so that it stops its jobs cleanly, then SIGKILL after a grace period.
      // (The launcher's stop() left the driver's JVM running when tried.)
      Thread stop = new Thread(
          () -> {
            List<ProcessHandle> children = ProcessHandle.current().children().toList();
            children.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + STOP_GRACE.toNanos();
            for (ProcessHandle child : children) {
              try {
                child.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
              } catch (ExecutionException | TimeoutException | InterruptedException e) {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
              }
            }
          },
          "citypulse-submit-stop");
      Runtime.getRuntime().addShutdownHook(stop);
    }
    done.await();
    SparkAppHandle.State state = handle.getState();
    if (state == SparkAppHandle.State.FINISHED) {
      return Outcome.FINISHED;
    }
    boolean submitted = deployMode.equals("cluster")
        && state == SparkAppHandle.State.LOST
        && handle.getError().isEmpty();
    return submitted ? Outcome.SUBMITTED : Outcome.FAILED;
  }
}
