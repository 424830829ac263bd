package io.citypulse.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The {@code server.properties} of each node of the local Kafka cluster: KRaft nodes that are both
 * broker and controller, with a static quorum of all of them, on 127.0.0.1. With three nodes the
 * cluster keeps a controller majority and an in-sync majority of every partition when one is
 * killed: internal topics and the default for new topics are replication factor 3 (at most the
 * node count) and {@code min.insync.replicas} 2, so an {@code acks=all} write survives the loss of
 * one broker and is refused rather than kept on a single copy when two are gone.
 *
 * @param clientPorts the PLAINTEXT port of node i+1 at index i
 * @param controllerPorts the CONTROLLER port of node i+1 at index i
 */
public record KafkaNodeConfig(List<Integer> clientPorts, List<Integer> controllerPorts) {
  static final String HOST = "127.0.0.1";

  public KafkaNodeConfig {
    if (clientPorts.isEmpty() || clientPorts.size() != controllerPorts.size()) {
      throw new IllegalArgumentException("one client and one controller port per node");
    }
    clientPorts = List.copyOf(clientPorts);
    controllerPorts = List.copyOf(controllerPorts);
  }

  public int nodes() {
    return clientPorts.size();
  }

  /** Replication of the internal topics and of topics created without one. */
  public int replicationFactor() {
    return Math.min(3, nodes());
  }

  /** In-sync replicas an {@code acks=all} write needs: a majority of the replicas. */
  public int minInsyncReplicas() {
    return replicationFactor() / 2 + 1;
  }

  /** {@code 127.0.0.1:P1,127.0.0.1:P2,...}. */
  public String bootstrapServers() {
    return clientPorts.stream().map(port -> HOST + ":" + port).collect(Collectors.joining(","));
  }

  /** {@code 1@127.0.0.1:C1,2@127.0.0.1:C2,...}. */
  String voters() {
    return IntStream.range(0, nodes())
        .mapToObj(i -> (i + 1) + "@" + HOST + ":" + controllerPorts.get(i))
        .collect(Collectors.joining(","));
  }

  /** The properties of node {@code nodeId} (1-based), its data in {@code logDir}. */
  public Properties node(int nodeId, Path logDir) {
    if (nodeId < 1 || nodeId > nodes()) {
      throw new IllegalArgumentException("node " + nodeId + " is not in 1.." + nodes());
    }
    int client = clientPorts.get(nodeId - 1);
    int controller = controllerPorts.get(nodeId - 1);
    String replication = Integer.toString(replicationFactor());
    String minIsr = Integer.toString(minInsyncReplicas());
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(nodeId));
    props.put("controller.quorum.voters", voters());
    props.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + client + ",CONTROLLER://" + HOST + ":" + controller);
    props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + client);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("metadata.log.dir", logDir.toString());
    props.put("default.replication.factor", replication);
    props.put("min.insync.replicas", minIsr);
    props.put("offsets.topic.replication.factor", replication);
    // 50 partitions (the default) of three replicas each would be most of a small cluster's start.
    props.put("offsets.topic.num.partitions", "5");
    props.put("transaction.state.log.replication.factor", replication);
    props.put("transaction.state.log.min.isr", minIsr);
    props.put("transaction.state.log.num.partitions", "5");
    props.put("share.coordinator.state.topic.replication.factor", replication);
    props.put("share.coordinator.state.topic.min.isr", minIsr);
    props.put("num.partitions", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    // A killed broker is fenced after its session expires; 6 s instead of 9 s shortens the window
    // in which its partitions have no leader, with room for a GC pause on a busy 2-core machine.
    props.put("broker.session.timeout.ms", "6000");
    props.put("broker.heartbeat.interval.ms", "1000");
    // Topics are created explicitly, as on the embedded broker: a typo fails instead of creating
    // one.
    props.put("auto.create.topics.enable", "false");
    return props;
  }
}
