package io.citypulse.app.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of the packaged jar. {@code run} and {@code demo} hold a Kafka broker and Spark in
 * one JVM, whose memory must be bounded: a jar manifest cannot set JVM options, and the default
 * maximum heap (a quarter of RAM) let the process grow past 2 GB under load. So for those two
 * commands the launcher starts a second JVM on the same jar with a bounded heap, forwards the
 * arguments, its own JVM options and the exit code, and stops it when it is stopped itself. Every
 * other command runs in this JVM.
 *
 * <p>Environment: {@value #HEAP_ENV} (default {@value #DEFAULT_HEAP}, ignored when the JVM was
 * given {@code -Xmx}), {@value #JAVA_OPTS_ENV} (extra JVM options), {@value #NO_FORK_ENV}{@code =1}
 * (run in this JVM, with its options).
 */
public final class Launcher {
  static final String HEAP_ENV = "CITYPULSE_HEAP";
  static final String JAVA_OPTS_ENV = "CITYPULSE_JAVA_OPTS";
  static final String NO_FORK_ENV = "CITYPULSE_NO_FORK";
  static final String DEFAULT_HEAP = "768m";
  /**
   * The collector unless one is given: on a heap under 1 GB and 2 cores, G1's concurrent
   * threads and write barriers took CPU from every micro-batch; the serial collector's young
   * pauses on this heap are a few ms. Latency benchmark at 1,000 records/s: p50 ~240 -> ~180 ms,
   * p99 ~560 -> ~470 ms.
   */
  static final String DEFAULT_GC = "-XX:+UseSerialGC";
  /** Set on the child JVM: run the command, and exit if the launcher disappears. */
  static final String PARENT_PID_PROPERTY = "citypulse.launcher.pid";

  private static final Set<String> HEAVY_COMMANDS = Set.of("run", "demo");

  private Launcher() {}

  public static void main(String[] args) throws Exception {
    String parentPid = System.getProperty(PARENT_PID_PROPERTY);
    if (parentPid != null) {
      exitWhenGone(Long.parseLong(parentPid));
      CitypulseCommand.main(args);
      return;
    }
    Path jar = runningJar();
    if (jar == null || !isHeavy(args) || "1".equals(System.getenv(NO_FORK_ENV))) {
      CitypulseCommand.main(args);
      return;
    }
    List<String> jvmOptions =
        new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
    long pid = ProcessHandle.current().pid();
    Optional<ClassDataArchive> classData = ClassDataArchive.locate(
        jar,
        System.getenv(),
        jvmOptions,
        System.getProperty("java.vm.name"),
        System.getProperty("java.vm.version"),
        System.getProperty("user.home"),
        pid);
    classData.ifPresent(archive -> jvmOptions.addAll(archive.jvmOptions()));
    List<String> command =
        childCommand(javaExecutable(), jvmOptions, System.getenv(), jar, args, pid);
    Process child = new ProcessBuilder(command).inheritIO().start();
    // Ctrl-C reaches both JVMs; SIGTERM may reach only this one: pass it on, then wait (the first
    // run also writes its class-data archive while exiting).
    Runtime.getRuntime()
        .addShutdownHook(new Thread(
            () -> {
              if (child.isAlive()) {
                child.destroy();
                try {
                  child.waitFor(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              classData.ifPresent(ClassDataArchive::publish);
            },
            "citypulse-launcher-stop"));
    int exitCode = child.waitFor();
    classData.ifPresent(ClassDataArchive::publish);
    System.exit(exitCode);
  }

  /** The child's command line: java, JVM options, a heap bound, the jar and the arguments. */
  static List<String> childCommand(
      String java,
      List<String> jvmOptions,
      Map<String, String> env,
      Path jar,
      String[] args,
      long parentPid) {
    List<String> command = new ArrayList<>();
    command.add(java);
    List<String> options = new ArrayList<>(jvmOptions);
    String extra = env.get(JAVA_OPTS_ENV);
    if (extra != null && !extra.isBlank()) {
      options.addAll(Arrays.asList(extra.trim().split("\\s+")));
    }
    boolean heapGiven = options.stream()
        .anyMatch(o -> o.startsWith("-Xmx")
            || o.startsWith("-XX:MaxHeapSize")
            || o.startsWith("-XX:MaxRAMPercentage"));
    if (!heapGiven) {
      String heap = env.getOrDefault(HEAP_ENV, DEFAULT_HEAP).trim();
      command.add("-Xmx" + (heap.isEmpty() ? DEFAULT_HEAP : heap));
    }
    boolean gcGiven = options.stream().anyMatch(o -> o.startsWith("-XX:+Use") && o.endsWith("GC"));
    if (!gcGiven) {
      command.add(DEFAULT_GC);
    }
    command.addAll(options);
    command.add("-D" + PARENT_PID_PROPERTY + "=" + parentPid);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(Arrays.asList(args));
    return command;
  }

  /** True for the commands that start a broker and Spark, unless only help is asked for. */
  static boolean isHeavy(String[] args) {
    String command =
        Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
    boolean help = Arrays.stream(args)
        .anyMatch(
            a -> a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version"));
    return HEAVY_COMMANDS.contains(command) && !help;
  }

  /** A child whose launcher was killed outright (no hook ran) must not run on unseen. */
  private static void exitWhenGone(long parentPid) {
    ProcessHandle.of(parentPid)
        .ifPresentOrElse(
            parent -> parent.onExit().thenRun(() -> {
              System.err.println("citypulse: the launcher process ended; stopping");
              System.exit(ExitCodes.FAILURE);
            }),
            () -> System.exit(ExitCodes.FAILURE));
  }

  private static Path runningJar() {
    try {
      Path location = Path.of(
          Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(location) && location.toString().endsWith(".jar")
          ? location
          : null;
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return null;
    }
  }

  private static String javaExecutable() throws IOException {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
