package io.citypulse.dashboard.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ClusterHealthTest {
  @Test
  void degradedWhileFewerBrokersOrExecutorsAnswerThanWereSeen() {
    assertThat(new ClusterHealth(3, 3, "spark://m:7077", 2, 2, 0).status()).isEqualTo("ok");
    assertThat(new ClusterHealth(2, 3, "spark://m:7077", 2, 2, 0).status()).isEqualTo("degraded");
    assertThat(new ClusterHealth(3, 3, "spark://m:7077", 1, 2, 1).status()).isEqualTo("degraded");
    assertThat(new ClusterHealth(null, 3, "local[2]", null, 0, 0).status())
        .as("no broker answers")
        .isEqualTo("degraded");
    assertThat(new ClusterHealth(null, 0, "local[2]", null, 0, 0).status())
        .as("not measured yet")
        .isEqualTo("ok");
  }

  @Test
  void itsJsonNamesEachFigureAndLeavesOutWhatLocalModeHasNot() throws Exception {
    String json =
        new ObjectMapper().writeValueAsString(new ClusterHealth(2, 3, "local[2]", null, 0, 0));

    assertThat(json)
        .contains(
            "\"kafka_brokers\":2",
            "\"kafka_brokers_seen\":3",
            "\"spark_master\":\"local[2]\"",
            "\"status\":\"degraded\"")
        .doesNotContain("\"executors\":");
  }
}
