package io.citypulse.app.cli;

import io.citypulse.app.config.ConfigDocs;
import io.citypulse.app.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the configuration keys, a reference file, or the effective configuration. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Print every configuration key with its default value.",
      "The output is a HOCON file you can edit and pass to --config.",
      "With --effective, print the values a run would use and where each comes from."
    })
final class ConfigCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--effective", description = "Show the effective values (file < env < flags).")
  boolean effective;

  @Option(names = "--markdown", description = "Print the keys as a Markdown table.")
  boolean markdown;

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON configuration file.")
  Path configFile;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    if (effective) {
      out.println(Settings.load(configFile, System.getenv(), Map.of()).render());
    } else if (markdown) {
      out.print(ConfigDocs.markdownTable());
    } else {
      out.print(ConfigDocs.referenceHocon());
    }
    return ExitCodes.OK;
  }
}
