package io.citypulse.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaNodeConfigTest {
  private final KafkaNodeConfig three =
      new KafkaNodeConfig(List.of(9001, 9002, 9003), List.of(9101, 9102, 9103));

  @Test
  void everyNodeIsBrokerAndControllerOfOneStaticQuorumOnLoopback() {
    Properties node2 = three.node(2, Path.of("/data/broker-2"));

    assertThat(node2.getProperty("node.id")).isEqualTo("2");
    assertThat(node2.getProperty("process.roles")).isEqualTo("broker,controller");
    assertThat(node2.getProperty("controller.quorum.voters"))
        .isEqualTo("1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103");
    assertThat(node2.getProperty("listeners"))
        .isEqualTo("PLAINTEXT://127.0.0.1:9002,CONTROLLER://127.0.0.1:9102");
    assertThat(node2.getProperty("log.dirs")).isEqualTo("/data/broker-2");
    assertThat(three.bootstrapServers()).isEqualTo("127.0.0.1:9001,127.0.0.1:9002,127.0.0.1:9003");
  }

  @Test
  void threeNodesKeepThreeCopiesAndAcknowledgeOnTwo() {
    Properties node = three.node(1, Path.of("/d"));

    assertThat(node.getProperty("default.replication.factor")).isEqualTo("3");
    assertThat(node.getProperty("min.insync.replicas")).isEqualTo("2");
    assertThat(node.getProperty("offsets.topic.replication.factor")).isEqualTo("3");
    assertThat(node.getProperty("transaction.state.log.min.isr")).isEqualTo("2");
    assertThat(node.getProperty("auto.create.topics.enable")).isEqualTo("false");
  }

  @Test
  void oneNodeKeepsOneCopy() {
    KafkaNodeConfig one = new KafkaNodeConfig(List.of(9001), List.of(9101));

    assertThat(one.node(1, Path.of("/d")).getProperty("default.replication.factor"))
        .isEqualTo("1");
    assertThat(one.minInsyncReplicas()).isEqualTo(1);
    assertThatThrownBy(() -> one.node(2, Path.of("/d")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
