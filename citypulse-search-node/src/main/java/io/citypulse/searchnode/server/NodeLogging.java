package io.citypulse.searchnode.server;

import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * OpenSearch logs through log4j; all of it goes to {@code HOME/logs/opensearch.log} (see
 * log4j2.xml beside this class), none to the console the launcher reads.
 */
final class NodeLogging {
  private NodeLogging() {}

  /** Must run before any log4j class loads: the configuration is read once. */
  static void configure(Path logs) {
    System.setProperty("citypulse.opensearch.logs", logs.toString());
    setIfAbsent("log4j2.configurationFile", "io/citypulse/searchnode/server/log4j2.xml");
    // No JMX beans: nothing reads them, and registering them slows the start.
    setIfAbsent("log4j2.disable.jmx", "true");
    // OpenSearch's own launcher sets these Netty options for its HTTP and transport layers: no
    // Unsafe, no selector key-set hack, no per-thread recyclers, no pooled direct arenas.
    setIfAbsent("io.netty.noUnsafe", "true");
    setIfAbsent("io.netty.noKeySetOptimization", "true");
    setIfAbsent("io.netty.recycler.maxCapacityPerThread", "0");
    setIfAbsent("io.netty.allocator.numDirectArenas", "0");
    setIfAbsent("jna.nosys", "true");
  }

  static Logger logger() {
    return LogManager.getLogger("io.citypulse.searchnode");
  }

  /** log4j's own shutdown hook is off (log4j2.xml), so the node's closing is still logged. */
  static void stop() {
    LogManager.shutdown();
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
