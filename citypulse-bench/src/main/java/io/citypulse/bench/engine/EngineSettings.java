package io.citypulse.bench.engine;

import java.nio.file.Path;

/**
 * Where an engine reads and writes.
 *
 * @param workDir the engine's own scratch directory (checkpoints, state), deleted after the run
 * @param threads worker threads (Spark local[N] cores, Kafka Streams stream threads)
 * @param statePartitions Spark's shuffle (state) partitions; the peer has its own (the input
 *     topic's partitions)
 * @param peerCacheBytes the Kafka Streams peer's record cache: its default for throughput runs,
 *     0 by default for latency runs (a user with a latency target turns it off); the product has
 *     one configuration for both
 */
public record EngineSettings(
    String bootstrapServers,
    String inputTopic,
    String outputTopic,
    Path workDir,
    int threads,
    int statePartitions,
    long peerCacheBytes) {}
