package io.citypulse.bench.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorldBenchTest {
  @Test
  void cellAreasGiveTheirResolutionOthersNone() {
    assertThat(WorldBench.cellResolution("cell:7")).isEqualTo(7);
    assertThat(WorldBench.cellResolution(" Cell : 12 ")).isEqualTo(12);
    assertThat(WorldBench.cellResolution("postcode")).isEqualTo(WorldModel.NO_CELLS);
    assertThat(WorldBench.cellResolution("")).isEqualTo(WorldModel.NO_CELLS);
  }

  @Test
  void durationsAreWrittenAsTheAppReadsThem() {
    assertThat(WorldBench.durationText(Duration.ofSeconds(60))).isEqualTo("60s");
    assertThat(WorldBench.durationText(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }
}
