package io.citypulse.bench.worker;

import io.citypulse.broker.EmbeddedKafkaBroker;
import io.citypulse.broker.TopicAdmin;
import io.citypulse.broker.TopicSpec;
import io.citypulse.model.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The broker of one measured process: the product's embedded KRaft broker, and the product's two
 * topics created as the app creates them (stations: 2 partitions; per-postcode: 1; both
 * compacted). Identical for both engines, so they run on "the same broker".
 */
final class WorkerBroker implements AutoCloseable {
  static final String INPUT = Topics.STATIONS;
  static final String OUTPUT = Topics.POSTCODE_AVAILABILITY;
  static final int INPUT_PARTITIONS = 2;

  private final EmbeddedKafkaBroker broker;

  private WorkerBroker(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  static WorkerBroker start(Path runDir) {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(runDir.resolve("kafka"), 0);
    try {
      Map<String, String> compacted = Map.of("cleanup.policy", "compact");
      TopicAdmin.ensureTopics(
          broker.bootstrapServers(),
          List.of(
              new TopicSpec(INPUT, INPUT_PARTITIONS, (short) 1, compacted),
              new TopicSpec(OUTPUT, 1, (short) 1, compacted)),
          Duration.ofSeconds(30));
      return new WorkerBroker(broker);
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public void close() {
    broker.close();
  }
}
