package io.citypulse.jobs.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StationStatesCodecTest {

  @Test
  void roundTripsEveryFieldIncludingNullsAndNonAsciiText() {
    List<StationState> states = List.of(
        new StationState("velib:16107", "75116", "Paris", 5, 1, 4, 30, 35, 1_760_000_000_000_000L,
            1_760_000_001_000_000L),
        new StationState("velib:9", "UNKNOWN", null, 0, 0, 0, 0, 0, null, null),
        new StationState("gbfs:Évry-Courcouronnes", "91000", "Évry-Courcouronnes", 2, 2, 0, 8,
            10, -1L, Long.MAX_VALUE));

    byte[] blob = StationStatesCodec.encode(states);

    assertThat(StationStatesCodec.decode(blob)).containsExactlyElementsOf(states);
  }

  @Test
  void anEmptyStateRoundTrips() {
    assertThat(StationStatesCodec.decode(StationStatesCodec.encode(List.of()))).isEmpty();
  }

  @Test
  void aBlobOfAnotherFormatVersionIsRefusedWithAWayOut() {
    byte[] blob = StationStatesCodec.encode(List.of());
    blob[0] = 99;

    assertThatThrownBy(() -> StationStatesCodec.decode(blob))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("version 99")
        .hasMessageContaining("delete the checkpoint");
  }
}
