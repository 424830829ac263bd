package io.citypulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citypulse.testkit.StationStatesFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code citypulse forecast evaluate} from a small CSV written here, and its refusals. */
class ForecastCommandTest {
  /** Two stations over two days: {@link StationStatesFixture}. */
  static final String CSV = StationStatesFixture.CSV;

  @TempDir
  Path dir;

  private record Result(int code, String out, String err) {}

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        CitypulseCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private Path states(String csv) throws Exception {
    Path file = dir.resolve("states.csv");
    Files.writeString(file, csv);
    return file;
  }

  @Test
  void printsTheIssuesJsonWithPersistenceComputedByHand() throws Exception {
    Result result = run(
        "forecast",
        "evaluate",
        "--states",
        states(CSV).toString(),
        "--horizons",
        "6h",
        "--step",
        "6h",
        "--test-fraction",
        "0.5",
        "--zone",
        "UTC");

    assertThat(result.code()).as(result.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.out());
    JsonNode h = json.get("horizons").get(0);
    assertThat(h.get("horizon").asText()).isEqualTo("360m");
    // test samples Tue 00, 06, 12, 18 of both stations; persistence errors
    // A 0, 2, 6, 2 and B 1, 0, 0, 2: MAE 13/8
    assertThat(h.get("test_rows").asLong()).isEqualTo(8);
    assertThat(h.get("persistence").get("mae").asDouble()).isEqualTo(1.625);
    assertThat(h.get("persistence").get("rmse").asDouble())
        .isEqualTo(Math.round(Math.sqrt(49.0 / 8) * 1e4) / 1e4);
    for (String part : new String[] {"model", "historical_average", "seasonal_persistence"}) {
      assertThat(h.get(part).get("mae").isNumber()).as(part).isTrue();
    }
    assertThat(h.get("brier_empty").get("base_rate").isNumber()).isTrue();
    assertThat(json.get("train").get("from").asText()).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(json.get("test").get("from").asText()).isEqualTo("2024-01-02T00:00:00Z");
    assertThat(json.get("test").get("to").asText()).isEqualTo("2024-01-03T00:00:00Z");
    assertThat(result.err()).contains("12 states of 2 stations read from");
  }

  @Test
  void trainSavesTheModelAsTheLatestUnderTheStateDir() throws Exception {
    Path stateDir = dir.resolve("state");
    Result result = run(
        "forecast",
        "train",
        "--states",
        states(CSV).toString(),
        "--horizons",
        "6h",
        "--step",
        "6h",
        "--zone",
        "UTC",
        "--state-dir",
        stateDir.toString());

    assertThat(result.code()).as(result.err()).isZero();
    String id = Files.readString(stateDir.resolve("forecast/latest")).trim();
    assertThat(result.out()).contains("model " + id + " saved in");
    assertThat(stateDir.resolve("forecast/models").resolve(id).resolve("metadata.json"))
        .exists();
    assertThat(result.out()).contains("validation 360m").contains("from its next batch");
    assertThat(
            run("forecast", "train", "--states", states(CSV).toString(), "--test-fraction", "-0.1")
                .err())
        .contains("--test-fraction: expected a number in [0, 1)");
  }

  @Test
  void aTableForPeople() throws Exception {
    Result result = run(
        "forecast",
        "evaluate",
        "--states",
        states(CSV).toString(),
        "--horizons",
        "6h,12h",
        "--step",
        "6h",
        "--test-fraction",
        "0.5",
        "--zone",
        "UTC",
        "--format",
        "table");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("persistence", "historical", "360m", "720m", "1.625");
  }

  @Test
  void badRowsAreToldAndTheRestIsUsed() throws Exception {
    Result result = run(
        "forecast",
        "evaluate",
        "--states",
        states(CSV + "C,2024-01-02T00:00:00,1,1,2,\nD,2024-01-02T00:00:00Z,-1,1,2,\n")
            .toString(),
        "--horizons",
        "6h",
        "--step",
        "6h",
        "--test-fraction",
        "0.5",
        "--zone",
        "UTC");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err())
        .contains("2 of 14 rows of")
        .contains("not an ISO-8601 time with Z or an offset")
        .contains("bikes_available -1 is negative");
  }

  @Test
  void aMissingColumnIsNamed() throws Exception {
    Result result = run(
        "forecast",
        "evaluate",
        "--states",
        states("station_code,time,bikes_available\nA,2024-01-01T00:00:00Z,1\n").toString());

    assertThat(result.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(result.err()).contains("missing columns docks_available, capacity");
  }

  @Test
  void badOptionsAreUsageErrors() throws Exception {
    String file = states(CSV).toString();
    assertThat(
            run("forecast", "evaluate", "--states", file, "--model", "oracle").err())
        .contains("--model: expected mllib or blend");
    assertThat(run("forecast", "evaluate", "--states", file, "--format", "xml"))
        .satisfies(r -> assertThat(r.code()).isEqualTo(ExitCodes.USAGE))
        .satisfies(r -> assertThat(r.err()).contains("json|table"));
    assertThat(run("forecast", "evaluate", "--states", file, "--test-fraction", "1")
            .err())
        .contains("--test-fraction: expected a number in (0, 1)");
    assertThat(run("forecast", "evaluate", "--states", file, "--zone", "Mars/Olympus")
            .err())
        .contains("--zone: unknown time zone 'Mars/Olympus'");
    assertThat(run("forecast", "evaluate", "--states", file, "--step", "90s").err())
        .contains("--step: expected whole minutes");
    assertThat(run("forecast", "evaluate", "--states", file, "--from", "2024-01-01")
            .err())
        .contains("--from/--to select the stored history: not with --states");
    assertThat(run("forecast", "evaluate", "--states", dir.resolve("none.csv").toString()))
        .satisfies(r -> assertThat(r.code()).isEqualTo(ExitCodes.USAGE))
        .satisfies(r -> assertThat(r.err()).contains("no such file"));
  }
}
