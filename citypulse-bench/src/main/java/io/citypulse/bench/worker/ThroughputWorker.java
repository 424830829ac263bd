package io.citypulse.bench.worker;

import io.citypulse.bench.data.ExpectedTotals;
import io.citypulse.bench.data.StationCatalog;
import io.citypulse.bench.data.UpdateGenerator;
import io.citypulse.bench.engine.Engine;
import io.citypulse.bench.engine.EngineSettings;
import io.citypulse.bench.engine.PostcodeAvailabilityTopology;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.sources.publish.ProducerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Throughput of one engine: N generated records pre-loaded into the input topic (off the clock),
 * then the clock runs from the engine's start until the output topic's latest value of every
 * postcode equals the independently folded expected totals. records/s = N / that time.
 */
final class ThroughputWorker {
  /** Fixed start of the generated timeline, so every run generates the same records. */
  static final Instant TIMELINE_START = Instant.parse("2026-01-05T06:00:00Z");

  static final double STALE_FRACTION = 0.05;
  /** Heap of the pre-load process (it only generates, folds and sends). */
  private static final String LOADER_HEAP = "512m";

  private static final Duration STABLE_FOR = Duration.ofSeconds(2);

  static Map<String, Object> run(WorkerParams params) throws Exception {
    Path runDir = params.path("dir");
    String engineName = params.text("engine");
    long records = params.number("records");
    long seed = params.number("seed");
    int threads = params.integer("threads");
    Duration timeout = Duration.ofSeconds(params.number("timeout-seconds"));
    long pid = ProcessHandle.current().pid();

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("engine", engineName);
    result.put("records", records);
    try (WorkerBroker broker = WorkerBroker.start(runDir)) {
      // The records are generated and sent by a separate short-lived JVM: generating and
      // serialising millions of records here would grow this process's heap (and so its RSS)
      // before the engine even starts.
      long preloadStart = System.nanoTime();
      Map<String, Object> loaded = new WorkerLauncher(LOADER_HEAP, false)
          .run(
              "preload",
              Map.of(
                  "bootstrap",
                  broker.bootstrapServers(),
                  "records",
                  Long.toString(records),
                  "seed",
                  Long.toString(seed),
                  "stations",
                  params.text("stations")),
              runDir.resolve("loader"),
              Duration.ofMinutes(30));
      if (loaded.containsKey("error")) {
        throw new IllegalStateException(
            "pre-load failed: " + loaded.get("error") + " " + loaded.get("log_errors"));
      }
      result.put("preload_ms", millisSince(preloadStart));
      result.put(WorkerMain.CHILD_CPU, loaded.get("process_cpu_s"));
      result.put("input_mb", loaded.get("input_mb"));
      result.put("accepted_records", loaded.get("accepted_records"));
      result.put("stale_records", loaded.get("stale_records"));
      Map<String, PostcodeAvailability> totals = new HashMap<>();
      for (Object value : (List<?>) loaded.get("expected")) {
        PostcodeAvailability a = Json.MAPPER.convertValue(value, PostcodeAvailability.class);
        totals.put(a.postcode(), a);
      }
      result.put("postcodes", totals.size());

      try (Engine engine = Engine.named(
              engineName,
              new EngineSettings(
                  broker.bootstrapServers(),
                  WorkerBroker.INPUT,
                  WorkerBroker.OUTPUT,
                  runDir.resolve("engine"),
                  threads,
                  params.integer("state-partitions"),
                  PostcodeAvailabilityTopology.CACHE_BYTES));
          OutputReader output = new OutputReader(broker.bootstrapServers(), WorkerBroker.OUTPUT)) {
        engine.prepare();
        System.gc();
        OptionalLong peakBefore = ProcStatus.peakRssKb(pid);
        boolean reset = ProcStatus.resetOwnPeak();
        OptionalLong rssAtStart = ProcStatus.rssKb(pid);

        Map<String, PostcodeAvailability> latest = new HashMap<>();
        long outputs = 0;
        long start = System.nanoTime();
        engine.start();
        long deadline = start + timeout.toNanos();
        long convergedAt = -1;
        while (System.nanoTime() < deadline) {
          List<OutputReader.Output> polled = output.poll(Duration.ofMillis(50));
          for (OutputReader.Output o : polled) {
            latest.put(o.postcode(), o.value());
          }
          outputs += polled.size();
          if (!polled.isEmpty() && latest.equals(totals)) {
            convergedAt = polled.get(0).arrivalNanos();
            break;
          }
          Optional<Throwable> failure = engine.failure();
          if (failure.isPresent()) {
            throw new IllegalStateException(
                engineName + " failed: " + failure.get(), failure.get());
          }
        }
        boolean converged = convergedAt > 0;
        if (converged) {
          // Nothing the engine emits later may move a postcode away from the expected totals.
          long stableUntil = convergedAt + STABLE_FOR.toNanos();
          while (System.nanoTime() < stableUntil) {
            for (OutputReader.Output o : output.poll(Duration.ofMillis(100))) {
              latest.put(o.postcode(), o.value());
              outputs++;
            }
          }
        }
        boolean correct = converged && latest.equals(totals);
        double elapsedMs = (convergedAt - start) / 1e6;
        result.put("converged", converged);
        result.put("correct", correct);
        result.put("elapsed_ms", converged ? elapsedMs : null);
        result.put("records_per_s", converged ? records / (elapsedMs / 1000.0) : null);
        result.put("output_records", outputs);
        result.put("unreadable_outputs", output.unreadable());
        if (!correct) {
          result.put("mismatches", mismatches(totals, latest));
        }
        long peakEngine = ProcStatus.peakRssKb(pid).orElse(-1);
        result.put("rss_peak_mb", reset ? ProcStatus.kbToMb(peakEngine) : null);
        result.put(
            "rss_peak_process_mb", ProcStatus.kbToMb(Math.max(peakEngine, peakBefore.orElse(-1))));
        result.put(
            "rss_at_start_mb",
            rssAtStart.isPresent() ? ProcStatus.kbToMb(rssAtStart.getAsLong()) : null);
        result.put("details", engine.details());
      }
    }
    return result;
  }

  /**
   * The pre-load process: generates the records, sends them (as the product's publisher would:
   * its producer settings, key, JSON value) and returns the expected final totals.
   */
  static Map<String, Object> preload(WorkerParams params) {
    long records = params.number("records");
    long seed = params.number("seed");
    UpdateGenerator generator = new UpdateGenerator(
        StationCatalog.generate(seed, params.integer("stations")),
        seed,
        TIMELINE_START,
        STALE_FRACTION);
    ExpectedTotals expected = new ExpectedTotals();
    long bytes =
        send(params.text("bootstrap"), WorkerBroker.INPUT, "bench-preload", records, () -> {
          StationRecord record = generator.next();
          expected.offer(record);
          return record;
        });
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("input_mb", bytes / 1e6);
    result.put("accepted_records", expected.accepted());
    result.put("stale_records", expected.ignored());
    result.put("expected", new ArrayList<>(expected.totals().values()));
    return result;
  }

  /**
   * Sends {@code records} records from {@code next} as the product's publisher would (its
   * producer settings, key, JSON value) and waits until every one is acknowledged.
   *
   * @return the bytes of the values sent
   */
  static long send(
      String bootstrap, String topic, String clientId, long records, Supplier<StationRecord> next) {
    AtomicReference<Exception> failure = new AtomicReference<>();
    AtomicLong acked = new AtomicLong();
    long bytes = 0;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(ProducerSettings.producerConfig(bootstrap, clientId))) {
      for (long i = 0; i < records; i++) {
        StationRecord record = next.get();
        byte[] value = Json.write(record);
        bytes += value.length;
        producer.send(new ProducerRecord<>(topic, record.key(), value), (md, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          } else {
            acked.incrementAndGet();
          }
        });
      }
      producer.flush();
    }
    if (failure.get() != null || acked.get() != records) {
      throw new IllegalStateException(
          "pre-load failed: " + acked.get() + " of " + records + " records acknowledged",
          failure.get());
    }
    return bytes;
  }

  private static List<String> mismatches(
      Map<String, PostcodeAvailability> expected, Map<String, PostcodeAvailability> actual) {
    List<String> out = new ArrayList<>();
    for (var e : expected.entrySet()) {
      PostcodeAvailability got = actual.get(e.getKey());
      if (!e.getValue().equals(got) && out.size() < 5) {
        out.add("expected " + e.getValue() + " got " + got);
      }
    }
    for (String postcode : actual.keySet()) {
      if (!expected.containsKey(postcode) && out.size() < 10) {
        out.add("unexpected postcode " + postcode + ": " + actual.get(postcode));
      }
    }
    return out;
  }

  static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }
}
