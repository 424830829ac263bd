package io.citypulse.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionTest {
  private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");

  @Test
  void aDailyIndexGoesOnceAllItsDayIsOlderThanTheRetention() {
    List<String> indices = List.of(
        "citypulse-stations-2026.12.01",
        "citypulse-stations-2026.12.02",
        "citypulse-stations-2026.12.03",
        "citypulse-stations-2026.12.10");
    assertThat(Retention.expired(
            indices, IndexNaming.DEFAULT, SearchStream.STATIONS, NOW, Duration.ofDays(7)))
        .containsExactly("citypulse-stations-2026.12.01", "citypulse-stations-2026.12.02");
  }

  @Test
  void otherStreamsOtherPeriodsAndHandMadeIndicesAreNeverCandidates() {
    List<String> indices = List.of(
        "citypulse-weather-2020.01.01",
        "citypulse-stations-2020.01",
        "citypulse-stations-backup",
        "citypulse-stations",
        "citypulse-stations-2020.01.01-restored",
        "citypulse-stations-2020.01.01");
    assertThat(Retention.expired(
            indices, IndexNaming.DEFAULT, SearchStream.STATIONS, NOW, Duration.ofDays(1)))
        .containsExactly("citypulse-stations-2020.01.01");
  }

  @Test
  void monthlyIndicesGoWhenTheirWholeMonthIsPastTheRetention() {
    IndexNaming monthly = new IndexNaming("citypulse", IndexPeriod.MONTH);
    List<String> indices = List.of(
        "citypulse-postcodes-2026.10",
        "citypulse-postcodes-2026.11",
        "citypulse-postcodes-2026.12");
    // Cutoff 2026-11-10 12:00: October ended before it; November did not.
    assertThat(
            Retention.expired(indices, monthly, SearchStream.POSTCODES, NOW, Duration.ofDays(30)))
        .containsExactly("citypulse-postcodes-2026.10");
  }

  @Test
  void zeroRetentionOrASingleIndexKeepsEverything() {
    List<String> old = List.of("citypulse-stations-2000.01.01");
    assertThat(
            Retention.expired(old, IndexNaming.DEFAULT, SearchStream.STATIONS, NOW, Duration.ZERO))
        .isEmpty();
    assertThat(Retention.expired(
            List.of("citypulse-stations"),
            new IndexNaming("citypulse", IndexPeriod.NONE),
            SearchStream.STATIONS,
            NOW,
            Duration.ofDays(1)))
        .isEmpty();
  }
}
