package io.citypulse.bench.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.bench.BenchOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerPlumbingTest {

  @Test
  void peakRssIsReadFromProcStatusText() {
    String status = "Name:\tjava\nVmPeak:\t 5000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t  100000 kB\n";
    assertThat(ProcStatus.parse(status, "VmHWM")).hasValue(123_456);
    assertThat(ProcStatus.parse(status, "VmRSS")).hasValue(100_000);
    assertThat(ProcStatus.parse(status, "VmSwap")).isEmpty();
    assertThat(ProcStatus.kbToMb(1_000_000)).isEqualTo(1_024.0);
  }

  @Test
  void cpuTicksAreReadFromProcStatText() {
    // A comm with a space and a parenthesis, as /proc shows it; utime 14, stime 15, cutime 16,
    // cstime 17.
    String stat =
        "4242 (postgres: w) S 1 4242 4242 0 -1 4194560 900 0 0 0 120 30 7 3 20 0 1 0 555 0 0";
    assertThat(ProcStatus.cpuTicks(stat, false)).isEqualTo(150);
    assertThat(ProcStatus.cpuTicks(stat, true)).isEqualTo(160);
  }

  @Test
  void workerJvmGetsTheHeapSparksOpensAndItsParameters() {
    List<String> command =
        new WorkerLauncher("1g", false).command("throughput", Map.of("engine", "citypulse"));
    assertThat(command)
        .contains(
            "-Xmx1g",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "-cp",
            WorkerMain.class.getName(),
            "throughput",
            "engine=citypulse");
    assertThat(command.indexOf("-Xmx1g")).isLessThan(command.indexOf(WorkerMain.class.getName()));
  }

  @Test
  void workerParametersAreKeyValuePairs() {
    WorkerParams params =
        WorkerParams.parse(new String[] {"latency", "rate=1000", "dir=/tmp/x=y"}, 1);
    assertThat(params.integer("rate")).isEqualTo(1000);
    assertThat(params.text("dir")).isEqualTo("/tmp/x=y");
    assertThatThrownBy(() -> params.text("engine")).hasMessageContaining("engine");
    assertThatThrownBy(() -> WorkerParams.parse(new String[] {"x", "novalue"}, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durationsReadLikeTheOptionsDocumentThem() {
    assertThat(BenchOptions.DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(BenchOptions.DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(BenchOptions.DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(BenchOptions.DurationConverter.parse("PT1H")).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> BenchOptions.DurationConverter.parse("3d"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
