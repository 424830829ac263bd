#!/usr/bin/env bash
# A local cluster from the project's own jars: a Spark standalone master and 2 workers, an HDFS
# NameNode + DataNode and a 3-broker KRaft Kafka, each in its own JVM on 127.0.0.1.
#
#   eval "$(scripts/local-cluster.sh start)"      # prints KAFKA_BOOTSTRAP=, SPARK_MASTER=, HDFS_URI=...
#   scripts/local-cluster.sh status
#   scripts/local-cluster.sh kill broker 2        # kill -9 one member (broker N, worker N)
#   scripts/local-cluster.sh restart broker 2
#   scripts/local-cluster.sh stop                 # nothing of the cluster keeps running
#
# Options (after the command): --dir DIR (default .citypulse-cluster, or $CITYPULSE_CLUSTER_DIR),
# --brokers N, --workers N, --worker-cores N, --worker-memory 2g. Needs a build first:
#   ./mvnw -B package -DskipTests
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
classpath_file="$root/citypulse-cluster/target/cluster-classpath.txt"
classes="$root/citypulse-cluster/target/classes"
if [ ! -f "$classpath_file" ] || [ ! -d "$classes" ]; then
  echo "local-cluster: build the project first: ./mvnw -B package -DskipTests" >&2
  exit 2
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -Xmx256m -Dcitypulse.spark-jars="$root/citypulse-spark-home/target/spark-jars.txt" \
  -cp "$classes:$(cat "$classpath_file")" io.citypulse.cluster.LocalClusterCommand "$@"
