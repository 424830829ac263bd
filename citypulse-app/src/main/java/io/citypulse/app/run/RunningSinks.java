package io.citypulse.app.run;

import io.citypulse.app.sink.TopicSink;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pipeline's started topic sinks (the search index, the cache) by name, with their meters on
 * {@code /metrics}: records written per stream, records refused, input lag, and whether the sink's
 * server is away ({@code citypulse_sink_retrying} = 1).
 */
final class RunningSinks {
  private final MeterRegistry registry;
  private final Map<String, TopicSink> sinks = new ConcurrentHashMap<>();

  RunningSinks(MeterRegistry registry) {
    this.registry = registry;
  }

  void add(TopicSink sink, List<String> streams) {
    String name = sink.snapshot().name();
    sinks.put(name, sink);
    for (String stream : streams) {
      FunctionCounter.builder(
              "citypulse.sink.records.written",
              sink,
              s -> s.snapshot().written().getOrDefault(stream, 0L))
          .tag("sink", name)
          .tag("stream", stream)
          .description("Records the sink wrote to its server")
          .register(registry);
    }
    FunctionCounter.builder(
            "citypulse.sink.records.refused", sink, s -> s.snapshot().refused())
        .tag("sink", name)
        .description("Records the sink's server refused for good (sent to the dead-letter topic)")
        .register(registry);
    Gauge.builder("citypulse.sink.lag", sink, s -> s.snapshot().lag())
        .tag("sink", name)
        .description("Records of the sink's topics not written yet")
        .register(registry);
    Gauge.builder("citypulse.sink.retrying", sink, s -> s.snapshot().health().retrying() ? 1 : 0)
        .tag("sink", name)
        .description("1 while the sink's server is away and a batch is being retried")
        .register(registry);
  }

  void remove(String name) {
    sinks.remove(name);
  }

  /** Each started sink's snapshot, in name order. */
  List<TopicSink.Snapshot> snapshots() {
    return new TreeMap<>(sinks).values().stream().map(TopicSink::snapshot).toList();
  }
}
