package io.citypulse.sources.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollScheduleTest {
  private static final Instant T0 = Instant.parse("2025-10-18T10:00:00Z");
  private static final Duration MIN = Duration.ofSeconds(10);
  private static final Duration MAX = Duration.ofSeconds(60);
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  @Test
  void aTtlIsWaitedWithinTheBounds() {
    assertThat(PollSchedule.ttlWait(30, MIN, MAX)).isEqualTo(Duration.ofSeconds(30));
    assertThat(PollSchedule.ttlWait(3, MIN, MAX)).as("too often").isEqualTo(MIN);
    assertThat(PollSchedule.ttlWait(3600, MIN, MAX)).as("Vélib's ttl 3600").isEqualTo(MAX);
    assertThat(PollSchedule.ttlWait(10, MIN, MAX)).isEqualTo(MIN);
    assertThat(PollSchedule.ttlWait(60, MIN, MAX)).isEqualTo(MAX);
  }

  @Test
  void noTtlMeansPollAsOftenAsAllowed() {
    assertThat(PollSchedule.ttlWait(0, MIN, MAX)).isEqualTo(MIN);
    assertThat(PollSchedule.ttlWait(-5, MIN, MAX)).isEqualTo(MIN);
  }

  @Test
  void theFirstPollStartsThePhase() {
    assertThat(PollSchedule.nextDue(Instant.MIN, T0.plusSeconds(7), TEN_MINUTES))
        .isEqualTo(T0.plusSeconds(7).plus(TEN_MINUTES));
  }

  @Test
  void aPollOnTimeKeepsThePhaseWhateverTheFetchTook() {
    Instant due = T0;
    Instant answeredAt = T0.plusSeconds(4);

    assertThat(PollSchedule.nextDue(due, answeredAt, TEN_MINUTES)).isEqualTo(T0.plus(TEN_MINUTES));
  }

  @Test
  void aLatePollStartsANewPhase() {
    Instant due = T0;
    Instant afterAPause = T0.plus(TEN_MINUTES).plusSeconds(30);
    assertThat(PollSchedule.nextDue(due, afterAPause, TEN_MINUTES))
        .isEqualTo(afterAPause.plus(TEN_MINUTES));
    Instant exactlyOneIntervalLate = T0.plus(TEN_MINUTES);
    assertThat(PollSchedule.nextDue(due, exactlyOneIntervalLate, TEN_MINUTES))
        .as("never due at once again")
        .isEqualTo(exactlyOneIntervalLate.plus(TEN_MINUTES));
  }

  @Test
  void theWaitIsUntilTheEarliestDue() {
    assertThat(PollSchedule.untilNext(
            T0, List.of(T0.plusSeconds(90), T0.plusSeconds(30), T0.plusSeconds(60)), null))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(PollSchedule.untilNext(T0, Arrays.asList(null, T0.plusSeconds(30)), null))
        .as("nulls ignored")
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void somethingAlreadyDueOrNothingToWaitForMeansNoWait() {
    assertThat(PollSchedule.untilNext(T0, List.of(T0.plusSeconds(30), T0.minusSeconds(1)), null))
        .isZero();
    assertThat(PollSchedule.untilNext(T0, List.of(T0), null)).isZero();
    assertThat(PollSchedule.untilNext(T0, List.of(Instant.MIN), null))
        .as("never polled")
        .isZero();
    assertThat(PollSchedule.untilNext(T0, List.of(), null)).isZero();
  }

  @Test
  void aPauseHoldsBackWhatIsDueEarlierButNotWhatIsDueLater() {
    Instant pausedUntil = T0.plusSeconds(90);
    assertThat(PollSchedule.untilNext(T0, List.of(T0.plusSeconds(30)), pausedUntil))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(PollSchedule.untilNext(T0, List.of(Instant.MIN), pausedUntil))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(PollSchedule.untilNext(T0, List.of(T0.plusSeconds(600)), pausedUntil))
        .isEqualTo(Duration.ofSeconds(600));
    assertThat(PollSchedule.untilNext(T0, List.of(), pausedUntil))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(PollSchedule.untilNext(T0, List.of(), T0.minusSeconds(1)))
        .as("a pause that is over")
        .isZero();
  }
}
