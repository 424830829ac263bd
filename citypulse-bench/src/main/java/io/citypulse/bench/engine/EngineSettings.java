package io.citypulse.bench.engine;

import java.nio.file.Path;

/**
 * Where an engine reads and writes.
 *
 * @param workDir the engine's own scratch directory (checkpoints, state), deleted after the run
 * @param threads worker threads (Spark local[N] cores, Kafka Streams stream threads)
 */
public record EngineSettings(String bootstrapServers, String inputTopic, String outputTopic,
    Path workDir, int threads) {}
