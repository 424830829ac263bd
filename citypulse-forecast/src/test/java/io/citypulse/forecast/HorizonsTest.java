package io.citypulse.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HorizonsTest {

  @Test
  void parsesMinutesAndHours() {
    assertThat(Horizons.parse("15m, 30m,1h"))
        .containsExactly(Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1));
    assertThat(Horizons.label(Duration.ofHours(1))).isEqualTo("60m");
  }

  @Test
  void refusesWhatIsNotAHorizon() {
    assertThatThrownBy(() -> Horizons.parse("15m,soon")).hasMessageContaining("'soon'");
    assertThatThrownBy(() -> Horizons.parse("0m")).hasMessageContaining("'0m'");
    assertThatThrownBy(() -> Horizons.parse("15m,15m")).hasMessageContaining("twice");
  }
}
