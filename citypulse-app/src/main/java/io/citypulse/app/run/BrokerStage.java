package io.citypulse.app.run;

import io.citypulse.app.cli.UserFacingException;
import io.citypulse.app.run.StageContext.Key;
import io.citypulse.broker.EmbeddedKafkaBroker;
import io.citypulse.broker.TopicAdmin;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Kafka cluster the pipeline uses: the configured one, checked to answer, or an embedded
 * KRaft broker with its data under the state directory.
 *
 * @param configured {@code kafka.bootstrap-servers}, blank for the embedded broker
 * @param port the embedded broker's port (0: any free port)
 */
record BrokerStage(String configured, int port, Path dataDir) implements Stage {
  static final Key<String> BOOTSTRAP = Key.named("bootstrap servers");
  private static final Duration REACH_TIMEOUT = Duration.ofSeconds(15);

  boolean embedded() {
    return configured.isBlank();
  }

  @Override
  public Running start(StageContext context) {
    if (!embedded()) {
      if (!TopicAdmin.isReachable(configured, REACH_TIMEOUT)) {
        throw new UserFacingException(
            "no Kafka broker answered at " + configured + " within " + REACH_TIMEOUT.toSeconds()
                + " s (check kafka.bootstrap-servers / --bootstrap-servers)");
      }
      context.announce("using Kafka at " + configured);
      context.provide(BOOTSTRAP, configured);
      return Running.NOTHING;
    }
    EmbeddedKafkaBroker broker;
    try {
      broker = EmbeddedKafkaBroker.start(dataDir, port);
    } catch (RuntimeException e) {
      throw new UserFacingException("cannot start the embedded Kafka broker: " + e.getMessage(), e);
    }
    context.announce(String.format(
        "embedded Kafka broker on %s (data in %s, started in %d ms)",
        broker.bootstrapServers(), broker.logDir(), broker.startupTime().toMillis()));
    context.provide(BOOTSTRAP, broker.bootstrapServers());
    return broker::close;
  }
}
