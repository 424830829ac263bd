package io.citypulse.app.cli;

import io.citypulse.app.config.CitypulseConfig;
import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import io.citypulse.broker.TopicAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** What {@code import} and {@code export} share: the config and the Kafka cluster to use. */
final class TransferSupport {
  private TransferSupport() {}

  static Settings settings(Path configFile) {
    return Settings.load(configFile, System.getenv(), Map.of(), Map.of());
  }

  /**
   * The flag, else {@code kafka.bootstrap-servers}, else the embedded broker a running {@code
   * citypulse run} or {@code demo} with these settings starts: {@code 127.0.0.1:kafka.embedded.port}.
   */
  static String bootstrapServers(String flag, Settings settings) {
    if (flag != null && !flag.isBlank()) {
      return flag.trim();
    }
    String configured = settings.get(CitypulseConfig.BOOTSTRAP_SERVERS);
    if (!configured.isBlank()) {
      return configured;
    }
    int port = settings.get(CitypulseConfig.KAFKA_PORT);
    if (port == 0) {
      throw new ConfigException("kafka.embedded.port is 0 (a free port chosen at start):"
          + " give the running broker's address with --bootstrap-servers");
    }
    return "127.0.0.1:" + port;
  }

  /** How long to wait for a broker's first answer; tests in this package shorten it. */
  static Duration reachTimeout = Duration.ofSeconds(10);

  /** Fails with a readable message when no broker answers. */
  static void requireReachable(String bootstrapServers) {
    if (!TopicAdmin.isReachable(bootstrapServers, reachTimeout)) {
      throw new UserFacingException("no Kafka broker answered at " + bootstrapServers
          + " within " + reachTimeout.toSeconds()
          + " s (start one with 'citypulse run' or 'citypulse demo', or pass"
          + " --bootstrap-servers)");
    }
  }

  /** Whether stderr is a terminal, for progress lines rewritten in place. */
  static boolean terminal() {
    return System.console() != null;
  }
}
