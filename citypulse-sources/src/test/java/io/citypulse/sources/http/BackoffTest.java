package io.citypulse.sources.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesFromInitialUpToMax() {
    Backoff backoff = Backoff.withoutJitter(Duration.ofSeconds(2), Duration.ofSeconds(30));

    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      waits.add(backoff.next());
    }

    assertThat(waits).extracting(Duration::toSeconds).containsExactly(2L, 4L, 8L, 16L, 30L, 30L);
    assertThat(backoff.failures()).isEqualTo(6);
  }

  @Test
  void resetStartsOverAtInitial() {
    Backoff backoff = Backoff.withoutJitter(Duration.ofSeconds(1), Duration.ofMinutes(5));
    backoff.next();
    backoff.next();
    backoff.next();

    backoff.reset();

    assertThat(backoff.failures()).isZero();
    assertThat(backoff.peek()).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void jitterShortensWaitsByAtMostTheJitterFraction() {
    double[] draws = {0.0, 0.5, 0.999999};
    int[] index = {0};
    Backoff backoff =
        new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(100), 0.2, () -> draws[index[0]++]);

    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(18));
    assertThat(backoff.next()).isBetween(Duration.ofMillis(32_000), Duration.ofMillis(32_001));
  }

  @Test
  void longFailureStreaksDoNotOverflow() {
    Backoff backoff = Backoff.withoutJitter(Duration.ofMillis(1), Duration.ofHours(1));
    Duration last = Duration.ZERO;
    for (int i = 0; i < 500; i++) {
      last = backoff.next();
    }
    assertThat(last).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void rejectsNonsenseSettings() {
    assertThatThrownBy(() -> Backoff.withoutJitter(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initial must be positive");
    assertThatThrownBy(() -> Backoff.withoutJitter(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("below initial");
    assertThatThrownBy(
            () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.0, () -> 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jitter");
  }
}
