package io.citypulse.sources.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The fairness rules of the catalogue-wide schedule, on a hand-moved clock. */
class SystemsScheduleTest {
  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void dueSystemsStartEarliestFirstAndLaterOnesWait() {
    SystemsSchedule schedule = new SystemsSchedule(10, 10);
    schedule.add("b", "b.example", at(5));
    schedule.add("a", "a.example", at(0));
    schedule.add("c", "c.example", at(60));

    assertThat(schedule.startNow(at(5))).containsExactly("a", "b");
    assertThat(schedule.nextWake()).isEqualTo(at(60));
    assertThat(schedule.startNow(at(59))).isEmpty();
  }

  @Test
  void aSlowSystemDelaysNoOtherSystem() {
    SystemsSchedule schedule = new SystemsSchedule(2, 2);
    schedule.add("slow", "slow.example", at(0));
    schedule.add("fast", "fast.example", at(0));
    assertThat(schedule.startNow(at(0))).containsExactlyInAnyOrder("slow", "fast");

    // "slow" hangs for minutes; "fast" polls every 10 s meanwhile, on time each round.
    for (int round = 1; round <= 5; round++) {
      schedule.finished("fast", at(10 * round));
      assertThat(schedule.startNow(at(10 * round))).as("round " + round).containsExactly("fast");
    }
    assertThat(schedule.inFlight()).isEqualTo(2);
  }

  @Test
  void aFailingSystemBacksOffAloneWhileTheOthersKeepTheirTtl() {
    SystemsSchedule schedule = new SystemsSchedule(4, 4);
    schedule.add("failing", "down.example", at(0));
    schedule.add("healthy", "up.example", at(0));
    schedule.startNow(at(0));
    schedule.finished("failing", at(0).plus(Duration.ofMinutes(5))); // its backoff
    schedule.finished("healthy", at(30)); // its ttl

    assertThat(schedule.startNow(at(30))).containsExactly("healthy");
    schedule.finished("healthy", at(60));
    assertThat(schedule.startNow(at(60))).containsExactly("healthy");
    assertThat(schedule.startNow(at(300))).containsExactly("failing");
  }

  @Test
  void oneHostGetsNoMoreThanItsCapAndDoesNotBlockOtherHosts() {
    SystemsSchedule schedule = new SystemsSchedule(10, 2);
    for (int i = 1; i <= 4; i++) {
      schedule.add("vendor-" + i, "Vendor.example", at(0)); // one vendor's server, any case
    }
    schedule.add("own", "own.example", at(1));

    assertThat(schedule.startNow(at(1))).containsExactly("vendor-1", "vendor-2", "own");
    // The two vendor systems left are due but wait for a slot on their host.
    assertThat(schedule.nextWake()).isEqualTo(at(0));
    assertThat(schedule.startNow(at(2))).isEmpty();
    schedule.finished("vendor-1", at(100));
    assertThat(schedule.startNow(at(3))).containsExactly("vendor-3");
  }

  @Test
  void theGlobalCapBoundsPollsInFlight() {
    SystemsSchedule schedule = new SystemsSchedule(3, 10);
    for (int i = 1; i <= 5; i++) {
      schedule.add("s" + i, "h" + i + ".example", at(i));
    }

    assertThat(schedule.startNow(at(10))).containsExactly("s1", "s2", "s3");
    assertThat(schedule.inFlight()).isEqualTo(3);
    assertThat(schedule.startNow(at(11))).isEmpty();
    schedule.finished("s2", at(100));
    assertThat(schedule.startNow(at(12))).containsExactly("s4");
    assertThat(schedule.nextWake()).as("s5 is due and waits for a slot").isEqualTo(at(5));
  }

  @Test
  void whenEverySystemIsInFlightThereIsNothingToWakeFor() {
    SystemsSchedule schedule = new SystemsSchedule(5, 5);
    schedule.add("only", "h.example", at(0));
    schedule.startNow(at(0));

    assertThat(schedule.nextWake()).isNull();
    assertThat(schedule.size()).isEqualTo(1);
  }

  @Test
  void misuseIsRefusedWithTheSystemNamed() {
    SystemsSchedule schedule = new SystemsSchedule(1, 1);
    schedule.add("a", "h.example", at(0));

    assertThatThrownBy(() -> schedule.add("a", "h.example", at(0)))
        .hasMessageContaining("system a is scheduled twice");
    assertThatThrownBy(() -> schedule.finished("a", at(1)))
        .hasMessageContaining("system a is not being polled");
    assertThatThrownBy(() -> new SystemsSchedule(0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRemovedSystemIsNeverStartedAgainAndFreesItsPlace() {
    SystemsSchedule schedule = new SystemsSchedule(1, 1);
    schedule.add("stationless", "a.example", at(0));
    schedule.add("docked", "b.example", at(1));
    assertThat(schedule.startNow(at(1))).containsExactly("stationless");
    schedule.finished("stationless", at(2));
    schedule.remove("stationless");

    assertThat(schedule.startNow(at(100))).containsExactly("docked");
    schedule.finished("docked", at(200));
    assertThat(schedule.startNow(at(150))).isEmpty();
    assertThat(schedule.nextWake()).isEqualTo(at(200));
    assertThat(schedule.size()).isEqualTo(1);
  }

  @Test
  void aSystemInFlightCannotBeRemoved() {
    SystemsSchedule schedule = new SystemsSchedule(1, 1);
    schedule.add("a", "a.example", at(0));
    schedule.startNow(at(0));

    assertThatThrownBy(() -> schedule.remove("a")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSystemHeldBackByItsHostDoesNotHideTheNextStartableOne() {
    SystemsSchedule schedule = new SystemsSchedule(4, 1);
    schedule.add("a", "shared.example", at(0));
    schedule.add("b", "shared.example", at(0));
    schedule.add("other", "other.example", at(5));
    assertThat(schedule.startNow(at(0))).containsExactly("a");

    assertThat(schedule.nextWake()).isEqualTo(at(0)); // b, held back by its host
    assertThat(schedule.nextStartable()).isEqualTo(at(5)); // other, which can start then
    assertThat(schedule.startNow(at(5))).containsExactly("other");
    assertThat(schedule.nextStartable()).isNull(); // b waits for a to finish
    schedule.finished("a", at(60));
    assertThat(schedule.nextStartable()).isEqualTo(at(0));
  }

  @Test
  void nothingIsStartableWhileEverySlotIsTaken() {
    SystemsSchedule schedule = new SystemsSchedule(1, 1);
    schedule.add("a", "a.example", at(0));
    schedule.add("b", "b.example", at(0));
    schedule.startNow(at(0));

    assertThat(schedule.nextStartable()).isNull();
  }
}
