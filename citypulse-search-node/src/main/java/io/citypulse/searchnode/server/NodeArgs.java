package io.citypulse.searchnode.server;

import java.nio.file.Path;

/**
 * The child's command line, and the one line it prints on stdout once it serves HTTP: the whole
 * protocol between the launcher and the node. No OpenSearch types here, so it is checked without a
 * node.
 *
 * @param home the node's path.home (config, data, logs)
 * @param httpPort 0 for a free port
 * @param watchStdin exit when stdin reaches end of file: the launcher holds the other end of the
 *     pipe, which the kernel closes when the launcher's JVM dies, even by kill -9
 */
public record NodeArgs(Path home, int httpPort, boolean watchStdin) {
  /** The prefix of every line the child prints on stderr. */
  public static final String PREFIX = "citypulse-opensearch: ";

  public static final String READY = "citypulse-opensearch ready http=";

  public static final String USAGE = "usage: java -jar citypulse-opensearch.jar --home DIR"
      + " [--http-port N (0 = a free port, the default)] [--ignore-stdin]";

  public NodeArgs {
    if (home == null) {
      throw new IllegalArgumentException("--home is required");
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("--http-port " + httpPort + " is not a port (0-65535)");
    }
  }

  /**
   * @throws IllegalArgumentException naming the argument that is wrong or missing
   */
  public static NodeArgs parse(String... args) {
    Path home = null;
    int httpPort = 0;
    boolean watchStdin = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--home" -> home = Path.of(value(args, i++));
        case "--http-port" -> httpPort = port(value(args, i++));
        case "--ignore-stdin" -> watchStdin = false;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    return new NodeArgs(home, httpPort, watchStdin);
  }

  /** The line the launcher waits for; printed once the node has started and HTTP is bound. */
  public static String readyLine(int httpPort) {
    return READY + "127.0.0.1:" + httpPort;
  }

  private static String value(String[] args, int option) {
    if (option + 1 >= args.length || args[option + 1].isBlank()) {
      throw new IllegalArgumentException(args[option] + " needs a value");
    }
    return args[option + 1];
  }

  private static int port(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--http-port " + value + " is not a number");
    }
  }
}
