package io.citypulse.bench.engine;

import java.nio.file.Path;

/**
 * Where an engine reads and writes.
 *
 * @param workDir the engine's own scratch directory (checkpoints, state), deleted after the run
 * @param threads worker threads (Spark local[N] cores, Kafka Streams stream threads)
 * @param latencyRun true for a fixed-rate latency run: the peer then runs without its record
 *     cache, as a user with a latency target would; the product has one configuration for both
 */
public record EngineSettings(String bootstrapServers, String inputTopic, String outputTopic,
    Path workDir, int threads, boolean latencyRun) {}
