package io.citypulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SuiteTest {

  @Test
  void sinksAlternateWhichGoesFirstAndKeepOnlyTheSelectedOnes() {
    assertThat(Suite.sinkOrder(1, List.of("postgres", "parquet")))
        .containsExactly("postgres", "parquet");
    assertThat(Suite.sinkOrder(2, List.of("postgres", "parquet")))
        .containsExactly("parquet", "postgres");
    assertThat(Suite.sinkOrder(2, List.of("postgres"))).containsExactly("postgres");
  }

  @Test
  void recordsDefaultPerBenchmarkUnlessGiven() {
    BenchOptions defaults = new BenchOptions();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.throughputRecords()).isEqualTo(2_000_000);
    assertThat(defaults.sinkRecords()).isEqualTo(300_000);
    assertThat(defaults.sinks).containsExactly("postgres", "parquet");

    BenchOptions given = new BenchOptions();
    new CommandLine(given).parseArgs("--records", "50000");
    assertThat(given.throughputRecords()).isEqualTo(50_000);
    assertThat(given.sinkRecords()).isEqualTo(50_000);
  }
}
