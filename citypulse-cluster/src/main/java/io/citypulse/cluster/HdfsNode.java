package io.citypulse.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * The HDFS member of the local cluster, run in a JVM of its own: a NameNode and one DataNode (the
 * shaded Hadoop minicluster) on 127.0.0.1, the NameNode on a fixed port so that {@code hdfs://}
 * URIs stay valid across a restart, data kept under {@code DIR} (formatted on the first start
 * only). Writes {@code DIR/ready} with the file system's URI once it accepts writes; stops on
 * SIGTERM.
 *
 * <p>Usage: {@code HdfsNode DIR NAMENODE_PORT}
 */
public final class HdfsNode {
  private HdfsNode() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: HdfsNode DIR NAMENODE_PORT");
      System.exit(2);
    }
    Path dir = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    Path ready = dir.resolve("ready");
    Files.deleteIfExists(ready);
    boolean fresh = !Files.isDirectory(dir.resolve("data").resolve("name1"));
    Configuration conf = new Configuration();
    // One DataNode: blocks cannot have the default three replicas.
    conf.setInt("dfs.replication", 1);
    // Every local user (the driver, the executors of the workers) may write anywhere.
    conf.setBoolean("dfs.permissions.enabled", false);
    MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf, dir.resolve("data").toFile())
        .nameNodePort(port)
        .numDataNodes(1)
        .format(fresh)
        .manageNameDfsDirs(true)
        .manageDataDfsDirs(true)
        .build();
    hdfs.waitActive();
    hdfs.getFileSystem().mkdirs(new org.apache.hadoop.fs.Path("/citypulse"));
    String uri = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(
            () -> {
              try {
                Files.deleteIfExists(ready);
              } catch (IOException e) {
                // the file only says "ready"; a stale one is checked against the port anyway
              }
              hdfs.shutdown();
              stopped.countDown();
            },
            "hdfs-shutdown"));
    Path temp = dir.resolve("ready.tmp");
    Files.writeString(temp, uri + "\n");
    Files.move(temp, ready, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    System.out.println("HDFS ready at " + uri + (fresh ? " (formatted)" : " (existing data)"));
    stopped.await();
  }
}
