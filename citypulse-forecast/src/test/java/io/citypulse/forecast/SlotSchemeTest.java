package io.citypulse.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SlotSchemeTest {
  private final SlotScheme chicago = SlotScheme.quarterHours(ZoneId.of("America/Chicago"));

  private static long at(String instant) {
    return Instant.parse(instant).getEpochSecond();
  }

  @Test
  void slotsFollowTheLocalClock() {
    // Tue 2014-04-01 13:20Z is 08:20 CDT (UTC-5): weekday slot 8*4 + 1 = 33
    assertThat(chicago.slot(at("2014-04-01T13:20:00Z"))).isEqualTo(33);
    assertThat(chicago.slotCount()).isEqualTo(192);
  }

  @Test
  void weekendSlotsComeAfterWeekdayOnes() {
    // Sat 2014-04-05 13:20Z, 08:20 local: 96 + 33
    assertThat(chicago.slot(at("2014-04-05T13:20:00Z"))).isEqualTo(129);
    // Sat 04:59Z is still Friday 23:59 in Chicago: the last weekday slot
    assertThat(chicago.slot(at("2014-04-05T04:59:00Z"))).isEqualTo(95);
  }

  @Test
  void aSlotMustDivideTheDay() {
    assertThatThrownBy(() -> new SlotScheme(ZoneId.of("UTC"), 7))
        .hasMessageContaining("does not divide a day");
  }
}
