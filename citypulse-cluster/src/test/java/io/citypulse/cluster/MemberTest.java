package io.citypulse.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemberTest {
  @Test
  void theKillAndRestartArgumentsNameOneMember() {
    assertThat(Member.parse("broker", "2")).isEqualTo(Member.broker(2));
    assertThat(Member.parse("broker-2", null)).isEqualTo(Member.broker(2));
    assertThat(Member.parse("Worker", "1")).isEqualTo(Member.worker(1));
    assertThat(Member.parse("master", null)).isEqualTo(Member.MASTER);
    assertThat(Member.parse("hdfs", "")).isEqualTo(Member.HDFS);
    assertThat(Member.worker(2).id()).isEqualTo("worker-2");
  }

  @Test
  void aMemberThatCannotExistIsRefusedWithWhatIsAccepted() {
    for (String[] bad : new String[][] {
      {"broker", null}, {"broker", "x"}, {"master", "1"}, {"zookeeper", "1"}, {"broker", "0"}
    }) {
      assertThatThrownBy(() -> Member.parse(bad[0], bad[1]))
          .as(String.join(" ", bad[0], String.valueOf(bad[1])))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("broker");
    }
  }
}
