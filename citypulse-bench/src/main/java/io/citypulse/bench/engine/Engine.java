package io.citypulse.bench.engine;

import java.util.Map;
import java.util.Optional;

/** A stream processor under measurement: prepared off the clock, started on it. */
public interface Engine extends AutoCloseable {

  /** Short name used in results: {@code citypulse} or {@code kafka-streams}. */
  String name();

  /** Everything that is not the engine's own start (e.g. the Spark session), off the clock. */
  void prepare() throws Exception;

  /** Starts processing and returns (the clock runs from the call). */
  void start() throws Exception;

  /** The failure that stopped the engine, if it stopped. */
  Optional<Throwable> failure();

  /** What the engine reports about its run (batches, durations...), for the JSON. */
  Map<String, Object> details();

  @Override
  void close();

  /** An engine by its {@link #name()}. */
  static Engine named(String name, EngineSettings settings) {
    return switch (name) {
      case SparkEngine.NAME -> new SparkEngine(settings);
      case KafkaStreamsEngine.NAME -> new KafkaStreamsEngine(settings);
      default ->
        throw new IllegalArgumentException("unknown engine " + name + " (expected "
            + SparkEngine.NAME + " or " + KafkaStreamsEngine.NAME + ")");
    };
  }
}
