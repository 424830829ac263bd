package io.citypulse.bench.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyMatcherTest {

  @Test
  void anAggregateReflectsEveryEarlierInputOfItsPostcode() {
    LatencyMatcher matcher = new LatencyMatcher();
    matcher.sent("75001", 1_000, true);
    matcher.sent("75002", 1_100, true);
    matcher.sent("75001", 1_200, true);
    matcher.sent("75001", 1_300, true);

    // One batch folded the first two inputs of 75001: updated_at is the later one's fetched_at.
    matcher.received("75001", 1_200, 5_000);
    assertThat(matcher.sortedLatenciesMicros()).containsExactly(3_800, 4_000);
    assertThat(matcher.exact()).isEqualTo(1);
    assertThat(matcher.covered()).isEqualTo(1);
    assertThat(matcher.measuredPending()).isEqualTo(2);

    // A repeated aggregate (at-least-once) matches nothing more.
    matcher.received("75001", 1_200, 6_000);
    assertThat(matcher.sortedLatenciesMicros()).hasSize(2);

    matcher.received("75002", 1_100, 1_600);
    matcher.received("75001", 1_300, 2_300);
    assertThat(matcher.sortedLatenciesMicros()).containsExactly(500, 1_000, 3_800, 4_000);
    assertThat(matcher.measuredPending()).isZero();
    assertThat(matcher.measuredSent()).isEqualTo(4);
  }

  @Test
  void warmUpInputsAreMatchedButNotMeasured() {
    LatencyMatcher matcher = new LatencyMatcher();
    matcher.sent("75001", 1_000, false);
    matcher.sent("75001", 2_000, true);
    matcher.received("75001", 2_000, 2_500);
    assertThat(matcher.sortedLatenciesMicros()).containsExactly(500);
    assertThat(matcher.measuredSent()).isEqualTo(1);
    assertThat(matcher.exact()).isEqualTo(1);
    assertThat(matcher.covered()).isZero();
  }

  @Test
  void anAggregateOfAnotherPostcodeOrAnOlderOneMatchesNothing() {
    LatencyMatcher matcher = new LatencyMatcher();
    matcher.sent("75001", 1_000, true);
    matcher.received("75002", 5_000, 6_000);
    matcher.received("75001", 999, 6_000);
    assertThat(matcher.sortedLatenciesMicros()).isEmpty();
    assertThat(matcher.measuredPending()).isEqualTo(1);
  }
}
