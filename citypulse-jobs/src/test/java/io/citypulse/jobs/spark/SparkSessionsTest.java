package io.citypulse.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SparkSessionsTest {

  @Test
  void theDefaultPartitionsAreOnePerCoreOfTheMaster() {
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(SparkSessions.defaultPartitions("local[2]")).isEqualTo(2);
    assertThat(SparkSessions.defaultPartitions("local[8,3]")).isEqualTo(8);
    assertThat(SparkSessions.defaultPartitions("local")).isEqualTo(1);
    assertThat(SparkSessions.defaultPartitions("local[*]")).isEqualTo(cores);
    assertThat(SparkSessions.defaultPartitions("spark://127.0.0.1:7077")).isEqualTo(cores);
    assertThat(SparkSessions.defaultPartitions("local[0]")).isEqualTo(1);
  }
}
