package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdleWatchTest {
  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

  private static IdleWatch.Activity job(Long lag, long taken) {
    return new IdleWatch.Activity("job availability", lag, taken);
  }

  private static IdleWatch.Activity sink(long lag, long taken) {
    return new IdleWatch.Activity("sink search", lag, taken);
  }

  @Test
  void idleOnlyAfterEverythingCaughtUpAndTookNothingForTheQuietPeriod() {
    IdleWatch watch = new IdleWatch(Duration.ofSeconds(30));
    assertThat(watch.idle(T0, List.of(job(0L, 4), sink(0, 100)))).isFalse();
    assertThat(watch.idle(T0.plusSeconds(20), List.of(job(0L, 4), sink(0, 100))))
        .isFalse();
    // The quiet period counts from the last check where something moved (T0).
    assertThat(watch.idle(T0.plusSeconds(29), List.of(job(0L, 4), sink(0, 100))))
        .isFalse();
    assertThat(watch.idle(T0.plusSeconds(30), List.of(job(0L, 4), sink(0, 100))))
        .isTrue();
  }

  @Test
  void newInputRestartsTheQuietPeriod() {
    IdleWatch watch = new IdleWatch(Duration.ofSeconds(30));
    watch.idle(T0, List.of(job(0L, 4), sink(0, 100)));
    watch.idle(T0.plusSeconds(10), List.of(job(0L, 4), sink(0, 100)));
    assertThat(watch.idle(T0.plusSeconds(25), List.of(job(0L, 4), sink(0, 101))))
        .isFalse();
    assertThat(watch.idle(T0.plusSeconds(50), List.of(job(0L, 4), sink(0, 101))))
        .isFalse();
    assertThat(watch.idle(T0.plusSeconds(56), List.of(job(0L, 4), sink(0, 101))))
        .isTrue();
  }

  @Test
  void neverIdleWithLagOrAJobNotMeasuredYetOrNothingToWatch() {
    IdleWatch watch = new IdleWatch(Duration.ofSeconds(1));
    for (int s = 0; s < 10; s++) {
      assertThat(watch.idle(T0.plusSeconds(s), List.of(job(null, -1), sink(0, 0))))
          .isFalse();
    }
    IdleWatch lagging = new IdleWatch(Duration.ofSeconds(1));
    for (int s = 0; s < 10; s++) {
      assertThat(lagging.idle(T0.plusSeconds(s), List.of(job(3L, 7), sink(0, 0))))
          .isFalse();
    }
    assertThat(new IdleWatch(Duration.ofSeconds(1)).idle(T0, List.of())).isFalse();
  }
}
