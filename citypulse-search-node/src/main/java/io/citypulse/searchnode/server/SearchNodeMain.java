package io.citypulse.searchnode.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The main of the child JVM that {@code EmbeddedSearchNode} starts from citypulse-opensearch.jar:
 * a single-node OpenSearch on 127.0.0.1 whose data and logs live under {@code --home}.
 *
 * <p>The console stays quiet: OpenSearch logs to {@code HOME/logs/opensearch.log}; stdout gets one
 * line once HTTP is bound ({@link NodeArgs#readyLine}); stderr gets one line if the node cannot
 * start. The node closes cleanly on SIGTERM (a shutdown hook) and when stdin reaches end of file,
 * which is how a launcher killed with -9 still takes its node with it.
 */
public final class SearchNodeMain {
  private SearchNodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    NodeArgs nodeArgs;
    try {
      nodeArgs = NodeArgs.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(NodeArgs.PREFIX + e.getMessage() + "; " + NodeArgs.USAGE);
      System.exit(2);
      return;
    }
    System.exit(run(nodeArgs, System.in, System.out, System.err));
  }

  /** Runs the node until stdin ends (or forever with --ignore-stdin); returns the exit status. */
  static int run(NodeArgs args, InputStream stdin, PrintStream out, PrintStream err)
      throws InterruptedException {
    Path home = args.home().toAbsolutePath().normalize();
    try {
      for (String dir : new String[] {"config", "data", "logs"}) {
        Files.createDirectories(home.resolve(dir));
      }
    } catch (IOException e) {
      err.println(NodeArgs.PREFIX + "cannot create the node's directories under " + home + ": "
          + e.getMessage());
      return StartFailure.FAILED;
    }
    // Before the first logger: OpenSearch's classes create theirs as they load.
    NodeLogging.configure(home.resolve("logs"));
    RunningNode node = new RunningNode();
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "opensearch-node-shutdown"));
    int port;
    try {
      port = node.start(home, args.httpPort());
    } catch (Exception e) {
      NodeLogging.logger().error("the node did not start", e);
      err.println(NodeArgs.PREFIX + StartFailure.describe(e, home));
      return StartFailure.exitStatus(e);
    }
    out.println(NodeArgs.readyLine(port));
    out.flush();
    if (!args.watchStdin()) {
      Thread.currentThread().join(); // until SIGTERM
    }
    awaitEndOf(stdin);
    NodeLogging.logger().info("stdin closed (the launcher is gone): stopping");
    return 0;
  }

  private static void awaitEndOf(InputStream stdin) {
    byte[] buffer = new byte[256];
    try {
      while (stdin.read(buffer) >= 0) {
        // The launcher never writes; anything it does write is ignored.
      }
    } catch (IOException e) {
      // A broken pipe means the same as end of file: nobody holds the other end any more.
    }
  }
}
