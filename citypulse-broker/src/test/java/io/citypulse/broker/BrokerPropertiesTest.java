package io.citypulse.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {

  private final Properties props =
      EmbeddedKafkaBroker.brokerProperties(Path.of("/data/kafka-logs"), 9092, 9093);

  @Test
  void bindsOnlyToLoopbackWithASeparateControllerListener() {
    assertThat(props.getProperty("listeners"))
        .isEqualTo("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
    assertThat(props.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:9092");
    assertThat(props.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:9093");
    assertThat(props.getProperty("process.roles")).isEqualTo("broker,controller");
  }

  @Test
  void usesSingleNodeReplicationAndExplicitTopicCreation() {
    assertThat(props.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
    assertThat(props.getProperty("transaction.state.log.replication.factor")).isEqualTo("1");
    assertThat(props.getProperty("transaction.state.log.min.isr")).isEqualTo("1");
    assertThat(props.getProperty("min.insync.replicas")).isEqualTo("1");
    assertThat(props.getProperty("group.initial.rebalance.delay.ms")).isEqualTo("0");
    assertThat(props.getProperty("auto.create.topics.enable")).isEqualTo("false");
    assertThat(props.getProperty("log.dirs")).isEqualTo("/data/kafka-logs");
  }
}
