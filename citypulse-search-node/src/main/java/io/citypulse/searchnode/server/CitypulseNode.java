package io.citypulse.searchnode.server;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.opensearch.action.admin.cluster.health.ClusterHealthResponse;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.env.Environment;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * A single-node OpenSearch on 127.0.0.1. The public Node constructor loads plugins from a
 * distribution's modules directory, which a jar does not have; the protected one takes the netty4
 * transport (HTTP and transport) from the class path instead.
 */
final class CitypulseNode extends Node {
  private static final Collection<Class<? extends Plugin>> PLUGINS = List.of(Netty4Plugin.class);

  private CitypulseNode(Environment environment) {
    super(environment, PLUGINS, true);
  }

  static CitypulseNode create(Path home, int httpPort) {
    Settings settings = settings(home, httpPort);
    return new CitypulseNode(
        InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "citypulse"));
  }

  static Settings settings(Path home, int httpPort) {
    return Settings.builder()
        .put("path.home", home.toString())
        .put("path.data", home.resolve("data").toString())
        .put("path.logs", home.resolve("logs").toString())
        .put("cluster.name", "citypulse")
        .put("node.name", "citypulse")
        // One node, no discovery: it elects itself without cluster.initial_cluster_manager_nodes.
        .put("discovery.type", "single-node")
        .put("network.host", "127.0.0.1")
        .put("http.port", Integer.toString(httpPort))
        // Nothing joins a single node: any free port for the transport layer.
        .put("transport.port", "0")
        // A laptop's nearly full disk would otherwise turn every index read-only.
        .put("cluster.routing.allocation.disk.threshold_enabled", false)
        .build();
  }

  /**
   * Makes new indices default to no replica: a replica has nowhere to go on one node, and every
   * index would stay yellow. A cluster setting (the index creation reads the cluster's metadata,
   * not the node's settings), persisted with the cluster state: set again, it changes nothing.
   */
  void defaultToNoReplicas() {
    client()
        .admin()
        .cluster()
        .prepareUpdateSettings()
        .setPersistentSettings(Settings.builder().put("cluster.default_number_of_replicas", 0))
        .get();
  }

  /**
   * Waits until every index's primary shard is active, so that a restarted node answers searches
   * as soon as it says it is ready (before, its recovering indices answer 503). Gives up after the
   * timeout (a broken index would hold the start forever) and says so.
   *
   * @return whether the cluster is at least yellow
   */
  boolean awaitPrimaries(TimeValue timeout) {
    ClusterHealthResponse health = client()
        .admin()
        .cluster()
        .prepareHealth()
        .setWaitForYellowStatus()
        .setTimeout(timeout)
        .get();
    return !health.isTimedOut();
  }

  /** The bound HTTP port (the chosen one when http.port was 0); valid once started. */
  int httpPort() {
    return injector()
        .getInstance(HttpServerTransport.class)
        .boundAddress()
        .publishAddress()
        .getPort();
  }
}
