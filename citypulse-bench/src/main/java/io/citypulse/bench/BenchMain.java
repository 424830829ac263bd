package io.citypulse.bench;

import io.citypulse.bench.report.MachineInfo;
import io.citypulse.bench.report.Report;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code java -jar citypulse-bench.jar all|throughput|latency|startup|parse|loopback|sinks}: runs the
 * benchmarks, prints a table and writes the JSON results.
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
      BenchMain.Sinks.class
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

    @Override
    public Integer call() throws Exception {
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      MachineInfo machine = MachineInfo.collect();
      Report report = new Report(name(), options.asMap());
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
}
