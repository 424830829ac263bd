package io.citypulse.app.it;

import io.citypulse.cluster.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local cluster of {@code scripts/local-cluster.sh}, made of this build's jars: the Spark home
 * from {@code citypulse-spark-home}'s list, the Kafka and HDFS members on {@code citypulse-cluster}'s
 * class path (both written by the reactor before this module's tests run).
 */
final class ProjectCluster {
  private ProjectCluster() {}

  static LocalCluster at(Path dir) {
    Path root = Path.of("..").toAbsolutePath().normalize();
    Path sparkJars = root.resolve("citypulse-spark-home/target/spark-jars.txt");
    Path classPathFile = root.resolve("citypulse-cluster/target/cluster-classpath.txt");
    try {
      String memberClassPath = root.resolve("citypulse-cluster/target/classes") + ":"
          + Files.readString(classPathFile).trim();
      return LocalCluster.at(LocalCluster.Layout.standard(dir, sparkJars, memberClassPath));
    } catch (IOException e) {
      throw new UncheckedIOException("build the reactor first: no " + classPathFile, e);
    }
  }

  /** The lean jobs jar this module's package phase built. */
  static Path jobsJar() {
    Path jar = Path.of("target", "citypulse-jobs.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("run 'package' first: no " + jar);
    }
    return jar;
  }
}
