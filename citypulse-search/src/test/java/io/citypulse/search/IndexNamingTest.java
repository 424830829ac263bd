package io.citypulse.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IndexNamingTest {
  private static final Instant LATE_EVENING = Instant.parse("2026-12-06T23:59:59.999Z");

  @Test
  void dailyMonthlyAndSingleIndicesFollowTheEventTimeInUtc() {
    assertThat(new IndexNaming("citypulse", IndexPeriod.DAY)
            .index(SearchStream.STATIONS, LATE_EVENING))
        .isEqualTo("citypulse-stations-2026.12.06");
    assertThat(new IndexNaming("citypulse", IndexPeriod.DAY)
            .index(SearchStream.STATIONS, LATE_EVENING.plusMillis(1)))
        .isEqualTo("citypulse-stations-2026.12.07");
    assertThat(new IndexNaming("citypulse", IndexPeriod.MONTH)
            .index(SearchStream.WEATHER, LATE_EVENING))
        .isEqualTo("citypulse-weather-2026.12");
    assertThat(
            new IndexNaming("city", IndexPeriod.NONE).index(SearchStream.POSTCODES, LATE_EVENING))
        .isEqualTo("city-postcodes");
  }

  @Test
  void patternsCoverEveryIndexOfTheStreamAndOnlyDatedOnesForRetention() {
    IndexNaming naming = IndexNaming.DEFAULT;
    assertThat(naming.pattern(SearchStream.STATIONS)).isEqualTo("citypulse-stations*");
    assertThat(naming.datedPattern(SearchStream.STATIONS)).isEqualTo("citypulse-stations-*");
    assertThat(naming.templateName(SearchStream.WEATHER)).isEqualTo("citypulse-weather");
  }

  @Test
  void prefixesTheEnginesWouldRefuseAreRefusedHere() {
    assertThatThrownBy(() -> new IndexNaming("CityPulse", IndexPeriod.DAY))
        .hasMessageContaining("lower-case");
    assertThatThrownBy(() -> new IndexNaming("-citypulse", IndexPeriod.DAY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IndexNaming("city pulse", IndexPeriod.DAY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void periodsParseFromConfigurationText() {
    assertThat(IndexNaming.period(" Day ")).isEqualTo(IndexPeriod.DAY);
    assertThat(IndexNaming.period("none")).isEqualTo(IndexPeriod.NONE);
    assertThatThrownBy(() -> IndexNaming.period("weekly"))
        .hasMessageContaining("day, month or none");
  }

  @Test
  void suffixesParseBackToTheStartOfTheirPeriodAndOthersDoNot() {
    assertThat(IndexPeriod.DAY.periodStart("2026.12.06"))
        .contains(Instant.parse("2026-12-06T00:00:00Z"));
    assertThat(IndexPeriod.MONTH.periodStart("2026.02"))
        .contains(Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(IndexPeriod.DAY.periodStart("2026.12")).isEmpty();
    assertThat(IndexPeriod.DAY.periodStart("2026.02.30")).isEmpty();
    assertThat(IndexPeriod.MONTH.periodStart("2026.12.06")).isEmpty();
    assertThat(IndexPeriod.MONTH.periodEnd(Instant.parse("2026-12-01T00:00:00Z")))
        .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
  }
}
