package io.citypulse.sources.weather.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeReaderTest {
  private static final Instant FETCHED = Instant.parse("2026-03-21T19:00:00Z");
  private static final TimeReader TIMEANDDATE =
      ScrapeRecipes.builtIn("timeanddate").timeReader();

  @Test
  void englishAndMalayDayMonthYearWithTheTrailingPeriod() {
    ZoneId kl = ZoneId.of("Asia/Kuala_Lumpur");
    assertThat(TIMEANDDATE.read("24 Nov 2025, 17:00.", kl, FETCHED))
        .isEqualTo(Instant.parse("2025-11-24T09:00:00Z"));
    assertThat(TIMEANDDATE.read("15 Dis 2025, 0:25:56.", kl, FETCHED))
        .isEqualTo(Instant.parse("2025-12-14T16:25:56Z"));
    assertThat(TIMEANDDATE.read("3 Mac 2026, 9:00.", kl, FETCHED))
        .isEqualTo(Instant.parse("2026-03-03T01:00:00Z"));
    assertThat(TIMEANDDATE.read("1 Ogos 2026, 9:00.", kl, FETCHED))
        .isEqualTo(Instant.parse("2026-08-01T01:00:00Z"));
    assertThat(TIMEANDDATE.read("9 Okt 2026, 9:00.", kl, FETCHED))
        .isEqualTo(Instant.parse("2026-10-09T01:00:00Z"));
    assertThat(TIMEANDDATE.read("9 Mei 2026, 9:00.", kl, FETCHED))
        .isEqualTo(Instant.parse("2026-05-09T01:00:00Z"));
  }

  @Test
  void usStyleWithAmPm() {
    ZoneId dakar = ZoneId.of("Africa/Dakar");
    assertThat(TIMEANDDATE.read("Mar 21, 2026 at 6:58:01 pm", dakar, FETCHED))
        .isEqualTo(Instant.parse("2026-03-21T18:58:01Z"));
    assertThat(TIMEANDDATE.read("Mar 21, 2026 at 6:00 PM", dakar, FETCHED))
        .isEqualTo(Instant.parse("2026-03-21T18:00:00Z"));
  }

  @Test
  void fixedOffsetAllYear() {
    TimeReader german = new TimeReader(List.of("d.M.yyyy H:mm"), Locale.GERMAN, Map.of());
    assertThat(german.read("11.07.2025 22:20", ZoneOffset.ofHours(1), FETCHED))
        .isEqualTo(Instant.parse("2025-07-11T21:20:00Z"));
  }

  @Test
  void relativeIsoAndNow() {
    TimeReader none = new TimeReader(List.of(), Locale.ENGLISH, Map.of());
    assertThat(none.read("9 minutes ago", ZoneOffset.UTC, FETCHED))
        .isEqualTo(FETCHED.minusSeconds(540));
    assertThat(none.read("Station reported an hour ago", ZoneOffset.UTC, FETCHED))
        .isEqualTo(FETCHED.minusSeconds(3600));
    assertThat(none.read("30 secs ago", ZoneOffset.UTC, FETCHED))
        .isEqualTo(FETCHED.minusSeconds(30));
    assertThat(none.read("just now", ZoneOffset.UTC, FETCHED)).isEqualTo(FETCHED);
    assertThat(none.read("2026-03-21T18:00:00+01:00", ZoneOffset.UTC, FETCHED))
        .isEqualTo(Instant.parse("2026-03-21T17:00:00Z"));
  }

  @Test
  void anUnknownFormSaysWhatWasTried() {
    assertThatThrownBy(() -> TIMEANDDATE.read("yesterday-ish", ZoneOffset.UTC, FETCHED))
        .isInstanceOf(ValueReader.UnreadableValue.class)
        .hasMessageStartingWith("'yesterday-ish' is not a time in any of [d MMM yyyy, H:mm");
  }
}
