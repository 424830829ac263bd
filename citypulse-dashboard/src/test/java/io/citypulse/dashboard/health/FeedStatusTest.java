package io.citypulse.dashboard.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedStatusTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final Duration TTL = Duration.ofSeconds(60);

  @Test
  void aStoppedPollerIsStoppedWhateverElse() {
    assertThat(FeedStatus.of(false, true, NOW, TTL, NOW, NOW)).isEqualTo(FeedStatus.STOPPED);
  }

  @Test
  void anErrorAfterTheLastSuccessIsFailing() {
    assertThat(FeedStatus.failedLast(NOW.minusSeconds(60), NOW.minusSeconds(1))).isTrue();
    assertThat(FeedStatus.failedLast(null, NOW)).isTrue();
    assertThat(FeedStatus.failedLast(NOW, NOW.minusSeconds(1))).isFalse();
    assertThat(FeedStatus.failedLast(NOW, null)).isFalse();
    assertThat(FeedStatus.of(true, true, NOW.minusSeconds(60), TTL, NOW, NOW))
        .isEqualTo(FeedStatus.FAILING);
  }

  @Test
  void nothingPolledYetIsWaiting() {
    assertThat(FeedStatus.of(true, false, null, TTL, null, NOW)).isEqualTo(FeedStatus.WAITING);
  }

  @Test
  void dataOlderThanTwiceTheTtlPlusAMinuteIsStaleEvenWhenPollsSucceed() {
    // 2 x 60 s + 60 s = 180 s: a feed whose own last_updated stopped moving (the server is frozen).
    assertThat(FeedStatus.of(true, false, NOW, TTL, NOW.minusSeconds(180), NOW))
        .isEqualTo(FeedStatus.OK);
    assertThat(FeedStatus.of(true, false, NOW, TTL, NOW.minusSeconds(181), NOW))
        .isEqualTo(FeedStatus.STALE);
    assertThat(FeedStatus.of(true, false, NOW, TTL, null, NOW))
        .as("no data time: not judged")
        .isEqualTo(FeedStatus.OK);
  }

  @Test
  void aReadingBecomesARowWithItsAgesAndStatus() {
    FeedHealth row = new FeedHealth.Reading(
            "weather generator",
            "5/5 locations ok",
            true,
            false,
            NOW.minusSeconds(5),
            NOW.minusSeconds(3700),
            Duration.ofMinutes(10),
            30,
            0,
            0,
            null,
            null)
        .at(NOW);

    assertThat(row.status()).isEqualTo(FeedStatus.STALE);
    assertThat(row.dataAgeSeconds()).isEqualTo(3700);
    assertThat(row.ttlSeconds()).isEqualTo(600);
    assertThat(row.status().id()).isEqualTo("stale");
  }
}
