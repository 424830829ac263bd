package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffsetLagTest {

  @Test
  void sumsWhatEachPartitionHasBeyondTheBatchsEnd() {
    assertThat(OffsetLag.between("{\"velib-projet\":{\"0\":100,\"1\":40}}",
        "{\"velib-projet\":{\"0\":130,\"1\":40}}")).isEqualTo(30);
  }

  @Test
  void aPartitionTheBatchDidNotReachCountsWhole() {
    assertThat(OffsetLag.between("{\"t\":{\"0\":5}}", "{\"t\":{\"0\":5,\"1\":7}}")).isEqualTo(7);
  }

  @Test
  void neverNegativeAndUnknownWithoutBothSides() {
    assertThat(OffsetLag.between("{\"t\":{\"0\":9}}", "{\"t\":{\"0\":5}}")).isZero();
    assertThat(OffsetLag.between("{\"t\":{\"0\":9}}", null)).isNull();
    assertThat(OffsetLag.between(null, "{\"t\":{\"0\":9}}")).isNull();
    assertThat(OffsetLag.between("{\"t\":{\"0\":9}}", "not json")).isNull();
  }

  @Test
  void theTopicIsTheOffsetsKey() {
    assertThat(OffsetLag.topicOf("{\"topic-weather\":{\"0\":1}}")).isEqualTo("topic-weather");
    assertThat(OffsetLag.topicOf("{}")).isNull();
    assertThat(OffsetLag.topicOf(null)).isNull();
  }
}
