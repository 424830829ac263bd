package io.citypulse.sources.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.SystemReport.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler and its workers with systems that stand in for GBFS pollers (no server): a hung
 * system delays no other, a host at its cap waits, a stationless system is set aside. The rules
 * themselves are {@link SystemsScheduleTest}'s, on a hand-moved clock; here real threads run them.
 */
class SystemsPollerTest {
  private SystemsPoller poller;

  @AfterEach
  void stop() {
    if (poller != null) {
      poller.close(Duration.ofSeconds(5));
    }
  }

  /** A system that answers after {@code gate} opens (open by default), every {@code every}. */
  private static final class FakeSystem implements SystemsPoller.PolledSystem {
    final String id;
    final String host;
    final Duration every;
    final AtomicInteger polls = new AtomicInteger();
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile boolean failing;
    volatile String stationless;
    volatile Instant lastSuccess;
    volatile String lastError;
    volatile Instant lastErrorAt;
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger mostConcurrent = new AtomicInteger();

    FakeSystem(String id, String host, Duration every) {
      this.id = id;
      this.host = host;
      this.every = every;
    }

    @Override
    public String systemId() {
      return id;
    }

    @Override
    public String host() {
      return host;
    }

    @Override
    public Duration pollOnce() {
      mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        concurrent.decrementAndGet();
      }
      polls.incrementAndGet();
      if (failing) {
        lastError = "station_status http://" + host + "/: HTTP 500";
        lastErrorAt = Instant.now();
      } else if (stationless == null) {
        lastSuccess = Instant.ofEpochMilli(0).plusNanos(polls.get()); // a new instant each poll
      }
      return every;
    }

    @Override
    public PollerStatus status() {
      return new PollerStatus(
          true, null, "2.3", lastSuccess, lastErrorAt, lastError, 7, 7, null, null, 10);
    }

    @Override
    public String stationless() {
      return stationless;
    }

    @Override
    public long published() {
      return polls.get() * 7L;
    }
  }

  private SystemsPoller start(int maxInFlight, int maxPerHost, FakeSystem... systems) {
    poller = new SystemsPoller(
        List.of(systems),
        maxInFlight,
        maxPerHost,
        Clock.systemUTC(),
        new Counters(),
        Duration.ofMillis(10));
    poller.start();
    return poller;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  private SystemReport report(String id) {
    return poller.reports().stream()
        .filter(r -> r.systemId().equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aHungSystemDelaysNoOther() throws Exception {
    FakeSystem hung = new FakeSystem("hung", "slow.example", Duration.ofMillis(20));
    hung.gate = new CountDownLatch(1);
    FakeSystem quick = new FakeSystem("quick", "fast.example", Duration.ofMillis(20));
    start(2, 2, hung, quick);

    await(() -> quick.polls.get() >= 20, "20 polls of the quick system");
    assertThat(hung.polls.get()).isZero();
    assertThat(report("quick").state()).isEqualTo(State.OK);
    assertThat(report("hung").state()).isEqualTo(State.WAITING);

    hung.gate.countDown();
    await(() -> report("hung").state() == State.OK, "the hung system's poll to end");
  }

  @Test
  void aFailingSystemIsReportedWithItsReasonAndTheOthersGoOn() throws Exception {
    FakeSystem down = new FakeSystem("down", "down.example", Duration.ofMillis(20));
    down.failing = true;
    FakeSystem up = new FakeSystem("up", "up.example", Duration.ofMillis(20));
    start(4, 4, down, up);

    await(() -> report("down").failuresInARow() >= 3, "three failures in a row");
    SystemReport failing = report("down");
    assertThat(failing.state()).isEqualTo(State.FAILING);
    assertThat(failing.reason()).isEqualTo("station_status http://down.example/: HTTP 500");
    assertThat(report("up").state()).isEqualTo(State.OK);
    assertThat(report("up").published()).isPositive();

    SystemsSummary summary = SystemsSummary.of(poller.reports(), 5);
    assertThat(summary.worstFailing().systemId()).isEqualTo("down");

    down.failing = false;
    await(() -> report("down").state() == State.OK, "recovery");
    assertThat(report("down").failuresInARow()).isZero();
  }

  @Test
  void aHostAtItsCapWaitsWhileOtherHostsAreServed() throws Exception {
    FakeSystem a = new FakeSystem("a", "shared.example", Duration.ofMillis(5));
    FakeSystem b = new FakeSystem("b", "shared.example", Duration.ofMillis(5));
    FakeSystem c = new FakeSystem("c", "shared.example", Duration.ofMillis(5));
    FakeSystem other = new FakeSystem("other", "other.example", Duration.ofMillis(5));
    CountDownLatch slow = new CountDownLatch(1);
    a.gate = slow;
    b.gate = slow;
    c.gate = slow;
    start(4, 1, a, b, c, other);

    await(() -> other.polls.get() >= 10, "10 polls of the other host");
    int sharedInFlight = a.concurrent.get() + b.concurrent.get() + c.concurrent.get();
    assertThat(sharedInFlight).as("polls in flight against shared.example").isEqualTo(1);
    slow.countDown();
    await(() -> a.polls.get() > 2 && b.polls.get() > 2 && c.polls.get() > 2, "every system");
  }

  @Test
  void aStationlessSystemIsSkippedWithItsReasonAndNeverPolledAgain() throws Exception {
    FakeSystem scooters = new FakeSystem("scooters", "voi.example", Duration.ofMillis(5));
    scooters.stationless = "this is a feed of free-floating vehicles (data.bikes)";
    FakeSystem docks = new FakeSystem("docks", "docks.example", Duration.ofMillis(5));
    start(2, 2, scooters, docks);

    await(() -> docks.polls.get() >= 20, "20 polls of the station-based system");
    assertThat(scooters.polls.get()).isEqualTo(1);
    assertThat(report("scooters").state()).isEqualTo(State.SKIPPED);
    assertThat(report("scooters").reason()).contains("free-floating");
  }

  @Test
  void aRoundSaysHowManyPollsEndedAndWhichWasSlowest() throws Exception {
    FakeSystem slow = new FakeSystem("slow", "a.example", Duration.ofMillis(10));
    FakeSystem fast = new FakeSystem("fast", "b.example", Duration.ofMillis(10));
    slow.gate = new CountDownLatch(1);
    start(2, 2, slow, fast);
    await(() -> fast.polls.get() >= 3, "three polls");
    Thread.sleep(50);
    slow.gate.countDown();
    await(() -> slow.polls.get() >= 1, "the slow poll");
    await(() -> report("slow").polls() >= 1, "the slow poll settled");

    SystemsPoller.Round round = poller.takeRound();
    assertThat(round.polls()).isGreaterThanOrEqualTo(4);
    assertThat(round.slowestSystem()).isEqualTo("slow");
    assertThat(round.slowestTook()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    assertThat(poller.takeRound().polls()).isLessThan(round.polls());
  }
}
