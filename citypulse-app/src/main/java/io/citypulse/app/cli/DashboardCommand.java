package io.citypulse.app.cli;

import io.citypulse.app.config.CitypulseConfig;
import io.citypulse.app.config.Settings;
import io.citypulse.app.run.Dashboard;
import io.citypulse.app.run.HistorySeed;
import io.citypulse.broker.TopicAdmin;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Serves the live dashboard alone, over the topics of a pipeline that runs elsewhere. */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the live dashboard of a pipeline that runs elsewhere.",
      "Reads the pipeline's result topics from Kafka. run and demo serve the dashboard themselves;"
          + " this command is for a pipeline on another machine or a cluster.",
      "Ctrl-C stops it."
    })
final class DashboardCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "localhost:9092",
      description = "Kafka to read (default localhost:9092, the embedded broker of run).")
  String bootstrapServers;

  @Option(
      names = "--dashboard-port",
      paramLabel = "PORT",
      description = "Port to serve on (default 8080; 0 = any free port).")
  String port;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description =
          "JDBC URL of the PostgreSQL the pipeline stores into: the charts start from its history."
              + " User and password: CITYPULSE_STORAGE_POSTGRES_USER and _PASSWORD.")
  String jdbcUrl;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "HOCON configuration file (topic names, dashboard.*).")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Set any config key. Repeatable.")
  List<String> assignments = List.of();

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> flags = PipelineOptions.assignments(assignments);
    PipelineOptions.put(flags, CitypulseConfig.DASHBOARD_PORT, port);
    PipelineOptions.put(flags, CitypulseConfig.JDBC_URL, jdbcUrl);
    Settings settings = Settings.load(configFile, System.getenv(), flags, Map.of());
    PrintWriter out = spec.commandLine().getOut();
    if (!TopicAdmin.isReachable(bootstrapServers, Duration.ofSeconds(15))) {
      throw new UserFacingException("no Kafka broker answered at " + bootstrapServers
          + " within 15 s (start the pipeline, or give --bootstrap-servers)");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (Dashboard dashboard =
        Dashboard.start(settings, bootstrapServers, HistorySeed.configured(settings))) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(stopped::countDown, "citypulse-dashboard-stop"));
      out.println("citypulse: dashboard of " + bootstrapServers + " at " + dashboard.url()
          + " (Ctrl-C stops)");
      out.flush();
      stopped.await();
    }
    return ExitCodes.OK;
  }
}
