package io.citypulse.app.cli;

import io.citypulse.app.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code citypulse} command: entry point of the packaged jar. */
@Command(
    name = "citypulse",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Real-time open-data pipeline for bike-share (Vélib' and any GBFS system) and weather feeds.",
      "Polls the feeds into Kafka, processes them with Spark Structured Streaming and delivers the"
          + " results to Kafka topics, PostgreSQL, Parquet and a live dashboard."
    },
    subcommands = {
      RunCommand.class,
      PollCommand.class,
      SubmitCommand.class,
      DemoCommand.class,
      TailCommand.class,
      DashboardCommand.class,
      ConfigCommand.class,
      SampleFeedCommand.class,
      SystemsCommand.class,
      HistoryCommand.class,
      ImportCommand.class,
      ExportCommand.class,
      SampleWeatherCommand.class,
      ForecastCommand.class,
      CommandLine.HelpCommand.class
    })
public final class CitypulseCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int exitCode = execute(args, out, err);
    // Autoflush covers println only: what a command print()s must not be lost by System.exit.
    out.flush();
    err.flush();
    System.exit(exitCode);
  }

  /** Runs the command line in-process (tests call this) and returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new CitypulseCommand());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof ConfigException) {
        cmd.getErr().println("citypulse: configuration error: " + e.getMessage());
        return ExitCodes.USAGE;
      }
      if (e instanceof UserFacingException) {
        cmd.getErr().println("citypulse: " + e.getMessage());
        return ExitCodes.FAILURE;
      }
      cmd.getErr().println("citypulse: " + e);
      e.printStackTrace(cmd.getErr());
      return ExitCodes.FAILURE;
    });
    return commandLine.execute(args);
  }
}
