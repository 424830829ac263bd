package io.citypulse.dashboard.web;

import io.citypulse.dashboard.feed.ReaderPosition;
import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.dashboard.state.Kind;
import io.citypulse.dashboard.state.KindStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToLongFunction;

/** Exposes what the dashboard has read, per stream, as Micrometer meters read from the state. */
final class DashboardMetrics {
  private DashboardMetrics() {}

  static void bind(DashboardState state, ReaderPosition reader, MeterRegistry registry) {
    Gauge.builder(
            "citypulse.dead.letter.topic.records",
            reader,
            r -> r.deadLetters() == null ? Double.NaN : r.deadLetters())
        .description("Records written to the dead-letter topic (its end offsets)")
        .register(registry);
    for (Kind kind : Kind.values()) {
      String stream = kind.eventName();
      Gauge.builder(
              "citypulse.dashboard.keys", state, s -> s.stats().get(stream).keys())
          .description("Keys held by the dashboard")
          .tag("stream", stream)
          .register(registry);
      Gauge.builder(
              "citypulse.dashboard.lag", reader, r -> r.lagByStream().getOrDefault(stream, 0L))
          .description("Records of the stream's topic the dashboard has not read yet")
          .tag("stream", stream)
          .register(registry);
      counter(registry, state, stream, "applied", KindStats::applied);
      counter(registry, state, stream, "stale", KindStats::stale);
      counter(registry, state, stream, "unreadable", KindStats::unreadable);
    }
  }

  private static void counter(
      MeterRegistry registry,
      DashboardState state,
      String stream,
      String outcome,
      ToLongFunction<KindStats> value) {
    FunctionCounter.builder(
            "citypulse.dashboard.records",
            state,
            s -> value.applyAsLong(s.stats().get(stream)))
        .description(
            "Records read by the dashboard, by outcome (stale = older than the state held)")
        .tag("stream", stream)
        .tag("outcome", outcome)
        .register(registry);
  }
}
