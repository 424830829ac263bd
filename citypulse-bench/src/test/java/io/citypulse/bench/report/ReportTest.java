package io.citypulse.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.bench.BenchVersions;
import io.citypulse.bench.stats.Figure;
import io.citypulse.model.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  private static final MachineInfo MACHINE = new MachineInfo(
      2, 24_000L, "Test CPU", "Linux 6.1 amd64", "17.0.15", "Debian", "OpenJDK 64-Bit Server VM");
  private static final BenchVersions VERSIONS =
      new BenchVersions("0.1.0", "4.2.0", "4.3.1", "1.37", "--add-opens=x");

  private static Report sample() {
    Report report = new Report("all", Map.of("runs", 3));
    report.add(new Figure(
        "throughput.ratio",
        "Throughput ratio",
        "x",
        List.of(1.2, 1.6, 1.7),
        1.5,
        true,
        Map.of("per_run", "same run")));
    report.add(new Figure("latency.p50", "Latency p50", "ms", List.of(), 250.0, false, Map.of()));
    report.addRun("throughput", 1, Map.of("engine", "citypulse", "records_per_s", 123_456.0));
    report.addProblem("latency run 1 failed: boom");
    return report;
  }

  @Test
  void jsonHasMachineJvmVersionsAndEveryFiguresRunsWithMedianAndSpread(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("nested/results.json");
    sample().write(file, MACHINE, VERSIONS);

    JsonNode root = Json.MAPPER.readTree(Files.readAllBytes(file));
    assertThat(root.at("/machine/available_processors").asInt()).isEqualTo(2);
    assertThat(root.at("/machine/memory_total_mb").asLong()).isEqualTo(24_000);
    assertThat(root.at("/machine/cpu_model").asText()).isEqualTo("Test CPU");
    assertThat(root.at("/jvm/version").asText()).isEqualTo("17.0.15");
    assertThat(root.at("/versions/spark").asText()).isEqualTo("4.2.0");
    assertThat(root.at("/versions/kafka").asText()).isEqualTo("4.3.1");
    assertThat(root.at("/versions/citypulse").asText()).isEqualTo("0.1.0");
    JsonNode ratio = root.at("/figures/0");
    assertThat(ratio.get("id").asText()).isEqualTo("throughput.ratio");
    assertThat(ratio.get("values")).hasSize(3);
    assertThat(ratio.get("median").asDouble()).isEqualTo(1.6);
    assertThat(ratio.get("min").asDouble()).isEqualTo(1.2);
    assertThat(ratio.get("max").asDouble()).isEqualTo(1.7);
    assertThat(ratio.get("target").asDouble()).isEqualTo(1.5);
    assertThat(ratio.get("target_is").asText()).isEqualTo("minimum");
    assertThat(ratio.get("verdict").asText()).isEqualTo("PASS");
    JsonNode failed = root.at("/figures/1");
    assertThat(failed.get("median").isNull()).isTrue();
    assertThat(failed.get("verdict").asText()).isEqualTo("n/a");
    assertThat(root.at("/runs/0/benchmark").asText()).isEqualTo("throughput");
    assertThat(root.at("/runs/0/records_per_s").asDouble()).isEqualTo(123_456.0);
    assertThat(root.at("/problems/0").asText()).contains("boom");
    assertThat(root.at("/options/runs").asInt()).isEqualTo(3);
  }

  @Test
  void tablePrintsMedianRangeTargetAndVerdict() {
    String table = sample().table(MACHINE);
    assertThat(table).contains("2 cores", "Test CPU");
    assertThat(table
            .lines()
            .filter(l -> l.startsWith("Throughput ratio"))
            .findFirst()
            .orElseThrow())
        .contains("1.60", "1.20 .. 1.70", ">= 1.50", "PASS", " 3");
    assertThat(
            table.lines().filter(l -> l.startsWith("Latency p50")).findFirst().orElseThrow())
        .contains("FAILED", "<= 250.0", "n/a");
    assertThat(table).contains("!! latency run 1 failed: boom");
  }

  @Test
  void numbersAreGroupedWhenLargeAndPreciseWhenSmall() {
    assertThat(Report.number(1_234_567.8)).isEqualTo("1,234,568");
    assertThat(Report.number(250)).isEqualTo("250.0");
    assertThat(Report.number(1.5)).isEqualTo("1.50");
    assertThat(Report.number(0.01234)).isEqualTo("0.0123");
  }

  @Test
  void machineFactsAreReadFromProcFiles() {
    assertThat(MachineInfo.memTotalMb("MemFree: 1 kB\nMemTotal:       24641536 kB\n"))
        .isEqualTo(24_064);
    assertThat(MachineInfo.cpuModel("processor\t: 0\nmodel name\t: AMD EPYC 7B13\n"))
        .isEqualTo("AMD EPYC 7B13");
    assertThat(MachineInfo.cpuModel("")).isNull();
  }
}
