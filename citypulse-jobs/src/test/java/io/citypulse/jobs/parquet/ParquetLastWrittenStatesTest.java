package io.citypulse.jobs.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.jobs.parquet.StateFingerprints.Fingerprint;
import org.junit.jupiter.api.Test;

class ParquetLastWrittenStatesTest {
  private static final Fingerprint S1 = new Fingerprint(1, 11);
  private static final Fingerprint S2 = new Fingerprint(2, 22);

  @Test
  void onlyARepeatOfTheLastWrittenStateOfItsKeyIsDropped() {
    LastWrittenStates states = LastWrittenStates.empty();

    assertThat(states.offer(7, S1)).as("first state of key 7").isTrue();
    assertThat(states.offer(7, S1)).as("repeat").isFalse();
    assertThat(states.offer(8, S1)).as("same fingerprint, other key").isTrue();
    assertThat(states.offer(7, S2)).as("new state").isTrue();
    assertThat(states.offer(7, S1)).as("an earlier state again: A, B, A").isTrue();
    assertThat(states.offer(7, S1)).isFalse();
    assertThat(states.size()).isEqualTo(2);
    assertThat(states.changed()).isTrue();
  }

  @Test
  void aBatchOfRepeatsOnlyChangesNothing() {
    LastWrittenStates before = LastWrittenStates.empty();
    before.offer(7, S1);
    LastWrittenStates restored = LastWrittenStates.decode(before.encode());

    assertThat(restored.changed()).isFalse();
    assertThat(restored.offer(7, S1)).isFalse();
    assertThat(restored.changed()).as("nothing to store").isFalse();
  }

  @Test
  void encodedStatesDecodeToTheSameDecisions() {
    LastWrittenStates states = LastWrittenStates.empty();
    for (long key = 0; key < 1500; key++) {
      states.offer(key * 0x9E3779B97F4A7C15L, new Fingerprint(key, -key));
    }
    byte[] blob = states.encode();
    LastWrittenStates restored = LastWrittenStates.decode(blob);

    assertThat(blob).hasSize(1 + 4 + 1500 * 24);
    assertThat(restored.size()).isEqualTo(1500);
    assertThat(restored.offer(42 * 0x9E3779B97F4A7C15L, new Fingerprint(42, -42)))
        .isFalse();
    assertThat(restored.offer(42 * 0x9E3779B97F4A7C15L, new Fingerprint(42, 42)))
        .isTrue();
    assertThat(LastWrittenStates.decode(LastWrittenStates.empty().encode()).size())
        .isZero();
  }

  @Test
  void aBlobOfAnotherFormatVersionIsRefusedWithTheReason() {
    byte[] blob = LastWrittenStates.empty().encode();
    blob[0] = 9;

    assertThatThrownBy(() -> LastWrittenStates.decode(blob))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("format version 9")
        .hasMessageContaining("reads version 1");
  }
}
