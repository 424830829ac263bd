package io.citypulse.jobs.spark;

import java.util.Locale;

/**
 * Where Spark keeps the jobs' state between micro-batches (a session setting; a checkpoint keeps
 * the one it was created with).
 *
 * <p>Measured with the availability job's state keyed by station (docs/benchmarks.md, "Partitioned
 * state"): on a quiet 2-core machine at 100,000 stations the in-memory HDFS-backed store gave a
 * p50 latency of 1,076 ms and RocksDB 1,400 ms (its per-key native calls cost more than the
 * in-memory store's copy of each partition's key map per version). RocksDB keeps the state off
 * the JVM heap and writes only the changed keys: the choice for a state larger than the heap.
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
