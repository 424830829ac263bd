package io.citypulse.sources.postcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.time.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final List<Duration> sleeps = new ArrayList<>();
  private final Sleeper fakeSleep = duration -> {
    sleeps.add(duration);
    nanos.addAndGet(duration.toNanos());
  };

  @Test
  void fortyPerSecondSpacesRequests25MillisecondsApart() throws Exception {
    RateLimiter limiter = new RateLimiter(40, 1, nanos::get, fakeSleep);
    long start = nanos.get();

    for (int i = 0; i < 41; i++) {
      limiter.acquire();
    }

    assertThat(Duration.ofNanos(nanos.get() - start)).isEqualTo(Duration.ofSeconds(1));
    assertThat(sleeps).hasSize(40).allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofMillis(25)));
  }

  @Test
  void noOneSecondWindowHoldsMoreThanRatePlusBurst() throws Exception {
    RateLimiter limiter = new RateLimiter(40, 1, nanos::get, fakeSleep);
    List<Long> grants = new ArrayList<>();

    for (int i = 0; i < 200; i++) {
      limiter.acquire();
      grants.add(nanos.get());
      nanos.addAndGet(3_000_000); // the request itself takes 3 ms
    }

    for (int i = 0; i < grants.size(); i++) {
      long windowStart = grants.get(i);
      long inWindow = grants.stream()
          .filter(t -> t >= windowStart && t < windowStart + 1_000_000_000L)
          .count();
      assertThat(inWindow).isLessThanOrEqualTo(41);
    }
  }

  @Test
  void tryAcquireRefusesUntilATokenHasAccrued() {
    RateLimiter limiter = new RateLimiter(40, 1, nanos::get, fakeSleep);

    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
    nanos.addAndGet(Duration.ofMillis(24).toNanos());
    assertThat(limiter.tryAcquire()).isFalse();
    nanos.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(sleeps).isEmpty();
  }

  @Test
  void aBurstIsServedAtOnceThenTheRateApplies() throws Exception {
    RateLimiter limiter = new RateLimiter(10, 5, nanos::get, fakeSleep);

    for (int i = 0; i < 5; i++) {
      limiter.acquire();
    }
    assertThat(sleeps).isEmpty();
    limiter.acquire();
    assertThat(sleeps).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void rejectsNonsensicalSettings() {
    assertThatThrownBy(() -> new RateLimiter(0, 1, nanos::get, fakeSleep))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimiter(10, 0, nanos::get, fakeSleep))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
