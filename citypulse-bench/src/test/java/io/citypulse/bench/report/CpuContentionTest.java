package io.citypulse.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuContentionTest {

  @Test
  void busyTicksAreEverythingButIdleAndIowait() {
    String stat = "cpu  100 5 50 1000 20 3 2 1 0 0\ncpu0 50 2 25 500 10 1 1 0 0 0\n";
    assertThat(CpuContention.busyTicks(stat)).isEqualTo(100 + 5 + 50 + 3 + 2 + 1);
    assertThat(CpuContention.busyTicks("")).isEqualTo(-1);
  }

  @Test
  void otherShareIsTheMachinesBusyTimeNotSpentByTheBench() {
    // 10 s on 2 cores; the machine was busy 15 s, the bench used 12 s: others took 3 of 20.
    assertThat(CpuContention.share(15, 12, 10, 2)).isEqualTo(0.15);
    assertThat(CpuContention.share(10, 12, 10, 2)).isZero();
    assertThat(CpuContention.share(50, 0, 10, 2)).isEqualTo(1.0);
  }
}
