package io.citypulse.cache;

import static io.citypulse.cache.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Writes per second: 100,000 station entries (10,000 stations, 10 states each) in batches of
 * 1,000, as the app's consumer loop would feed them, against a local redis-server. Prints the
 * rate; asserts only that everything landed and a floor far below what a laptop does, so a slow
 * CI machine does not fail it.
 */
class RedisCacheThroughputIT {
  private static final int STATIONS = 10_000;
  private static final int STATES = 10;
  private static final int BATCH = 1_000;

  @Test
  // A measurement, not a check: run with CITYPULSE_BENCH=1 (docs/benchmarks.md).
  @EnabledIfEnvironmentVariable(named = "CITYPULSE_BENCH", matches = "1")
  void writes100kStationEntriesInBatchesOf1000() throws Exception {
    RedisServerProcess.assumeAvailable();
    List<CacheEntry> entries = new ArrayList<>(STATIONS * STATES);
    for (int state = 0; state < STATES; state++) {
      for (int s = 0; s < STATIONS; s++) {
        entries.add(CacheEntries.of(
            Records.station("S" + s, (s + state) % 30, T0.plusSeconds(60L * state + s % 60))));
      }
    }

    try (RedisServerProcess server = RedisServerProcess.start(RedisServerProcess.Options.DEFAULT);
        RedisCache cache = new RedisCache(CacheSettings.of(server.url()))) {
      cache.prepare();
      // Warm-up (JIT, connection): a first batch of stations that are not measured.
      List<CacheEntry> warmUp = new ArrayList<>();
      for (int s = 0; s < BATCH; s++) {
        warmUp.add(CacheEntries.of(Records.station("W" + s, 1, T0)));
      }
      cache.write(warmUp);

      double serverCpuBefore = serverCpuSeconds(server);
      java.lang.management.ThreadMXBean threads =
          java.lang.management.ManagementFactory.getThreadMXBean();
      long clientCpuBefore = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      WriteOutcome total = WriteOutcome.NONE;
      for (int from = 0; from < entries.size(); from += BATCH) {
        total = total.plus(cache.write(entries.subList(from, from + BATCH)));
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      double serverCpu = serverCpuSeconds(server) - serverCpuBefore;
      double clientCpu = (threads.getCurrentThreadCpuTime() - clientCpuBefore) / 1e9;
      long replayStart = System.nanoTime();
      WriteOutcome replay = WriteOutcome.NONE;
      for (int from = 0; from < entries.size(); from += BATCH) {
        replay = replay.plus(cache.write(entries.subList(from, from + BATCH)));
      }
      Duration replayTook = Duration.ofNanos(System.nanoTime() - replayStart);

      double perSecond = entries.size() / (took.toNanos() / 1e9);
      double replayPerSecond = entries.size() / (replayTook.toNanos() / 1e9);
      System.out.printf(
          "RedisCache throughput: %,d station entries in batches of %,d: %.2f s, %,.0f entries/s;"
              + " redis-server CPU %.2f s (%,.0f entries per CPU second), writer thread CPU %.2f s;"
              + " replayed: %.2f s,"
              + " %,.0f entries/s; load average %.1f%n",
          entries.size(),
          BATCH,
          took.toNanos() / 1e9,
          perSecond,
          serverCpu,
          entries.size() / serverCpu,
          clientCpu,
          replayTook.toNanos() / 1e9,
          replayPerSecond,
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

      assertThat(total).isEqualTo(new WriteOutcome(STATIONS * STATES, 0, 0));
      assertThat(replay.changed()).isZero();
      assertThat(replay.total()).isEqualTo(STATIONS * STATES);
      assertThat(cache.keys(CacheKind.STATION)).hasSize(STATIONS + BATCH);
      assertThat(cache.history(CacheKind.STATION, "velib:S42")).hasSize(STATES);
      assertThat(perSecond).isGreaterThan(1_000);
    }
  }

  /** CPU time the server has used (INFO cpu): a rate that other load on the machine skews less. */
  private static double serverCpuSeconds(RedisServerProcess server) {
    try (RedisTestClient client = new RedisTestClient(server)) {
      double seconds = 0;
      for (String line : client.jedis().info("cpu").split("\r?\n")) {
        if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
          seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
        }
      }
      return seconds;
    }
  }
}
