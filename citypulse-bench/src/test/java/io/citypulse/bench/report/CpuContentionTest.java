package io.citypulse.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuContentionTest {

  @Test
  void busyTicksAreUserNiceAndSystem() {
    String stat = "cpu  100 5 50 1000 20 3 2 1 0 0\ncpu0 50 2 25 500 10 1 1 0 0 0\n";
    assertThat(CpuContention.busyTicks(stat)).isEqualTo(100 + 5 + 50);
    assertThat(CpuContention.busyTicks("")).isEqualTo(-1);
  }

  @Test
  void kernelThreadsAreRecognisedByTheirParentKthreadd() {
    String kworker =
        "77 (kworker/0:1-events) I 2 0 0 0 -1 69238880 0 0 0 0 30 6 0 0 20 0 1 0 3 0 0";
    String java = "4000 (java) S 1 4000 4000 0 -1 4194560 900 0 0 0 500 70 0 0 20 0 60 0 900 0 0";
    assertThat(CpuContention.kernelThreadTicks(kworker)).isEqualTo(36);
    assertThat(CpuContention.kernelThreadTicks(java)).isZero();
  }

  @Test
  void otherShareIsTheMachinesBusyTimeNotSpentByTheBench() {
    // 10 s on 2 cores; the machine was busy 15 s, the bench used 12 s: others took 3 of 20.
    assertThat(CpuContention.share(15, 12, 10, 2)).isEqualTo(0.15);
    assertThat(CpuContention.share(10, 12, 10, 2)).isZero();
    assertThat(CpuContention.share(50, 0, 10, 2)).isEqualTo(1.0);
  }
}
