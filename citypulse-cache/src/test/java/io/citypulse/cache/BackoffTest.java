package io.citypulse.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void theDefaultDoublesFrom100MillisecondsUpTo5Seconds() {
    assertThat(IntStream.rangeClosed(1, 9).mapToObj(Backoff.DEFAULT::delay).map(Duration::toMillis))
        .containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
  }

  @Test
  void aVeryLongOutageStaysAtTheMaximum() {
    assertThat(Backoff.DEFAULT.delay(10_000)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void nonsenseIsRejected() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.DEFAULT.delay(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
