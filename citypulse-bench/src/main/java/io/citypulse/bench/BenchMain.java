package io.citypulse.bench;

import io.citypulse.bench.report.MachineInfo;
import io.citypulse.bench.report.Report;
import io.citypulse.bench.world.WorldBench;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar citypulse-bench.jar all|throughput|latency|startup|parse|loopback|sinks|world}:
 * runs the benchmarks, prints a table and writes the JSON results.
 */
@Command(
    name = "citypulse-bench",
    mixinStandardHelpOptions = true,
    description = "Measures citypulse (and a Kafka Streams peer) on this machine.",
    subcommands = {
      BenchMain.All.class,
      BenchMain.Throughput.class,
      BenchMain.Latency.class,
      BenchMain.Startup.class,
      BenchMain.Parse.class,
      BenchMain.Loopback.class,
      BenchMain.Sinks.class,
      BenchMain.World.class
    })
public final class BenchMain implements Runnable {

  /** Exit code when an engine computed wrong totals: the figures of that run mean nothing. */
  public static final int WRONG_RESULT = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs some benchmarks, then prints and writes the report; the exit code tells wrong results. */
  abstract static class BenchCommand implements Callable<Integer> {
    @Mixin
    BenchOptions options;

    /** The subcommand's name, as its {@code @Command} declares it. */
    String name() {
      return getClass().getAnnotation(Command.class).name();
    }

    abstract void measure(Suite suite) throws Exception;

    /** The options as they go into the JSON. */
    Map<String, Object> optionsMap() {
      return options.asMap();
    }

    @Override
    public Integer call() throws Exception {
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      MachineInfo machine = MachineInfo.collect();
      Report report = new Report(name(), optionsMap());
      out.println("citypulse-bench " + name() + " on " + machine.summary());
      try {
        measure(new Suite(options, report, out));
      } finally {
        out.println();
        out.print(report.table(machine));
        report.write(options.out, machine, BenchVersions.load());
        out.println("results: " + options.out.toAbsolutePath());
      }
      boolean wrong = report.problems().stream().anyMatch(p -> p.startsWith("WRONG RESULT"));
      if (wrong) {
        out.println("!! at least one engine computed WRONG totals: its figures are not valid");
      }
      return wrong ? WRONG_RESULT : 0;
    }
  }

  @Command(
      name = "all",
      mixinStandardHelpOptions = true,
      description = "Every benchmark below, in turn.")
  static final class All extends BenchCommand {
    @Override
    void measure(Suite suite) throws Exception {
      suite.throughput();
      suite.latency();
      suite.startup();
      suite.loopback();
      suite.sinks();
      suite.parse();
    }
  }

  @Command(
      name = "throughput",
      mixinStandardHelpOptions = true,
      description =
          "Records/s of the availability job vs Kafka Streams on pre-loaded input, and peak RSS.")
  static final class Throughput extends BenchCommand {
    @Override
    void measure(Suite suite) throws Exception {
      suite.throughput();
    }
  }

  @Command(
      name = "latency",
      mixinStandardHelpOptions = true,
      description = "End-to-end latency p50/p95/p99 at fixed input rates, both engines.")
  static final class Latency extends BenchCommand {
    @Override
    void measure(Suite suite) throws Exception {
      suite.latency();
    }
  }

  @Command(
      name = "startup",
      mixinStandardHelpOptions = true,
      description = "Launch of 'citypulse.jar demo' to the first aggregate on the output topic.")
  static final class Startup extends BenchCommand {
    @Override
    void measure(Suite suite) throws Exception {
      suite.startup();
    }
  }

  @Command(
      name = "parse",
      mixinStandardHelpOptions = true,
      description =
          "JMH: parse+normalise of a 1,500-station Vélib' feed and a 100,000-station GBFS 3.0 feed.")
  static final class Parse extends BenchCommand {
    @Override
    void measure(Suite suite) throws Exception {
      suite.parse();
    }
  }

  @Command(
      name = "loopback",
      mixinStandardHelpOptions = true,
      description =
          "Raw Kafka producer and consumer on the embedded broker: the machine's ceiling.")
  static final class Loopback extends BenchCommand {
    @Override
    void measure(Suite suite) throws Exception {
      suite.loopback();
    }
  }

  @Command(
      name = "sinks",
      mixinStandardHelpOptions = true,
      description =
          "The storage sinks on a pre-loaded backlog (default 300000 station states):"
              + " PostgreSQL (PostgresSinkJob) and Parquet (ParquetHistoryJob); records/s, batch times, RSS.")
  static final class Sinks extends BenchCommand {
    @Override
    void measure(Suite suite) throws Exception {
      suite.sinks();
    }
  }

  @Command(
      name = "world",
      mixinStandardHelpOptions = true,
      description = {
        "The whole pipeline on a generated world of GBFS systems: 'citypulse.jar run --systems' as"
            + " a user launches it, on a world written by 'sample-feed --systems' and served from"
            + " this JVM; every published total checked against an independent sum.",
        "Phases: launch -> exact; steady polling; the world rewritten in place -> exact;"
            + " kill -9 and relaunch -> exact. Polls per round, input lag, RSS and CPU of the"
            + " process tree, other processes' CPU.",
        "One run (--runs is not used); --heap is the pipeline's -Xmx, --seed the world's."
      })
  static final class World extends BenchCommand {
    @Option(
        names = "--systems",
        defaultValue = "1500",
        description = "Systems in the generated world (default: ${DEFAULT-VALUE}).")
    int systems;

    @Option(
        names = "--minutes",
        defaultValue = "60",
        description = "The world change: sample-feed --minutes M rewrites the world in place"
            + " (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(
        names = "--interval",
        defaultValue = "60s",
        converter = BenchOptions.DurationConverter.class,
        description = "gbfs.min-interval of the run: each system is polled at most this often"
            + " (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(
        names = "--area",
        defaultValue = "cell:7",
        description = "aggregate.area of the run; cell:R areas are checked per area too; 'none'"
            + " leaves the build's default (default: ${DEFAULT-VALUE}).")
    String area;

    @Option(
        names = "--set",
        paramLabel = "KEY=VALUE",
        description = "A further setting of the run (repeatable), e.g. spark.state-store=rocksdb.")
    List<String> sets = new ArrayList<>();

    @Option(
        names = "--steady",
        defaultValue = "3m",
        converter = BenchOptions.DurationConverter.class,
        description = "Steady polling measured after the first exact totals (default:"
            + " ${DEFAULT-VALUE}).")
    Duration steady;

    @Option(
        names = "--kill",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "kill -9 the pipeline's process tree and relaunch it on the same state"
            + " (default: on; --no-kill skips it).")
    boolean kill;

    @Option(
        names = "--world-jar",
        description = "citypulse.jar that writes the world (default: the one built with this"
            + " bench, whose generator the expected totals reproduce).")
    Path worldJar;

    @Option(
        names = "--sample-every",
        defaultValue = "10s",
        converter = BenchOptions.DurationConverter.class,
        description = "RSS and CPU sampling period (default: ${DEFAULT-VALUE}).")
    Duration sampleEvery;

    @Option(
        names = "--phase-timeout",
        defaultValue = "20m",
        converter = BenchOptions.DurationConverter.class,
        description = "Longest wait for exact totals in each phase (default: ${DEFAULT-VALUE}).")
    Duration phaseTimeout;

    @Option(
        names = "--etags",
        description = "Serve the world with ETags (304 for unchanged feeds), like nginx; by"
            + " default none, like python3 -m http.server: every poll downloads the whole feed.")
    boolean etags;

    @Override
    Map<String, Object> optionsMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("systems", systems);
      map.put("minutes", minutes);
      map.put("interval_s", interval.toMillis() / 1000.0);
      map.put("area", area);
      map.put("set", sets);
      map.put("steady_s", steady.toMillis() / 1000.0);
      map.put("kill", kill);
      map.put("sample_every_s", sampleEvery.toMillis() / 1000.0);
      map.put("phase_timeout_s", phaseTimeout.toSeconds());
      map.put("etags", etags);
      map.put("heap", options.heap);
      map.put("seed", options.seed);
      return map;
    }

    @Override
    void measure(Suite suite) throws Exception {
      if (systems < 1 || minutes < 1) {
        throw new CommandLine.ParameterException(
            commandSpec.commandLine(), "--systems and --minutes must be at least 1");
      }
      suite.world(new WorldBench.Settings(
          suite.appJar(),
          worldJar != null ? worldJar : Suite.reactorAppJar(),
          systems,
          options.seed,
          minutes,
          interval,
          area.equalsIgnoreCase("none") ? "" : area,
          sets,
          steady,
          kill,
          options.heap,
          sampleEvery,
          phaseTimeout,
          etags,
          options.keepWork,
          options.verbose));
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;
  }
}
