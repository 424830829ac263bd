package io.citypulse.bench.worker;

import io.citypulse.bench.data.StationCatalog;
import io.citypulse.bench.data.UpdateGenerator;
import io.citypulse.bench.engine.Engine;
import io.citypulse.bench.engine.EngineSettings;
import io.citypulse.bench.stats.Stats;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.sources.publish.ProducerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * End-to-end latency of one engine at a fixed input rate: engine started on empty topics, a
 * producer thread sends fresh station records at the rate (fetched_at = the send instant), a
 * consumer reads the output topic; latency = arrival of the reflecting aggregate - fetched_at, both
 * from this JVM's monotonic clock.
 *
 * <p>Warm-up: inputs are measured from {@code warmup} after the FIRST aggregate appeared, for
 * {@code duration}. Counting the warm-up from the engine's start instead would put the engine's
 * cold start (Spark: a first micro-batch of ~10 s, then a backlog to catch up) into the
 * percentiles; start-up has its own benchmark.
 */
final class LatencyWorker {
  private static final Duration DRAIN = Duration.ofSeconds(15);
  private static final Duration FIRST_OUTPUT_WITHIN = Duration.ofMinutes(3);

  static Map<String, Object> run(WorkerParams params) throws Exception {
    Path runDir = params.path("dir");
    String engineName = params.text("engine");
    int rate = params.integer("rate");
    Duration warmup = Duration.ofMillis(params.number("warmup-ms"));
    Duration duration = Duration.ofMillis(params.number("duration-ms"));
    long seed = params.number("seed");
    long pid = ProcessHandle.current().pid();

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("engine", engineName);
    result.put("rate", rate);
    try (WorkerBroker broker = WorkerBroker.start(runDir);
        Engine engine = Engine.named(
            engineName,
            new EngineSettings(
                broker.bootstrapServers(),
                WorkerBroker.INPUT,
                WorkerBroker.OUTPUT,
                runDir.resolve("engine"),
                params.integer("threads"),
                params.integer("state-partitions"),
                params.number("peer-cache-bytes")));
        OutputReader output = new OutputReader(broker.bootstrapServers(), WorkerBroker.OUTPUT)) {
      engine.prepare();
      System.gc();
      ProcStatus.resetOwnPeak();
      long started = System.nanoTime();
      engine.start();

      MicrosClock clock = new MicrosClock();
      LatencyMatcher matcher = new LatencyMatcher();
      UpdateGenerator generator = new UpdateGenerator(
          StationCatalog.generate(seed, params.integer("stations")), seed, Instant.now(), 0);
      FixedRateProducer producer = new FixedRateProducer(
          broker.bootstrapServers(), generator, matcher, clock, rate, warmup, duration);
      Thread producerThread = new Thread(producer, "bench-fixed-rate-producer");
      producerThread.start();

      long drainDeadline = Long.MAX_VALUE;
      while (true) {
        List<OutputReader.Output> polled = output.poll(Duration.ofMillis(20));
        if (!polled.isEmpty() && !producer.firstOutputSeen()) {
          producer.firstOutputAt(polled.get(0).arrivalNanos());
          result.put("first_output_after_start_ms", (polled.get(0).arrivalNanos() - started) / 1e6);
        }
        if (!producer.firstOutputSeen()
            && System.nanoTime() - started > FIRST_OUTPUT_WITHIN.toNanos()) {
          producer.stop();
          throw new IllegalStateException(
              "no aggregate within " + FIRST_OUTPUT_WITHIN.toSeconds() + " s of the start");
        }
        for (OutputReader.Output o : polled) {
          PostcodeAvailability value = o.value();
          if (value != null && value.updatedAt() != null) {
            matcher.received(
                o.postcode(),
                MicrosClock.micros(value.updatedAt()),
                clock.micros(o.arrivalNanos()));
          }
        }
        Optional<Throwable> failure = engine.failure();
        if (failure.isPresent()) {
          producer.stop();
          throw new IllegalStateException(engineName + " failed: " + failure.get(), failure.get());
        }
        if (!producerThread.isAlive()) {
          if (drainDeadline == Long.MAX_VALUE) {
            drainDeadline = System.nanoTime() + DRAIN.toNanos();
          }
          if (matcher.measuredPending() == 0 || System.nanoTime() > drainDeadline) {
            break;
          }
        }
      }
      producerThread.join();
      if (producer.failure() != null) {
        throw new IllegalStateException(
            "producer failed: " + producer.failure(), producer.failure());
      }
      long[] sorted = matcher.sortedLatenciesMicros();
      result.put("measured_inputs", matcher.measuredSent());
      result.put("achieved_rate", matcher.measuredSent() / (duration.toMillis() / 1000.0));
      result.put("matched", sorted.length);
      result.put("unmatched", matcher.measuredPending());
      result.put("matched_exact", matcher.exact());
      result.put("matched_covered_by_later_input", matcher.covered());
      if (sorted.length > 0) {
        result.put("p50_ms", Stats.percentile(sorted, 50) / 1000.0);
        result.put("p95_ms", Stats.percentile(sorted, 95) / 1000.0);
        result.put("p99_ms", Stats.percentile(sorted, 99) / 1000.0);
        result.put("max_ms", sorted[sorted.length - 1] / 1000.0);
        result.put("min_ms", sorted[0] / 1000.0);
      }
      result.put("rss_peak_mb", ProcStatus.kbToMb(ProcStatus.peakRssKb(pid).orElse(-1)));
      result.put("details", engine.details());
    }
    return result;
  }

  /** Epoch microseconds from the monotonic clock: one base instant, then System.nanoTime. */
  static final class MicrosClock {
    private final long baseEpochMicros = micros(Instant.now());
    private final long baseNanos = System.nanoTime();
    private long last;

    long micros(long nanoTime) {
      return baseEpochMicros + (nanoTime - baseNanos) / 1_000;
    }

    /** A strictly increasing "now", so every input has its own fetched_at. */
    synchronized long nextUniqueMicros() {
      last = Math.max(last + 1, micros(System.nanoTime()));
      return last;
    }

    static long micros(Instant instant) {
      return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    static Instant instant(long micros) {
      return Instant.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
  }

  /**
   * Sends at {@code rate} records/s until {@code duration} after the measured window opened
   * ({@code warmup} after the first aggregate), catching up each half millisecond.
   */
  static final class FixedRateProducer implements Runnable {
    private final String bootstrap;
    private final UpdateGenerator generator;
    private final LatencyMatcher matcher;
    private final MicrosClock clock;
    private final int rate;
    private final Duration warmup;
    private final Duration duration;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong acked = new AtomicLong();
    private volatile boolean stopped;
    private volatile long measureFrom = Long.MAX_VALUE;

    FixedRateProducer(
        String bootstrap,
        UpdateGenerator generator,
        LatencyMatcher matcher,
        MicrosClock clock,
        int rate,
        Duration warmup,
        Duration duration) {
      this.bootstrap = bootstrap;
      this.generator = generator;
      this.matcher = matcher;
      this.clock = clock;
      this.rate = rate;
      this.warmup = warmup;
      this.duration = duration;
    }

    @Override
    public void run() {
      // The product's own producer settings (acks=all, idempotent, linger 20 ms): the linger is
      // part of what a record of the real pipeline waits, so it is inside the latency.
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(ProducerSettings.producerConfig(bootstrap, "bench-fixed-rate"))) {
        long start = System.nanoTime();
        long sent = 0;
        while (!stopped) {
          long now = System.nanoTime();
          long from = measureFrom;
          if (from != Long.MAX_VALUE && now >= from + duration.toNanos()) {
            break;
          }
          long due = (now - start) * rate / 1_000_000_000L;
          while (sent < due) {
            long fetched = clock.nextUniqueMicros();
            StationRecord record = generator.liveUpdate(MicrosClock.instant(fetched));
            long windowStart = measureFrom;
            boolean measured = windowStart != Long.MAX_VALUE && System.nanoTime() >= windowStart;
            matcher.sent(record.postcode(), fetched, measured);
            producer.send(
                new ProducerRecord<>(WorkerBroker.INPUT, record.key(), Json.write(record)),
                (md, e) -> {
                  if (e != null) {
                    failure.compareAndSet(null, e);
                  } else {
                    acked.incrementAndGet();
                  }
                });
            sent++;
          }
          LockSupport.parkNanos(500_000);
        }
        producer.flush();
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
      }
    }

    void stop() {
      stopped = true;
    }

    void firstOutputAt(long nanos) {
      measureFrom = nanos + warmup.toNanos();
    }

    boolean firstOutputSeen() {
      return measureFrom != Long.MAX_VALUE;
    }

    Exception failure() {
      return failure.get();
    }
  }
}
