package io.citypulse.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateRunTest {

  @Test
  void badRowsAreReportedAndTheRestEvaluated(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("states.csv");
    Files.writeString(file, Fixture.CSV + "A,2024-01-02T09:00:00Z,x,1,10\n");
    List<String> warnings = new ArrayList<>();

    String json = EvaluateRun.run(file, Fixture.options(), EvaluateRun.Format.JSON, warnings::add);

    assertThat(warnings)
        .containsExactly(
            "1 of 13 rows of " + file + " could not be used",
            "line 14: bikes_available 'x' is not a whole number");
    // the same numbers as the fixture without the bad row
    assertThat(json)
        .isEqualTo(EvaluationJson.write(Evaluator.evaluate(Fixture.log(), Fixture.options())));
  }

  @Test
  void aFileWithoutUsableRowsIsAnError(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("states.csv");
    Files.writeString(file, "station_code,time,bikes_available,docks_available,capacity\n");

    assertThatThrownBy(
            () -> EvaluateRun.run(file, Fixture.options(), EvaluateRun.Format.TABLE, w -> {}))
        .isInstanceOf(StateLogException.class)
        .hasMessageContaining("no usable station state");
    assertThatThrownBy(() -> EvaluateRun.Format.parse("xml")).hasMessageContaining("json|table");
  }
}
