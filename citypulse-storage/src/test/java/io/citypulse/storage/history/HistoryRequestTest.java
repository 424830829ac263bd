package io.citypulse.storage.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HistoryRequestTest {
  private static final Instant FROM = Instant.parse("2026-11-24T08:00:00Z");

  @Test
  void fromMustBeBeforeTo() {
    assertThatThrownBy(() -> HistoryRequest.all(HistorySubject.POSTCODE, null, "75001", FROM, FROM))
        .isInstanceOf(InvalidHistoryRequestException.class)
        .hasMessage("from (2026-11-24T08:00:00Z) must be before to (2026-11-24T08:00:00Z)");
  }

  @Test
  void theStepMustBePositive() {
    assertThatThrownBy(() -> new HistoryRequest(
            HistorySubject.LOCATION, null, "paris", FROM, FROM.plusSeconds(60), Duration.ZERO))
        .hasMessageContaining("step must be greater than zero");
    assertThatThrownBy(() -> new HistoryRequest(
            HistorySubject.LOCATION,
            null,
            "paris",
            FROM,
            FROM.plusSeconds(60),
            Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidHistoryRequestException.class);
  }

  @Test
  void tenThousandRowsAreAllowedOneMoreIsRefusedWithAStepThatFits() {
    Instant to = FROM.plus(Duration.ofMinutes(9_999));
    assertThat(new HistoryRequest(
                HistorySubject.POSTCODE, null, "75001", FROM, to, Duration.ofMinutes(1))
            .sampleTimes())
        .hasSize(10_000)
        .endsWith(to);

    // 7 days at 1 min = 10,081 rows; 7 days / 9,999 = 60.5 s, rounded up to whole minutes.
    assertThatThrownBy(() -> new HistoryRequest(
            HistorySubject.POSTCODE,
            null,
            "75001",
            FROM,
            FROM.plus(Duration.ofDays(7)),
            Duration.ofMinutes(1)))
        .isInstanceOf(InvalidHistoryRequestException.class)
        .hasMessage(
            "a step of 1m from 2026-11-24T08:00:00Z to 2026-12-01T08:00:00Z gives 10,081 rows,"
                + " more than 10,000: use a step of at least 2m, or a shorter range");
  }

  @Test
  void theSuggestedStepAlwaysFits() {
    for (Duration range :
        new Duration[] {Duration.ofDays(365), Duration.ofHours(3), Duration.ofSeconds(20_000)}) {
      Duration step = HistoryRequest.smallestStep(FROM, FROM.plus(range));
      assertThat(
              new HistoryRequest(HistorySubject.POSTCODE, null, "1", FROM, FROM.plus(range), step)
                  .sampleTimes()
                  .size())
          .isLessThanOrEqualTo(HistoryRequest.MAX_SAMPLES);
    }
    assertThat(HistoryRequest.smallestStep(FROM, FROM.plus(Duration.ofDays(365))))
        .isEqualTo(Duration.ofMinutes(53));
  }

  @Test
  void aStationDefaultsToVelibAPostcodeToNoSystemAndALocationTakesNone() {
    HistoryRequest station =
        HistoryRequest.all(HistorySubject.STATION, " ", " 16107 ", FROM, FROM.plusSeconds(1));
    assertThat(station.system()).isEqualTo("velib");
    assertThat(station.key()).isEqualTo("16107");
    assertThat(station.describe()).isEqualTo("station 16107 of system velib");
    HistoryRequest postcode =
        HistoryRequest.all(HistorySubject.POSTCODE, null, "75001", FROM, FROM.plusSeconds(1));
    assertThat(postcode.system()).isEmpty();
    assertThat(postcode.describe()).isEqualTo("postcode 75001");
    // A catalogue-wide run's key, as on its topic, or the system given apart: the same request.
    HistoryRequest keyed = HistoryRequest.all(
        HistorySubject.POSTCODE, null, "sim-0001:871fb4662ffffff", FROM, FROM.plusSeconds(1));
    HistoryRequest apart = HistoryRequest.all(
        HistorySubject.POSTCODE, "sim-0001", "871fb4662ffffff", FROM, FROM.plusSeconds(1));
    assertThat(keyed).isEqualTo(apart);
    assertThat(keyed.system()).isEqualTo("sim-0001");
    assertThat(keyed.key()).isEqualTo("871fb4662ffffff");
    assertThat(keyed.describe()).isEqualTo("postcode 871fb4662ffffff of system sim-0001");
    assertThatThrownBy(() -> HistoryRequest.all(
            HistorySubject.LOCATION, "velib", "paris", FROM, FROM.plusSeconds(1)))
        .hasMessage("a system only applies to stations and postcodes, not to a location");
    assertThatThrownBy(
            () -> HistoryRequest.all(HistorySubject.LOCATION, null, " ", FROM, FROM.plusSeconds(1)))
        .hasMessage("no location given");
  }

  @Test
  void durationsAreShownInTheFlagsSyntax() {
    assertThat(HistoryRequest.humanDuration(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(HistoryRequest.humanDuration(Duration.ofHours(48))).isEqualTo("2d");
    assertThat(HistoryRequest.humanDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }
}
