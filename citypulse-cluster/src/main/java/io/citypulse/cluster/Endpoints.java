package io.citypulse.cluster;

import java.nio.file.Path;

/**
 * Where the local cluster's services answer, as a user (or a test) points citypulse at them.
 *
 * @param kafkaBootstrap every broker, {@code 127.0.0.1:P1,...}
 * @param sparkMaster {@code spark://127.0.0.1:P}
 * @param sparkMasterUi the master's web UI (workers, applications, executors)
 * @param hdfsUri {@code hdfs://127.0.0.1:P}
 * @param sparkHome a Spark home for {@code spark-submit} and SparkLauncher
 * @param dir the cluster's state and logs
 */
public record Endpoints(
    String kafkaBootstrap,
    String sparkMaster,
    String sparkMasterUi,
    String hdfsUri,
    Path sparkHome,
    Path dir) {

  /** Shell-sourceable lines: {@code eval "$(scripts/local-cluster.sh start)"}. */
  public String shellLines() {
    return "KAFKA_BOOTSTRAP=" + kafkaBootstrap + "\n"
        + "SPARK_MASTER=" + sparkMaster + "\n"
        + "SPARK_MASTER_UI=" + sparkMasterUi + "\n"
        + "HDFS_URI=" + hdfsUri + "\n"
        + "SPARK_HOME=" + quoted(sparkHome) + "\n"
        + "CITYPULSE_CLUSTER_DIR=" + quoted(dir) + "\n";
  }

  private static String quoted(Path path) {
    return "'" + path.toString().replace("'", "'\\''") + "'";
  }
}
