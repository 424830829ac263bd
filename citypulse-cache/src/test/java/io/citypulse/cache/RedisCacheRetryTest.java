package io.citypulse.cache;

import static io.citypulse.cache.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.testkit.MutableClock;
import io.citypulse.testkit.Ports;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The retry loop against a port where nothing listens (a real "connection refused", no server):
 * a fake sleeper records the waits and moves a fake clock, so nothing here waits.
 */
class RedisCacheRetryTest {
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final int closedPort = Ports.freePort();
  private final List<Duration> waits = new ArrayList<>();
  private final List<CacheEntry> batch = List.of(CacheEntries.of(Records.station("1", 4, T0)));

  /** Sleeps by moving the clock; interrupts the writer after {@code waitsBeforeInterrupt} waits. */
  private Sleeper sleeperInterruptingAfter(int waitsBeforeInterrupt) {
    return duration -> {
      waits.add(duration);
      clock.advance(duration);
      if (waits.size() == waitsBeforeInterrupt) {
        Thread.currentThread().interrupt();
      }
    };
  }

  @Test
  void aRefusedConnectionIsRetriedWithExponentialBackoffUntilInterrupted() {
    try (RedisCache cache = new RedisCache(
        CacheSettings.of("redis://127.0.0.1:" + closedPort),
        clock,
        sleeperInterruptingAfter(8),
        Backoff.DEFAULT)) {

      assertThatThrownBy(() -> cache.write(batch)).isInstanceOf(InterruptedException.class);

      assertThat(waits)
          .extracting(Duration::toMillis)
          .containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L);
      CacheStatus status = cache.status();
      assertThat(status.state()).isEqualTo(CacheStatus.State.RETRYING);
      assertThat(status.since()).isEqualTo(START);
      assertThat(status.lastError()).isEqualTo("Connection refused");
      assertThat(status.retries()).isEqualTo(8);
      assertThat(status.written()).isZero();
      assertThat(status.skipped()).isZero();
    }
  }

  @Test
  void aFreshCacheIsOkSinceItsCreationAndAnEmptyBatchNeedsNoServer() throws Exception {
    try (RedisCache cache = new RedisCache(
        CacheSettings.of("redis://127.0.0.1:" + closedPort),
        clock,
        sleeperInterruptingAfter(1),
        Backoff.DEFAULT)) {

      assertThat(cache.write(List.of())).isEqualTo(WriteOutcome.NONE);
      assertThat(cache.status())
          .isEqualTo(new CacheStatus(CacheStatus.State.OK, START, null, 0, 0, 0));
      assertThat(waits).isEmpty();
    }
  }

  @Test
  void prepareSaysWhichServerIsNotReachableAndWhyWithoutThePassword() {
    String url = "redis://:hunter2-secret@127.0.0.1:" + closedPort;
    try (RedisCache cache = new RedisCache(CacheSettings.of(url))) {

      assertThatThrownBy(cache::prepare)
          .isInstanceOf(RedisCacheException.class)
          .hasMessage("Redis at redis://:***@127.0.0.1:" + closedPort
              + " is not reachable: Connection refused");
    }
    try (RedisCache cache = new RedisCache(CacheSettings.of("redis://127.0.0.1:" + closedPort))) {
      assertThatThrownBy(cache::prepare)
          .hasMessage(
              "Redis at redis://127.0.0.1:" + closedPort + " is not reachable: Connection refused");
    }
  }

  @Test
  void closingTheCacheEndsAWriteThatWaitsForRedis() throws Exception {
    RedisCache cache = new RedisCache(
        CacheSettings.of("redis://127.0.0.1:" + closedPort),
        clock,
        null,
        new Backoff(Duration.ofMinutes(10), Duration.ofMinutes(10), 1));
    List<Throwable> thrown = new ArrayList<>();
    Thread writer = new Thread(() -> {
      try {
        cache.write(batch);
      } catch (Throwable e) {
        synchronized (thrown) {
          thrown.add(e);
        }
      }
    });
    writer.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (cache.status().state() != CacheStatus.State.RETRYING && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(cache.status().state()).isEqualTo(CacheStatus.State.RETRYING);

    cache.close();
    writer.join(Duration.ofSeconds(10).toMillis());

    // A 10-minute wait was cut short by close().
    assertThat(writer.isAlive()).isFalse();
    synchronized (thrown) {
      assertThat(thrown)
          .singleElement()
          .isInstanceOf(IllegalStateException.class)
          .extracting(Throwable::getMessage)
          .isEqualTo("the Redis cache at redis://127.0.0.1:" + closedPort + " is closed");
    }
    assertThatThrownBy(() -> cache.write(batch)).isInstanceOf(IllegalStateException.class);
  }
}
