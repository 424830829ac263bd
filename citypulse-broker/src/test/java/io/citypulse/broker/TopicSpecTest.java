package io.citypulse.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicSpecTest {

  @Test
  void rejectsInvalidValuesWithTheTopicName() {
    assertThatThrownBy(() -> TopicSpec.of("t", 0))
        .hasMessageContaining("t")
        .hasMessageContaining("partitions");
    assertThatThrownBy(() -> new TopicSpec("t", 1, (short) 0, Map.of()))
        .hasMessageContaining("replication");
    assertThatThrownBy(() -> TopicSpec.of(" ", 1)).hasMessageContaining("blank");
  }

  @Test
  void copiesConfigsAndDefaultsNullToEmpty() {
    Map<String, String> configs = new HashMap<>(Map.of("cleanup.policy", "compact"));
    TopicSpec spec = new TopicSpec("t", 2, (short) 1, configs);
    configs.put("retention.ms", "1");
    assertThat(spec.configs()).containsOnlyKeys("cleanup.policy");
    assertThat(new TopicSpec("t", 1, (short) 1, null).configs()).isEmpty();
  }
}
