package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetLagTest {

  private static Long between(String end, String latest) {
    return OffsetLag.behind(OffsetLag.offsets(end), OffsetLag.offsets(latest));
  }

  @Test
  void sumsWhatEachPartitionHasBeyondTheBatchsEnd() {
    assertThat(between(
            "{\"velib-projet\":{\"0\":100,\"1\":40}}", "{\"velib-projet\":{\"0\":130,\"1\":40}}"))
        .isEqualTo(30);
  }

  @Test
  void aPartitionTheBatchDidNotReachCountsWhole() {
    assertThat(between("{\"t\":{\"0\":5}}", "{\"t\":{\"0\":5,\"1\":7}}")).isEqualTo(7);
  }

  @Test
  void neverNegativeAndUnknownWithoutBothSides() {
    assertThat(between("{\"t\":{\"0\":9}}", "{\"t\":{\"0\":5}}")).isZero();
    assertThat(between("{\"t\":{\"0\":9}}", null)).isNull();
    assertThat(between(null, "{\"t\":{\"0\":9}}")).isNull();
    assertThat(between("{\"t\":{\"0\":9}}", "not json")).isNull();
  }

  @Test
  void theTopicIsTheOffsetsKey() {
    assertThat(OffsetLag.topicOf("{\"topic-weather\":{\"0\":1}}")).isEqualTo("topic-weather");
    assertThat(OffsetLag.topicOf("{}")).isNull();
    assertThat(OffsetLag.topicOf(null)).isNull();
  }

  @Test
  void eachQueryCountsOnlyItsOwnPartitions() {
    Map<String, Map<TopicPartition, Long>> processed = Map.of(
        "postcode-availability", Map.of(new TopicPartition("velib-projet", 0), 800L),
        "weather-features", Map.of(new TopicPartition("topic-weather", 0), 25L));
    Map<TopicPartition, Long> latest = Map.of(
        new TopicPartition("velib-projet", 0), 820L, new TopicPartition("topic-weather", 0), 30L);

    assertThat(OffsetLag.perQuery(processed, latest))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("postcode-availability", 20L, "weather-features", 5L));
  }
}
