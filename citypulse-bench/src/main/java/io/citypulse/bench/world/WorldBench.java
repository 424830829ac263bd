package io.citypulse.bench.world;

import io.citypulse.bench.report.CpuContention;
import io.citypulse.bench.report.Report;
import io.citypulse.bench.startup.StartupProbe;
import io.citypulse.bench.stats.Figure;
import io.citypulse.bench.worker.ProcStatus;
import io.citypulse.model.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code citypulse-bench world}: the whole pipeline, launched as a user launches it ({@code java
 * -jar citypulse.jar run --systems ...}), on a generated world of GBFS systems served from this
 * JVM, with every published total checked against an independent sum ({@link WorldModel}).
 *
 * <p>Phases, each timed: (a) launch until every total is exact; (b) steady polling for a while:
 * polls per round, Spark's input lag, memory and CPU, and every record must stay exact; (c) the
 * world rewritten in place by {@code sample-feed --minutes M} while served, until exact again;
 * (d) kill -9 of the pipeline's whole process tree and a relaunch of the same command on the same
 * state directory, until every total has been published again and is exact, with every record
 * after the kill compared as it arrives (a double count shows as a system with more stations than
 * it has); then a clean stop.
 */
public final class WorldBench {
  /** Other processes above this share of the CPU make a phase's figures suspect. */
  static final double BUSY_SHARE = 0.10;

  /** How often the totals are compared while waiting for them to be exact. */
  private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

  private static final Pattern SAMPLE_FEED_STATIONS =
      Pattern.compile("sample-feed: (\\d+) systems, (\\d+) stations");

  /**
   * What to run.
   *
   * @param appJar the citypulse.jar whose pipeline is measured
   * @param worldJar the citypulse.jar that writes the world (the one built with this bench, whose
   *     generator {@link WorldModel} reproduces)
   * @param area {@code aggregate.area}, or blank to leave the build's default
   * @param sets further {@code --set KEY=VALUE} of the run
   */
  public record Settings(
      Path appJar,
      Path worldJar,
      int systems,
      long seed,
      int minutes,
      Duration interval,
      String area,
      List<String> sets,
      Duration steady,
      boolean kill,
      String heap,
      Duration sampleEvery,
      Duration phaseTimeout,
      boolean etags,
      boolean keepWork,
      boolean verbose) {
    public Settings {
      sets = List.copyOf(sets);
    }
  }

  private final Settings settings;
  private final Report report;
  private final PrintStream progress;
  private final int cores = Runtime.getRuntime().availableProcessors();

  private final WorldTotals totals = new WorldTotals();
  private final List<WorldStatusLine.Timed> lines = new ArrayList<>();
  private final List<Point> points = new ArrayList<>();
  private final Map<String, Object> result = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> phases = new LinkedHashMap<>();

  private WorldConsumer consumer;
  private Life life;
  private int lives;
  private double treeCpuSeconds;
  private double peakRssMb;
  private double extraChildCpuSeconds;
  private boolean cellsChecked;
  private long nextSample;
  private long nextCheck;
  private WorldTotals.Check lastCheck;
  private long lastCheckRecords;
  private WorldTotals.Scope lastCheckScope;
  private WorldModel checkedAgainst;
  private long checkedFreshSince;

  public WorldBench(Settings settings, Report report, PrintStream progress) {
    this.settings = settings;
    this.report = report;
    this.progress = progress;
  }

  /** One launch of the pipeline: its process tree and its log. */
  private static final class Life {
    final int number;
    final Process process;
    final ProcessTree tree;
    final Path log;
    final LogFollower follower;
    final long launchedNanos;
    double lastCpuSeconds;

    Life(int number, Process process, Path log, long launchedNanos) {
      this.number = number;
      this.process = process;
      this.tree = new ProcessTree(process.toHandle());
      this.log = log;
      this.follower = new LogFollower(log);
      this.launchedNanos = launchedNanos;
    }
  }

  /** A sample of the process tree: cumulative CPU over every life so far. */
  record Point(long atNanos, double rssMb, double peakRssMb, double cpuSeconds, String phase) {}

  // ---------------------------------------------------------------- the run

  public void run() throws Exception {
    Path dir = Files.createTempDirectory("citypulse-bench-world-");
    Path world = Files.createDirectories(dir.resolve("world"));
    result.put("app_jar", settings.appJar().toAbsolutePath().toString());
    result.put("world_jar", settings.worldJar().toAbsolutePath().toString());
    try (WorldFileServer files = WorldFileServer.start(world, settings.etags())) {
      result.put("served_at", files.baseUrl().toString());
      try {
        measure(dir, world, files);
      } finally {
        result.put("http_requests", files.requests());
        result.put("http_not_found", files.notFound());
        result.put("http_not_modified", files.notModified());
        if (consumer != null) {
          consumer.close();
        }
        if (life != null && life.process.isAlive()) {
          killTree(life);
        }
        result.put("phases", phases);
        result.put("samples", samplesJson());
        report.addRun("world", 1, result);
      }
    } finally {
      cleanUp(dir);
    }
  }

  private void measure(Path dir, Path world, WorldFileServer files) throws Exception {
    // The world, and what its totals must be.
    progress.printf(
        "  world: writing %,d systems (seed %d) with %s%n",
        settings.systems(), settings.seed(), settings.worldJar());
    long written = System.nanoTime();
    String out =
        runJava(sampleFeed(world, files.baseUrl(), List.of()), dir.resolve("sample-feed-0.log"));
    result.put("world_written_s", seconds(System.nanoTime() - written));
    Set<String> keys = configKeys();
    String area = settings.area() == null ? "" : settings.area().strip();
    if (!area.isEmpty() && !keys.isEmpty() && !keys.contains("aggregate.area")) {
      report.addProblem("world: " + settings.appJar() + " has no aggregate.area setting: run with"
          + " the build's own areas, checked through the grand total and per system only");
      area = "";
    }
    int resolution = cellResolution(area);
    cellsChecked = resolution != WorldModel.NO_CELLS;
    long modelled = System.nanoTime();
    WorldModel first = WorldModel.of(settings.seed(), settings.systems(), 0, resolution);
    WorldModel changed =
        WorldModel.of(settings.seed(), settings.systems(), settings.minutes(), resolution);
    long stationsChanged =
        WorldModel.changedStations(settings.seed(), settings.systems(), 0, settings.minutes());
    result.put("model_s", seconds(System.nanoTime() - modelled));
    checkWorldMatchesModel(out, first);
    result.put("systems_in_world", settings.systems());
    result.put("systems_polled", first.systems().size());
    result.put("systems_needing_credentials", first.needCredentials().size());
    result.put("stations_in_world", first.worldStations());
    result.put("stations_polled", first.total().stations());
    result.put("areas_expected", first.areas().size());
    progress.printf(
        "  world: %,d stations (%,d in %,d polled systems, %d set aside: credentials), %,d areas;"
            + " served at %s%n",
        first.worldStations(),
        first.total().stations(),
        first.systems().size(),
        first.needCredentials().size(),
        first.areas().size(),
        files.baseUrl());

    List<String> command = runCommand(world, dir, area, keys);
    result.put("command", String.join(" ", command));
    consumer = new WorldConsumer(
        bootstrapServers(command), Topics.POSTCODE_AVAILABILITY, Topics.SYSTEM_TOTALS, totals);

    // (a) launch -> every total exact.
    Map<String, Object> a = phase("first_round");
    CpuContention contention = CpuContention.start();
    double cpuAtStart = treeCpuSeconds;
    launch(command, dir);
    consumer.start();
    boolean exact = waitExact(first, WorldTotals.ANY_TIME, "first round", () -> true);
    a.put("launch_to_exact_s", exact ? seconds(System.nanoTime() - life.launchedNanos) : null);
    // Status lines start once the Spark job runs: an upper bound of the first round's polls.
    a.put("first_status_line_all_systems_ok_s", everySystemPolledAfter(first));
    endPhase(a, contention, cpuAtStart);
    WorldTotals.Scope scope = scope();
    result.put("checked", scope.describe());
    if (scope != WorldTotals.Scope.SYSTEMS_AND_AREAS) {
      // Not a wrong result: what this build publishes allows no more (an older build, --area).
      report.addProblem("world: checked " + scope.describe());
    }
    if (!exact) {
      notExact("first round (launch -> every total exact)", a);
      return;
    }
    progress.printf(
        "  (a) launch -> every total exact: %.1f s (checked: %s)%n",
        number(a, "launch_to_exact_s"), scope.describe());

    // (b) steady polling.
    if (settings.steady().compareTo(settings.interval()) < 0) {
      progress.printf(
          "  (steady %s is shorter than one round of %s: no polls per round to count)%n",
          settings.steady(), settings.interval());
    }
    Map<String, Object> b = phase("steady");
    contention = CpuContention.start();
    cpuAtStart = treeCpuSeconds;
    long steadyStart = System.nanoTime();
    totals.watch(first, scope);
    waitFor(settings.steady());
    WorldTotals.WatchResult steadyWatch = totals.stopWatching();
    long steadyEnd = System.nanoTime();
    b.put("records_checked", steadyWatch.checked());
    b.put("records_wrong", steadyWatch.wrong());
    WorldTotals.Check afterSteady = totals.check(first, scope, WorldTotals.ANY_TIME);
    b.put("exact_at_end", afterSteady.exact());
    steadyFigures(b, steadyStart, steadyEnd, first.systems().size());
    endPhase(b, contention, cpuAtStart);
    if (steadyWatch.wrong() > 0 || !afterSteady.exact()) {
      report.addProblem("WRONG RESULT: world steady polling: " + steadyWatch.wrong() + " of "
          + steadyWatch.checked() + " records differed from the expected totals"
          + (afterSteady.exact() ? "" : "; not exact at the end: " + afterSteady.mismatches())
          + "; first: " + steadyWatch.examples());
    }
    progress.printf(
        "  (b) steady %s: polls per round %s, lag max %s, records checked %,d, wrong %,d%n",
        settings.steady(),
        b.get("polls_per_round"),
        b.get("lag_max"),
        steadyWatch.checked(),
        steadyWatch.wrong());

    // (c) the world changes in place.
    Map<String, Object> c = phase("world_change");
    contention = CpuContention.start();
    cpuAtStart = treeCpuSeconds;
    long reaped = reapedChildrenTicks();
    WorldStatusLine beforeChange = lastLine();
    long publishedBefore = beforeChange == null ? 0 : beforeChange.published();
    c.put("stations_changed", stationsChanged);
    long rewriteStart = System.nanoTime();
    runJavaWhileSampling(
        sampleFeed(
            world, files.baseUrl(), List.of("--minutes", Integer.toString(settings.minutes()))),
        dir.resolve("sample-feed-" + settings.minutes() + ".log"));
    long rewriteEnd = System.nanoTime();
    extraChildCpuSeconds += (reapedChildrenTicks() - reaped) / CpuContention.TICKS_PER_SECOND;
    c.put("rewrite_s", seconds(rewriteEnd - rewriteStart));
    // Bikes move within their system: the per-system and grand totals stay the same, so the
    // change also has to show in the status lines (every changed station published, then lag 0).
    BooleanSupplier through = () -> WorldStatusLine.changesThrough(
            linesOfThisLife(rewriteStart, System.nanoTime()), publishedBefore, stationsChanged)
        != null;
    exact = waitExact(changed, WorldTotals.ANY_TIME, "world change", through);
    long changedExact = System.nanoTime();
    Long throughAt = WorldStatusLine.changesThrough(
        linesOfThisLife(rewriteStart, changedExact), publishedBefore, stationsChanged);
    c.put("rewrite_end_to_published_s", throughAt == null ? null : seconds(throughAt - rewriteEnd));
    WorldStatusLine afterChange = lastLine();
    c.put(
        "published_in_change",
        afterChange == null ? null : afterChange.published() - publishedBefore);
    c.put("rewrite_end_to_exact_s", exact ? seconds(changedExact - rewriteEnd) : null);
    c.put("rewrite_start_to_exact_s", exact ? seconds(changedExact - rewriteStart) : null);
    List<WorldStatusLine.Timed> changing = linesOfThisLife(rewriteStart, changedExact);
    c.put("lag_max", maxLag(changing));
    c.put("lag_longest_above_zero_s", WorldStatusLine.longestLagAboveZero(changing));
    endPhase(c, contention, cpuAtStart);
    if (!exact) {
      notExact("world change (sample-feed --minutes " + settings.minutes() + ")", c);
      stopCleanly();
      return;
    }
    progress.printf(
        "  (c) world change: rewrite %.1f s, then exact after %.1f s%n",
        number(c, "rewrite_s"), number(c, "rewrite_end_to_exact_s"));

    // (d) kill -9 and relaunch.
    if (settings.kill()) {
      Map<String, Object> d = phase("kill_and_restart");
      contention = CpuContention.start();
      cpuAtStart = treeCpuSeconds;
      totals.watch(changed, scope);
      sample("kill_and_restart");
      long killed = System.nanoTime();
      killTree(life);
      d.put("kill_s", seconds(System.nanoTime() - killed));
      launch(command, dir);
      long relaunched = life.launchedNanos;
      exact = waitExact(changed, relaunched, "restart", () -> true);
      long back = System.nanoTime();
      d.put("kill_to_exact_s", exact ? seconds(back - killed) : null);
      d.put("relaunch_to_exact_s", exact ? seconds(back - relaunched) : null);
      // A little longer: the last batches of the catch-up must not spoil a total either.
      waitFor(Duration.ofSeconds(Math.min(30, settings.interval().toSeconds())));
      WorldTotals.WatchResult afterKill = totals.stopWatching();
      d.put("records_checked", afterKill.checked());
      d.put("records_wrong", afterKill.wrong());
      d.put("records_exceeding", afterKill.exceeding());
      endPhase(d, contention, cpuAtStart);
      if (!exact) {
        notExact("restart after kill -9", d);
      } else {
        progress.printf(
            "  (d) kill -9 -> exact again: %.1f s (relaunch -> exact %.1f s), records checked %,d,"
                + " wrong %,d%n",
            number(d, "kill_to_exact_s"),
            number(d, "relaunch_to_exact_s"),
            afterKill.checked(),
            afterKill.wrong());
      }
      if (afterKill.wrong() > 0) {
        report.addProblem("WRONG RESULT: world after kill -9: " + afterKill.wrong() + " of "
            + afterKill.checked() + " records differed from the expected totals, "
            + afterKill.exceeding() + " counting more stations than expected (double count);"
            + " first: " + afterKill.examples());
      }
    }
    stopCleanly();
  }

  // ---------------------------------------------------------------- the pipeline's process

  /** {@code java -Xmx<heap> -jar APP run --systems ...}, as a user runs it. */
  private List<String> runCommand(Path world, Path dir, String area, Set<String> keys)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(StartupProbe.javaBinary());
    command.add("-Xmx" + settings.heap());
    command.add("-jar");
    command.add(settings.appJar().toAbsolutePath().toString());
    command.add("run");
    command.add("--systems");
    command.add(world.resolve("systems.csv").toString());
    command.add("--no-geocoder");
    command.add("--no-weather");
    // --no-dashboard came after the dashboard did; an older build gets a free port instead.
    if (runHelp().contains("--no-dashboard")) {
      command.add("--no-dashboard");
    } else {
      command.add("--dashboard-port");
      command.add("0");
    }
    command.add("--kafka-port");
    command.add(Integer.toString(StartupProbe.freePort()));
    command.add("--state-dir");
    command.add(dir.resolve("state").toString());
    List<String> sets = new ArrayList<>();
    sets.add("gbfs.min-interval=" + durationText(settings.interval()));
    if (!area.isEmpty()) {
      sets.add("aggregate.area=" + area);
    }
    sets.addAll(settings.sets());
    for (String set : sets) {
      String key = set.contains("=") ? set.substring(0, set.indexOf('=')).strip() : set;
      if (!keys.isEmpty() && !keys.contains(key)) {
        throw new IllegalArgumentException(
            settings.appJar() + " has no setting '" + key + "' (its 'config' lists its keys)");
      }
      command.add("--set");
      command.add(set);
    }
    return command;
  }

  /**
   * The Kafka the run publishes to: a cluster given with {@code --set kafka.bootstrap-servers=...}
   * (the bench on the local cluster), else the embedded broker on the run's {@code --kafka-port}.
   */
  static String bootstrapServers(List<String> command) {
    for (String argument : command) {
      if (argument.startsWith("kafka.bootstrap-servers=")) {
        String servers = argument.substring("kafka.bootstrap-servers=".length()).strip();
        if (!servers.isEmpty()) {
          return servers;
        }
      }
    }
    return "127.0.0.1:" + command.get(command.indexOf("--kafka-port") + 1);
  }

  private void launch(List<String> command, Path dir) throws IOException {
    lives++;
    Path log = dir.resolve("pipeline-" + lives + ".log");
    long launched = System.nanoTime();
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    life = new Life(lives, process, log, launched);
    nextSample = launched;
    progress.printf("  launched (pid %d): %s%n", process.pid(), String.join(" ", command));
  }

  /** kill -9 of every process of the tree, the forked JVM first; waits until all are gone. */
  private void killTree(Life dying) throws InterruptedException {
    List<ProcessHandle> tree = dying.tree.processes();
    for (int i = tree.size() - 1; i >= 0; i--) {
      tree.get(i).destroyForcibly();
    }
    for (ProcessHandle p : tree) {
      p.onExit()
          .toCompletableFuture()
          .completeOnTimeout(p, 30, TimeUnit.SECONDS)
          .join();
    }
    dying.process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM to the launcher, which stops the JVM it forked; kill -9 after 2 minutes. */
  private void stopCleanly() throws InterruptedException {
    Map<String, Object> stop = phase("stop");
    sample("stop");
    long asked = System.nanoTime();
    life.process.destroy();
    boolean stopped = life.process.waitFor(120, TimeUnit.SECONDS);
    stop.remove("started_nanos");
    stop.put("stop_s", seconds(System.nanoTime() - asked));
    stop.put("clean", stopped);
    if (stopped) {
      stop.put("exit_code", life.process.exitValue());
    } else {
      report.addProblem("world: the pipeline did not stop within 2 minutes of SIGTERM: killed");
      killTree(life);
    }
  }

  // ---------------------------------------------------------------- waiting, sampling, checking

  /**
   * Waits until every total is exact (read since {@code freshSince}) and {@code also} holds; false
   * on timeout.
   */
  private boolean waitExact(WorldModel expected, long freshSince, String what, BooleanSupplier also)
      throws IOException, InterruptedException {
    checkedAgainst = expected;
    checkedFreshSince = freshSince;
    lastCheck = null;
    long start = System.nanoTime();
    long deadline = start + settings.phaseTimeout().toNanos();
    long nextReport = start + 30_000_000_000L;
    while (true) {
      tick();
      WorldTotals.Check check = check(false);
      if (check != null && check.exact() && also.getAsBoolean()) {
        return true;
      }
      long now = System.nanoTime();
      if (now - deadline > 0) {
        return false;
      }
      if (now - nextReport > 0) {
        nextReport = now + 30_000_000_000L;
        WorldStatusLine status = lastLine();
        progress.printf(
            "    %s: %.0f s, %s; %s%n",
            what,
            seconds(now - start),
            check == null
                ? "no totals read yet"
                : check.mismatched() + " of " + check.compared() + " totals differ, "
                    + check.notRefreshed() + " not published again yet",
            status == null ? "no status line yet" : statusSummary(status));
      }
      Thread.sleep(250);
    }
  }

  private WorldTotals.Check check(boolean now) {
    if (checkedAgainst == null) {
      return null;
    }
    if (now || System.nanoTime() - nextCheck >= 0) {
      nextCheck = System.nanoTime() + CHECK_EVERY_NANOS;
      // Comparing ~15,000 totals takes tens of milliseconds of a shared core: not again while
      // nothing new was read.
      long read = totals.records();
      WorldTotals.Scope scope = scope();
      if (consumer != null
          && consumer.areaTopicSeen()
          && (lastCheck == null || read != lastCheckRecords || scope != lastCheckScope)) {
        lastCheck = totals.check(checkedAgainst, scope, checkedFreshSince);
        lastCheckRecords = read;
        lastCheckScope = scope;
      }
    }
    return lastCheck;
  }

  /** What this run can compare: as much as the build under test publishes. */
  private WorldTotals.Scope scope() {
    return WorldTotals.Scope.of(
        consumer != null && consumer.systemsTopicSeen(),
        cellsChecked && totals.areasKeyedBySystem());
  }

  private void waitFor(Duration duration) throws IOException, InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() - end < 0) {
      tick();
      Thread.sleep(250);
    }
  }

  /** Reads new status lines, samples the tree when due; fails if the pipeline exited. */
  private void tick() throws IOException {
    for (String text : life.follower.newLines()) {
      WorldStatusLine.parse(text)
          .ifPresent(l -> lines.add(new WorldStatusLine.Timed(System.nanoTime(), life.number, l)));
      if (settings.verbose()) {
        progress.println("    | " + text);
      }
    }
    if (System.nanoTime() - nextSample >= 0) {
      nextSample = System.nanoTime() + settings.sampleEvery().toNanos();
      sample(currentPhase());
    }
    if (!life.process.isAlive()) {
      throw new IllegalStateException("the pipeline exited with code " + life.process.exitValue()
          + "; log tail (" + life.log + "):\n" + tail(life.log, 30));
    }
  }

  private void sample(String phase) {
    ProcessTree.Sample s = life.tree.sample();
    treeCpuSeconds += Math.max(0, s.cpuSeconds() - life.lastCpuSeconds);
    life.lastCpuSeconds = s.cpuSeconds();
    peakRssMb = Math.max(peakRssMb, s.peakRssMb());
    points.add(new Point(s.atNanos(), s.rssMb(), s.peakRssMb(), treeCpuSeconds, phase));
  }

  private String currentPhase() {
    String last = "";
    for (String name : phases.keySet()) {
      last = name;
    }
    return last;
  }

  private Map<String, Object> phase(String name) {
    Map<String, Object> phase = new LinkedHashMap<>();
    phase.put("started_nanos", System.nanoTime());
    phases.put(name, phase);
    return phase;
  }

  /** CPU of the tree in the phase, and the other processes' share of the machine meanwhile. */
  private void endPhase(Map<String, Object> phase, CpuContention contention, double cpuAtStart) {
    if (life.process.isAlive()) {
      sample(currentPhase());
    }
    long started = (Long) phase.remove("started_nanos");
    double wall = seconds(System.nanoTime() - started);
    double cpu = treeCpuSeconds - cpuAtStart;
    phase.put("wall_s", wall);
    phase.put("pipeline_cpu_s", cpu);
    phase.put("pipeline_cpu_share_of_one_core", wall > 0 ? cpu / wall : null);
    phase.put("pipeline_cpu_share_of_machine", wall > 0 ? cpu / wall / cores : null);
    double others = contention.otherShare(cpu + extraChildCpuSeconds);
    extraChildCpuSeconds = 0;
    phase.put("other_processes_cpu_share", others);
    if (others > BUSY_SHARE) {
      String message = String.format(
          Locale.ROOT,
          "BUSY MACHINE: other processes used %.0f%% of the CPU during the world's %s phase",
          others * 100,
          currentPhase());
      report.addProblem(message);
      progress.println("  " + message);
    }
  }

  private void notExact(String what, Map<String, Object> phase) {
    WorldTotals.Check check = lastCheck;
    WorldStatusLine status = lastLine();
    String message = "WRONG RESULT: world " + what + ": not exact within "
        + settings.phaseTimeout() + " ("
        + (check == null
            ? "no totals read"
            : check.mismatched() + " of " + check.compared() + " totals differ, "
                + check.notRefreshed() + " not published again; first: " + check.mismatches())
        + "; last status: " + (status == null ? "none" : statusSummary(status)) + ")";
    phase.put("error", message);
    report.addProblem(message);
    progress.println("  " + message);
  }

  private static String statusSummary(WorldStatusLine l) {
    return "polls " + l.polls() + ", published " + l.published() + ", spark batches "
        + l.batches() + ", lag " + (l.lag() == null ? "?" : l.lag())
        + (l.systems() == null ? "" : ", systems " + l.systemsOk() + "/" + l.systems() + " ok");
  }

  // ---------------------------------------------------------------- status-line figures

  /** Seconds from the last launch until a status line showed every system polled at least once. */
  private Double everySystemPolledAfter(WorldModel model) {
    for (WorldStatusLine.Timed t : lines) {
      WorldStatusLine l = t.line();
      if (t.life() == life.number
          && l.systems() != null
          && l.systemsOk() != null
          && l.systemsOk() >= model.systems().size()
          && l.pollsOk() >= model.systems().size()) {
        return seconds(t.atNanos() - life.launchedNanos);
      }
    }
    return null;
  }

  /** The status lines the current launch printed between two instants. */
  private List<WorldStatusLine.Timed> linesOfThisLife(long from, long to) {
    return lines.stream()
        .filter(t -> t.life() == life.number && t.atNanos() - from >= 0 && t.atNanos() - to <= 0)
        .toList();
  }

  /** The current launch's last status line, or null. */
  private WorldStatusLine lastLine() {
    WorldStatusLine.Timed last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
    return last == null || last.life() != life.number ? null : last.line();
  }

  private static Long maxLag(List<WorldStatusLine.Timed> window) {
    return window.stream()
        .map(t -> t.line().lag())
        .filter(java.util.Objects::nonNull)
        .max(Long::compare)
        .orElse(null);
  }

  private void steadyFigures(Map<String, Object> b, long start, long end, int polled) {
    List<WorldStatusLine.Timed> window = linesOfThisLife(start, end);
    b.put("status_lines", window.size());
    List<Double> rounds = WorldStatusLine.pollsPerRound(window, settings.interval());
    b.put("polls_per_round", rounds);
    b.put("systems_polled", polled);
    List<Double> lag = new ArrayList<>();
    for (WorldStatusLine.Timed t : window) {
      if (t.line().lag() != null) {
        lag.add(t.line().lag().doubleValue());
      }
    }
    b.put("lag", lag);
    b.put("lag_max", maxLag(window));
    b.put("lag_longest_above_zero_s", WorldStatusLine.longestLagAboveZero(window));
    if (!window.isEmpty()) {
      b.put(
          "failed_polls",
          window.get(window.size() - 1).line().pollsFailed()
              - window.get(0).line().pollsFailed());
      b.put(
          "failing_systems_max",
          window.stream().mapToInt(t -> t.line().failing()).max().orElse(0));
    }
  }

  // ---------------------------------------------------------------- figures

  /** Adds the run's figures to the report (also after a failed phase: what was measured). */
  public void addFigures() {
    Map<String, Object> a = phases.getOrDefault("first_round", Map.of());
    Map<String, Object> b = phases.getOrDefault("steady", Map.of());
    Map<String, Object> c = phases.getOrDefault("world_change", Map.of());
    Map<String, Object> d = phases.getOrDefault("kill_and_restart", Map.of());
    Map<String, Object> notes = new LinkedHashMap<>();
    for (String key : List.of(
        "command",
        "checked",
        "systems_in_world",
        "systems_polled",
        "stations_polled",
        "areas_expected",
        "app_jar",
        "world_jar")) {
      notes.put(key, result.get(key));
    }
    int polled = result.get("systems_polled") instanceof Number n ? n.intValue() : 0;
    report.add(new Figure(
        "world.first.exact",
        "World: launch -> every total exact",
        "s",
        one(a.get("launch_to_exact_s")),
        null,
        false,
        notes));
    @SuppressWarnings("unchecked")
    List<Double> rounds = (List<Double>) b.getOrDefault("polls_per_round", List.of());
    report.add(new Figure(
        "world.steady.polls_per_round",
        "World steady: polls per " + durationText(settings.interval()) + " round",
        "polls",
        rounds,
        null,
        true,
        Map.of("systems_polled", polled)));
    report.add(new Figure(
        "world.steady.on_time",
        "World steady: polls per round / systems polled",
        "x",
        polled == 0 ? List.of() : rounds.stream().map(r -> r / polled).toList(),
        0.95,
        true,
        Map.of(
            "why_0.95",
            "a system is due again gbfs.min-interval after its poll ends: the poll's own time"
                + " (up to ~3 s for the largest feeds) stretches its round")));
    @SuppressWarnings("unchecked")
    List<Double> lag = (List<Double>) b.getOrDefault("lag", List.of());
    report.add(new Figure(
        "world.steady.lag",
        "World steady: Spark input lag per status line",
        "records",
        lag,
        null,
        false,
        Map.of()));
    report.add(new Figure(
        "world.steady.lag_above_zero",
        "World steady: longest time with input lag > 0",
        "s",
        one(b.get("lag_longest_above_zero_s")),
        (double) settings.interval().toSeconds(),
        false,
        Map.of("meaning", "at most one round: the lag is back to 0 before the next round")));
    report.add(new Figure(
        "world.steady.failed_polls",
        "World steady: failed polls",
        "polls",
        one(b.get("failed_polls")),
        null,
        false,
        Map.of()));
    report.add(new Figure(
        "world.steady.cpu_machine",
        "World steady: pipeline CPU, share of the machine",
        "%",
        cpuSamples("steady", cores),
        null,
        false,
        Map.of("cores", cores, "from", "10-s samples of the process tree's utime+stime")));
    report.add(new Figure(
        "world.steady.cpu_core",
        "World steady: pipeline CPU, share of one core",
        "%",
        cpuSamples("steady", 1),
        null,
        false,
        Map.of()));
    report.add(new Figure(
        "world.steady.rss",
        "World steady: RSS of the pipeline's process tree",
        "MB",
        points.stream()
            .filter(p -> p.phase().equals("steady"))
            .map(Point::rssMb)
            .toList(),
        null,
        false,
        Map.of("from", "summed VmRSS of the launcher and its forked JVM, every sample")));
    report.add(new Figure(
        "world.rss_peak",
        "World: peak RSS of the pipeline's process tree",
        "MB",
        peakRssMb > 0 ? List.of(peakRssMb) : List.of(),
        1500.0,
        false,
        Map.of("from", "summed VmHWM of the tree's processes, the largest over every launch")));
    report.add(new Figure(
        "world.change.rewrite",
        "World change: sample-feed --minutes " + settings.minutes() + " rewrite",
        "s",
        one(c.get("rewrite_s")),
        null,
        false,
        Map.of("note", "the pipeline keeps polling while the files are replaced")));
    report.add(new Figure(
        "world.change.published",
        "World change: rewrite end -> published, lag 0",
        "s",
        one(c.get("rewrite_end_to_published_s")),
        null,
        false,
        Map.of(
            "stations_changed",
            String.valueOf(c.get("stations_changed")),
            "published_in_change",
            String.valueOf(c.get("published_in_change")),
            "meaning",
            "the first status line with lag 0 after one showing every changed station published")));
    report.add(new Figure(
        "world.change.exact",
        "World change: rewrite end -> every total exact",
        "s",
        one(c.get("rewrite_end_to_exact_s")),
        null,
        false,
        Map.of(
            "from_rewrite_start_s",
            String.valueOf(c.get("rewrite_start_to_exact_s")),
            "lag_max",
            String.valueOf(c.get("lag_max")),
            "lag_longest_above_zero_s",
            String.valueOf(c.get("lag_longest_above_zero_s")))));
    if (settings.kill()) {
      report.add(new Figure(
          "world.kill.exact",
          "World: kill -9 -> every total exact again",
          "s",
          one(d.get("kill_to_exact_s")),
          null,
          false,
          Map.of(
              "relaunch_to_exact_s",
              String.valueOf(d.get("relaunch_to_exact_s")),
              "exact",
              "every total published again after the relaunch, and equal to the expected")));
      report.add(new Figure(
          "world.kill.wrong_records",
          "World: records wrong after kill -9",
          "records",
          one(d.get("records_wrong")),
          0.0,
          false,
          Map.of(
              "records_checked",
              String.valueOf(d.get("records_checked")),
              "records_exceeding",
              String.valueOf(d.get("records_exceeding")))));
    }
    List<Double> others = new ArrayList<>();
    for (Map<String, Object> phase : phases.values()) {
      if (phase.get("other_processes_cpu_share") instanceof Number n && n.doubleValue() >= 0) {
        others.add(n.doubleValue() * 100);
      }
    }
    report.add(new Figure(
        "world.other_cpu",
        "World: other processes' CPU share, per phase",
        "%",
        others,
        null,
        false,
        Map.of("flagged_above", BUSY_SHARE * 100)));
  }

  /** Every sample, for the JSON: seconds since the first launch, MB, cumulative CPU seconds. */
  private List<Map<String, Object>> samplesJson() {
    List<Map<String, Object>> out = new ArrayList<>();
    long origin = points.isEmpty() ? 0 : points.get(0).atNanos();
    for (Point p : points) {
      Map<String, Object> sample = new LinkedHashMap<>();
      sample.put("t_s", Math.round(seconds(p.atNanos() - origin) * 10) / 10.0);
      sample.put("phase", p.phase());
      sample.put("rss_mb", Math.round(p.rssMb()));
      sample.put("peak_rss_mb", Math.round(p.peakRssMb()));
      sample.put("cpu_s", Math.round(p.cpuSeconds() * 100) / 100.0);
      out.add(sample);
    }
    return out;
  }

  private List<Double> cpuSamples(String phase, int divisor) {
    List<Double> shares = new ArrayList<>();
    Point previous = null;
    for (Point p : points) {
      if (previous != null && p.phase().equals(phase) && previous.phase().equals(phase)) {
        double wall = seconds(p.atNanos() - previous.atNanos());
        if (wall > 0.5) {
          shares.add((p.cpuSeconds() - previous.cpuSeconds()) / wall / divisor * 100);
        }
      }
      previous = p;
    }
    return shares;
  }

  private static List<Double> one(Object value) {
    return value instanceof Number n && !Double.isNaN(n.doubleValue())
        ? List.of(n.doubleValue())
        : List.of();
  }

  // ---------------------------------------------------------------- helpers

  /** The H3 resolution of {@code cell:R}; {@link WorldModel#NO_CELLS} for anything else. */
  static int cellResolution(String area) {
    String text = area == null ? "" : area.strip().toLowerCase(Locale.ROOT);
    Matcher m = Pattern.compile("cell\\s*:\\s*(\\d{1,2})").matcher(text);
    return m.matches() ? Integer.parseInt(m.group(1)) : WorldModel.NO_CELLS;
  }

  /** {@code 60s}, {@code 1500ms}: how the app's settings read a duration. */
  static String durationText(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + "s"
        : duration.toMillis() + "ms";
  }

  /**
   * The world jar's generator must be the one {@link WorldModel} reproduces: the station count it
   * printed must be the model's, else nothing after would mean anything.
   */
  private void checkWorldMatchesModel(String sampleFeedOutput, WorldModel model) {
    Matcher m = SAMPLE_FEED_STATIONS.matcher(sampleFeedOutput);
    if (!m.find()) {
      throw new IllegalStateException("sample-feed printed no station count:\n" + sampleFeedOutput);
    }
    long written = Long.parseLong(m.group(2));
    if (written != model.worldStations()) {
      throw new IllegalStateException("the world jar " + settings.worldJar() + " wrote " + written
          + " stations where this bench's generator makes " + model.worldStations()
          + ": they are different generators; pass --world-jar with the citypulse.jar built with"
          + " this bench");
    }
  }

  /** The keys the app jar's {@code config} lists ({@code key = "value"} lines); empty if none. */
  private Set<String> configKeys() throws IOException, InterruptedException {
    Path log = Files.createTempFile("citypulse-bench-config-", ".txt");
    try {
      String out =
          runJava(List.of("-jar", settings.appJar().toAbsolutePath().toString(), "config"), log);
      Set<String> keys = new LinkedHashSet<>();
      Matcher m = Pattern.compile("(?m)^([a-z][a-z0-9.-]*) = ").matcher(out);
      while (m.find()) {
        keys.add(m.group(1));
      }
      return keys;
    } catch (IllegalStateException noConfigCommand) {
      return Set.of();
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private String runHelp() throws IOException, InterruptedException {
    Path log = Files.createTempFile("citypulse-bench-help-", ".txt");
    try {
      return runJava(
          List.of("-jar", settings.appJar().toAbsolutePath().toString(), "run", "--help"), log);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** Runs a short-lived JVM to its end; its output, or an exception with it. */
  private String runJava(List<String> args, Path log) throws IOException, InterruptedException {
    Process process = start(args, log);
    if (!process.waitFor(settings.phaseTimeout().toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + args + "\n" + tail(log, 20));
    }
    return finished(process, args, log);
  }

  /** Like {@link #runJava}, sampling the pipeline meanwhile. */
  private String runJavaWhileSampling(List<String> args, Path log)
      throws IOException, InterruptedException {
    Process process = start(args, log);
    long deadline = System.nanoTime() + settings.phaseTimeout().toNanos();
    while (!process.waitFor(250, TimeUnit.MILLISECONDS)) {
      tick();
      if (System.nanoTime() - deadline > 0) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + args + "\n" + tail(log, 20));
      }
    }
    return finished(process, args, log);
  }

  private static Process start(List<String> args, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(StartupProbe.javaBinary());
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static String finished(Process process, List<String> args, Path log) throws IOException {
    String out = Files.readString(log, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "exit code " + process.exitValue() + ": " + args + "\n" + tail(log, 20));
    }
    return out;
  }

  /** CPU of this JVM's reaped children (cutime + cstime), in ticks. */
  private static long reapedChildrenTicks() {
    long pid = ProcessHandle.current().pid();
    return ProcStatus.cpuTicks(pid, true).orElse(0)
        - ProcStatus.cpuTicks(pid, false).orElse(0);
  }

  /** The log's last lines, without the one-per-station INFO lines of a world run. */
  static String tail(Path log, int count) {
    try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
      List<String> kept =
          all.filter(l -> !l.contains("ChainedPostcodeResolver")).toList();
      return String.join("\n", kept.subList(Math.max(0, kept.size() - count), kept.size()));
    } catch (IOException | RuntimeException e) {
      return "(no log: " + e + ")";
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static double number(Map<String, Object> map, String key) {
    return map.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private void cleanUp(Path dir) throws IOException {
    if (settings.keepWork()) {
      progress.println("  (kept " + dir + ")");
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** {@code sample-feed --systems N} of the world jar writing {@code world}, plus {@code extra}. */
  private List<String> sampleFeed(Path world, URI baseUrl, List<String> extra) {
    List<String> args = new ArrayList<>(List.of(
        "-jar",
        settings.worldJar().toAbsolutePath().toString(),
        "sample-feed",
        "--systems",
        Integer.toString(settings.systems()),
        "--seed",
        Long.toString(settings.seed())));
    args.addAll(extra);
    args.addAll(List.of("--out", world.toString(), "--base-url", baseUrl.toString()));
    return args;
  }
}
