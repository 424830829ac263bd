package io.citypulse.sources.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.time.Sleeper;
import io.citypulse.sources.http.Backoff;
import io.citypulse.sources.http.RetryAfter;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.testkit.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class PollLoopTest {
  private static final Instant T0 = Instant.parse("2025-10-18T10:00:00Z");
  private static final URI FEED = URI.create("https://feed.example/status.json");
  private static final PollLoop.Counts COUNTS = new PollLoop.Counts(
      "t.polls",
      "t.ok",
      "t.failed",
      "t.parse_errors",
      "t.dead_letters",
      "t.dead_letters.failed",
      "t.listener_errors",
      "t.internal_errors");

  private final MutableClock clock = new MutableClock(T0);
  private final Counters counters = new Counters();
  private final List<DeadLetter> deadLetters = new ArrayList<>();
  private DeadLetterSink sink = deadLetters::add;

  private PollLoop loop(PollLoop.Cycle cycle) {
    return loop(cycle, Sleeper.SYSTEM);
  }

  private PollLoop loop(PollLoop.Cycle cycle, Sleeper sleeper) {
    return new PollLoop(
        "test-poller",
        LoggerFactory.getLogger(PollLoopTest.class),
        cycle,
        Backoff.withoutJitter(Duration.ofSeconds(2), Duration.ofSeconds(10)),
        COUNTS,
        clock,
        sleeper,
        counters,
        letter -> sink.deadLetter(letter));
  }

  @Test
  void aCycleIsCountedAndItsWaitSchedulesTheNext() {
    PollLoop loop = loop(() -> Duration.ofSeconds(30));

    assertThat(loop.nextPollAt()).isNull();
    assertThat(loop.pollOnce()).isEqualTo(Duration.ofSeconds(30));

    assertThat(counters.get("t.polls")).isEqualTo(1);
    assertThat(loop.nextPollAt()).isEqualTo(T0.plusSeconds(30));
    assertThat(loop.running()).as("pollOnce runs on the caller's thread").isFalse();
  }

  @Test
  void failuresBackOffDoublingUpToTheCapAndASuccessStartsOver() {
    PollLoop loop = loop(() -> Duration.ZERO);

    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      loop.countFailure("timeout");
      waits.add(loop.backOff(null));
    }
    assertThat(loop.failuresInARow()).isEqualTo(4);
    loop.succeeded();

    assertThat(waits).extracting(Duration::toSeconds).containsExactly(2L, 4L, 8L, 10L);
    assertThat(loop.backOff(null)).isEqualTo(Duration.ofSeconds(2));
    assertThat(counters.get("t.failed")).isEqualTo(4);
    assertThat(counters.get("t.failed.timeout")).isEqualTo(4);
    assertThat(counters.get("t.ok")).isEqualTo(1);
  }

  @Test
  void aRateLimitWaitsRetryAfterButAtLeastTheBackoffAndAtMostAnHour() {
    PollLoop loop = loop(() -> Duration.ZERO);

    assertThat(loop.backOff(Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(120));
    assertThat(loop.backOff(Duration.ofSeconds(1)))
        .as("the backoff's 4 s")
        .isEqualTo(Duration.ofSeconds(4));
    assertThat(loop.backOff(Duration.ofDays(3))).isEqualTo(RetryAfter.MAX);
  }

  @Test
  void anUnreadableBodyIsCountedAndDeadLetteredWithTheTime() {
    PollLoop loop = loop(() -> Duration.ZERO);
    byte[] huge = new byte[DeadLetter.MAX_PAYLOAD_BYTES + 10];

    loop.unreadable(FEED, "not JSON", huge);

    assertThat(counters.get("t.parse_errors")).isEqualTo(1);
    assertThat(counters.get("t.dead_letters")).isEqualTo(1);
    assertThat(deadLetters).singleElement().satisfies(letter -> {
      assertThat(letter.source()).isEqualTo(FEED);
      assertThat(letter.reason()).startsWith("not JSON [payload cut");
      assertThat(letter.payload()).hasSize(DeadLetter.MAX_PAYLOAD_BYTES);
      assertThat(letter.at()).isEqualTo(T0);
    });
  }

  @Test
  void aDeadLetterSinkThatThrowsIsCountedNotPassedOn() {
    sink = letter -> {
      throw new IllegalStateException("broker down");
    };
    PollLoop loop = loop(() -> Duration.ZERO);

    loop.deadLetter(new DeadLetter(FEED, "bad entry", new byte[0], T0));

    assertThat(counters.get("t.dead_letters")).isEqualTo(1);
    assertThat(counters.get("t.dead_letters.failed")).isEqualTo(1);
  }

  @Test
  void aListenerThatThrowsIsCountedAndTheErrorGoesWhereThePollerSays() {
    PollLoop loop = loop(() -> Duration.ZERO);
    List<String> errors = new ArrayList<>();
    AtomicInteger delivered = new AtomicInteger();

    boolean first = loop.deliver(
        () -> {
          throw new IllegalStateException("boom");
        },
        "a batch",
        errors::add);
    boolean second = loop.deliver(delivered::incrementAndGet, "a batch", errors::add);

    assertThat(first).isFalse();
    assertThat(second).isTrue();
    assertThat(delivered).hasValue(1);
    assertThat(errors).containsExactly("listener failed: java.lang.IllegalStateException: boom");
    assertThat(counters.get("t.listener_errors")).isEqualTo(1);
    assertThat(loop.lastError()).as("not recorded on the loop unless asked").isNull();
  }

  @Test
  void errorsAreRecordedWithTheirTime() {
    PollLoop loop = loop(() -> Duration.ZERO);
    clock.advance(Duration.ofSeconds(5));

    loop.recordError("HTTP 503");

    assertThat(loop.lastError()).isEqualTo("HTTP 503");
    assertThat(loop.lastErrorAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void onceFinishedNoCycleRunsAndTheReasonIsTheLastError() {
    AtomicInteger cycles = new AtomicInteger();
    PollLoop loop = loop(() -> {
      cycles.incrementAndGet();
      return Duration.ofSeconds(30);
    });
    loop.pollOnce();

    loop.finish("key refused");

    assertThat(loop.pollOnce()).isZero();
    assertThat(cycles).hasValue(1);
    assertThat(counters.get("t.polls")).isEqualTo(1);
    assertThat(loop.finishedBecause()).isEqualTo("key refused");
    assertThat(loop.lastError()).isEqualTo("key refused");
  }

  @Test
  void theThreadSleepsEachWaitSurvivesACycleThatThrowsAndStopsWhenFinished() throws Exception {
    List<Duration> sleeps = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    CountDownLatch ended = new CountDownLatch(1);
    AtomicInteger cycle = new AtomicInteger();
    PollLoop[] loop = new PollLoop[1];
    Supplier<Duration> script = () -> {
      threads.add(Thread.currentThread().getName());
      switch (cycle.incrementAndGet()) {
        case 1:
          return Duration.ofSeconds(30);
        case 2:
          throw new IllegalStateException("bug");
        default:
          loop[0].finish("nothing left to poll");
          ended.countDown();
          return Duration.ZERO;
      }
    };
    loop[0] = loop(script::get, duration -> {
      sleeps.add(duration);
      clock.advance(duration);
    });

    loop[0].start();
    assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
    loop[0].stop(Duration.ofSeconds(5));

    assertThat(threads).containsOnly("test-poller");
    assertThat(sleeps)
        .as("the cycle's wait, then the backoff after the bug; none once finished")
        .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(2));
    assertThat(counters.get("t.internal_errors")).isEqualTo(1);
    assertThat(loop[0].running()).isFalse();
    assertThat(loop[0].lastError()).isEqualTo("nothing left to poll");
  }

  @Test
  void stopInterruptsTheWaitAndALoopStartsOnce() {
    CountDownLatch polled = new CountDownLatch(1);
    PollLoop loop = loop(() -> {
      polled.countDown();
      return Duration.ofHours(1);
    });
    loop.start();
    assertThatThrownBy(loop::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("test-poller");

    long start = System.nanoTime();
    loop.stop(Duration.ofSeconds(10));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(loop.running()).isFalse();
  }
}
