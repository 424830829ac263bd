package io.citypulse.jobs.spark;

import java.util.Locale;

/**
 * Where Spark keeps the jobs' state between micro-batches (a session setting; a checkpoint keeps
 * the one it was created with).
 *
 * <p>Measured with the availability job's state keyed by station (docs/benchmarks.md, "Partitioned
 * state"): at 1,500 stations the in-memory HDFS-backed store is as fast as any and starts without
 * a native library; at 100,000 its per-batch cost was 1.5-3 times the single group's while the
 * RocksDB store's was on par (one run each on a loaded machine): the HDFS-backed store copies the
 * whole key map of each partition for every new version, RocksDB writes only the changed keys.
 */
public enum StateStore {
  /** In memory, versions written as delta files: fast start, for small state. */
  HDFS("org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider"),
  /** RocksDB on local disk (native library, loaded once): for large state. */
  ROCKSDB("org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider");

  private final String providerClass;

  StateStore(String providerClass) {
    this.providerClass = providerClass;
  }

  /** Spark's {@code spark.sql.streaming.stateStore.providerClass}. */
  public String providerClass() {
    return providerClass;
  }

  /**
   * {@code hdfs} or {@code rocksdb}, ignoring case.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static StateStore parse(String value) {
    String name = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
    for (StateStore store : values()) {
      if (store.name().equals(name)) {
        return store;
      }
    }
    throw new IllegalArgumentException(
        "unknown state store '" + value + "': expected hdfs or rocksdb");
  }
}
