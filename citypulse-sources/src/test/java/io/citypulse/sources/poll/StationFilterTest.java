package io.citypulse.sources.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.StationInformation;
import io.citypulse.model.StationStatus;
import org.junit.jupiter.api.Test;

class StationFilterTest {

  @Test
  void allKeepsEveryStation() {
    StationFilter filter = StationFilter.parse(" ALL ");

    assertThat(filter.isAll()).isTrue();
    assertThat(filter.matches("anything", "1")).isTrue();
    assertThat(filter).hasToString("all");
  }

  @Test
  void aListMatchesStationCodesOrIds() {
    StationFilter filter = StationFilter.parse("16107, 32017,,2515829865 ");

    assertThat(filter.entries()).containsExactly("16107", "32017", "2515829865");
    assertThat(filter.matches("16107", "213688169")).isTrue();
    assertThat(filter.matches("9020", "2515829865")).as("by id").isTrue();
    assertThat(filter.matches("9020", "36255")).isFalse();
    assertThat(filter.matches(null, null)).isFalse();
  }

  @Test
  void aGbfsStationMatchesByTheCodeOfItsInformation() {
    StationFilter filter = StationFilter.parse("BUT");
    StationStatus status =
        new StationStatus("station1", null, 1, null, null, 2, true, true, true, null);
    StationInformation info =
        new StationInformation("station1", "BUT", "Buttes", 48.8, 2.3, 10, null);

    assertThat(filter.matches(new JoinedStation(status, info))).isTrue();
    assertThat(filter.matches(new JoinedStation(status, null))).isFalse();
    assertThat(StationFilter.parse("station1").matches(new JoinedStation(status, null)))
        .isTrue();
  }

  @Test
  void emptyOrMixedSpecsAreRefused() {
    assertThatThrownBy(() -> StationFilter.parse(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use 'all' or station codes");
    assertThatThrownBy(() -> StationFilter.parse(",,"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StationFilter.parse("all,16107"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'all' cannot be combined");
  }
}
