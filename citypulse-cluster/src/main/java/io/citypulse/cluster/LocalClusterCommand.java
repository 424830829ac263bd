package io.citypulse.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scripts/local-cluster.sh start|stop|status|kill|restart}: the command line of {@link
 * LocalCluster}. {@code start} prints shell-sourceable lines on stdout ({@code eval "$(...)"}) and
 * its progress on stderr.
 */
@Command(
    name = "local-cluster",
    mixinStandardHelpOptions = true,
    description = "A Spark standalone master and workers, an HDFS NameNode + DataNode and a"
        + " multi-broker KRaft Kafka on 127.0.0.1, each in its own JVM, from the project's jars.",
    subcommands = {
      LocalClusterCommand.Start.class,
      LocalClusterCommand.Stop.class,
      LocalClusterCommand.Status.class,
      LocalClusterCommand.Kill.class,
      LocalClusterCommand.Restart.class
    })
public final class LocalClusterCommand {
  /** Options every subcommand takes. */
  static class Where {
    @Option(
        names = "--dir",
        defaultValue = "${env:CITYPULSE_CLUSTER_DIR:-.citypulse-cluster}",
        description = "State, data and logs of the cluster (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(
        names = "--spark-jars",
        defaultValue = "${sys:citypulse.spark-jars:-citypulse-spark-home/target/spark-jars.txt}",
        description = "The list of a Spark distribution's jars the build writes (default:"
            + " ${DEFAULT-VALUE}).")
    Path sparkJars;

    @Option(names = "--brokers", defaultValue = "3", description = "Kafka brokers (default: 3).")
    int brokers;

    @Option(names = "--workers", defaultValue = "2", description = "Spark workers (default: 2).")
    int workers;

    @Option(
        names = "--worker-cores",
        defaultValue = "1",
        description = "Cores each worker offers (default: 1).")
    int workerCores;

    @Option(
        names = "--worker-memory",
        defaultValue = "2g",
        description = "Memory each worker offers its executors (default: 2g).")
    String workerMemory;

    LocalCluster cluster() {
      return LocalCluster.at(new LocalCluster.Layout(
          dir,
          sparkJars.toAbsolutePath(),
          System.getProperty("java.class.path"),
          brokers,
          workers,
          workerCores,
          workerMemory));
    }
  }

  @Command(name = "start", description = "Start every member not running; print where they are.")
  static final class Start implements Callable<Integer> {
    @CommandLine.Mixin
    Where where = new Where();

    @Option(
        names = "--timeout",
        defaultValue = "PT3M",
        description = "Give up after this long (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
      long started = System.nanoTime();
      LocalCluster cluster = where.cluster();
      System.err.println("local cluster: starting in " + where.dir.toAbsolutePath() + " ...");
      Endpoints endpoints = cluster.start(timeout);
      System.err.printf(
          "local cluster: %d brokers, HDFS, a master and %d workers ready in %.1f s%n",
          where.brokers, where.workers, (System.nanoTime() - started) / 1e9);
      System.out.print(endpoints.shellLines());
      return 0;
    }
  }

  @Command(name = "stop", description = "Stop every member; nothing of the cluster keeps running.")
  static final class Stop implements Callable<Integer> {
    @CommandLine.Mixin
    Where where = new Where();

    @Override
    public Integer call() {
      where.cluster().stop();
      System.err.println("local cluster: stopped");
      return 0;
    }
  }

  @Command(name = "status", description = "Each member: running or not, pid, address.")
  static final class Status implements Callable<Integer> {
    @CommandLine.Mixin
    Where where = new Where();

    @Override
    public Integer call() {
      boolean allReady = true;
      for (MemberStatus status : where.cluster().status()) {
        System.out.println(status.line());
        allReady &= status.ready();
      }
      return allReady ? 0 : 3;
    }
  }

  /** The member a {@code kill} or {@code restart} names: {@code broker 2}, {@code master}... */
  static class Which {
    @Parameters(index = "0", description = "broker, worker, master or hdfs")
    String kind;

    @Parameters(index = "1", arity = "0..1", description = "its number (brokers and workers)")
    String number;

    Member member() {
      return Member.parse(kind, number);
    }
  }

  @Command(name = "kill", description = "kill -9 one member: broker N, worker N, master or hdfs.")
  static final class Kill implements Callable<Integer> {
    @CommandLine.Mixin
    Where where = new Where();

    @CommandLine.Mixin
    Which which = new Which();

    @Override
    public Integer call() {
      Member member = which.member();
      boolean killed = where.cluster().kill(member);
      System.err.println("local cluster: " + member + (killed ? " killed" : " was not running"));
      return 0;
    }
  }

  @Command(name = "restart", description = "Start one member again with its ports and data.")
  static final class Restart implements Callable<Integer> {
    @CommandLine.Mixin
    Where where = new Where();

    @CommandLine.Mixin
    Which which = new Which();

    @Option(names = "--timeout", defaultValue = "PT2M", description = "Give up after this long.")
    Duration timeout;

    @Override
    public Integer call() {
      Member member = which.member();
      where.cluster().restart(member, timeout);
      System.err.println("local cluster: " + member + " restarted and ready");
      return 0;
    }
  }

  public static void main(String[] args) {
    CommandLine command = new CommandLine(new LocalClusterCommand());
    command.setExecutionExceptionHandler((e, line, parsed) -> {
      System.err.println("local cluster: " + e.getMessage());
      return 1;
    });
    System.exit(command.execute(args));
  }
}
