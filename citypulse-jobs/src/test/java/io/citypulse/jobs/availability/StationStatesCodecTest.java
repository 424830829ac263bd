package io.citypulse.jobs.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class StationStatesCodecTest {

  @Test
  void roundTripsEveryFieldIncludingNullsAndNonAsciiText() {
    List<StationState> states = List.of(
        new StationState(
            "velib:16107",
            "75116",
            "Paris",
            5,
            1,
            4,
            30,
            35,
            1_760_000_000_000_000L,
            1_760_000_001_000_000L),
        new StationState("velib:9", "UNKNOWN", null, 0, 0, 0, 0, 0, null, null),
        new StationState(
            "gbfs:Évry-Courcouronnes",
            "91000",
            "Évry-Courcouronnes",
            2,
            2,
            0,
            8,
            10,
            -1L,
            Long.MAX_VALUE));

    byte[] blob = StationStatesCodec.encode(states);

    assertThat(blob[0]).isEqualTo(StationStatesCodec.VERSION);
    assertThat(StationStatesCodec.decode(blob)).containsExactlyElementsOf(states);
  }

  @Test
  void anUnknownSplitStaysUnknownAndAKnownZeroStaysZero() {
    List<StationState> states = List.of(
        // GBFS 1.x: bikes, no breakdown
        new StationState("bixi:1", "H2X", "Montréal", 12, null, null, 3, 15, 1L, 2L),
        // only one kind given
        new StationState("bixi:2", "H2X", "Montréal", 4, 4, null, 1, 5, 1L, 2L),
        // typed, no bike at all: 0 known
        new StationState("bixi:3", "H2X", "Montréal", 0, 0, 0, 5, 5, 1L, 2L));

    List<StationState> back = StationStatesCodec.decode(StationStatesCodec.encode(states));

    assertThat(back).containsExactlyElementsOf(states);
    assertThat(back.get(0).getMechanical()).isNull();
    assertThat(back.get(0).getEbike()).isNull();
    assertThat(back.get(1).getEbike()).isNull();
    assertThat(back.get(2).getMechanical()).isZero();
  }

  /**
   * Checkpoints written before unknown splits were kept hold format 1. This blob was written by
   * the format 1 encoder itself (StationStatesCodec.encode at commit b6055b8) for the two states
   * below; the second one had no breakdown in its feed, which format 1 had already turned into 0.
   */
  @Test
  void decodesAFormat1BlobWithItsCountsAsKnown() {
    byte[] v1 = HexFormat.of()
        .parseHex("0100000002000b76656c69623a31363130370005373531313601000550"
            + "617269730000000500000001000000040000001e0000002301000640b5eece000001000640b5eedd424000"
            + "0a676266733ac3897672790007554e4b4e4f574e00000000070000000000000000000000030000000a0001"
            + "000640b5eeec8480");

    assertThat(StationStatesCodec.decode(v1))
        .containsExactly(
            new StationState(
                "velib:16107",
                "75116",
                "Paris",
                5,
                1,
                4,
                30,
                35,
                1_760_000_000_000_000L,
                1_760_000_001_000_000L),
            new StationState(
                "gbfs:Évry", "UNKNOWN", null, 7, 0, 0, 3, 10, null, 1_760_000_002_000_000L));
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
        .hasMessageContaining("reads versions 1 and 2")
        .hasMessageContaining("delete the checkpoint");
  }
}
