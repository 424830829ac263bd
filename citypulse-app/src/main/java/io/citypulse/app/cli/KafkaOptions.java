package io.citypulse.app.cli;

import io.citypulse.app.config.Settings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The broker and configuration options of the commands that read or write topics on their own
 * ({@code import}, {@code export}): declared once, resolved once.
 */
final class KafkaOptions {
  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Kafka cluster. Default: the kafka.bootstrap-servers key, else the embedded"
          + " broker of a running citypulse run or demo.")
  String bootstrapServers;

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON configuration file.")
  Path configFile;

  /** The configuration file's settings (defaults without one). */
  Settings settings() {
    return TransferSupport.settings(configFile);
  }

  /** The flag, else the configured cluster, else the embedded broker of a running pipeline. */
  String bootstrapServers(Settings settings) {
    return TransferSupport.bootstrapServers(bootstrapServers, settings);
  }
}
