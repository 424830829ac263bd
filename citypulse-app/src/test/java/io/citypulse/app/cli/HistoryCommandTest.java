package io.citypulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.app.config.Settings;
import io.citypulse.storage.history.HistoryRequest;
import io.citypulse.storage.history.HistorySubject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Argument handling of {@code citypulse history}, with no database (every case fails or stops before reading). */
class HistoryCommandTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  @TempDir
  Path emptyStateDir;

  private record Result(int code, String out, String err) {}

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        CitypulseCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private static HistoryRequest request(String... args) {
    HistoryCommand command = new HistoryCommand();
    command.clock = Clock.fixed(NOW, ZoneId.of("Europe/Paris"));
    new CommandLine(command).parseArgs(args);
    return command.request(Settings.defaults());
  }

  @Test
  void theDefaultRangeIsTheLastDayAndLocalTimesUseTheClocksZone() {
    HistoryRequest last = request("--station", "16107");
    HistoryCommand subSecond = new HistoryCommand();
    subSecond.clock = Clock.fixed(NOW.plusMillis(353), ZoneId.of("UTC"));
    new CommandLine(subSecond).parseArgs("--station", "1", "--from", "-2h");
    assertThat(subSecond.request(Settings.defaults()).to()).isEqualTo(NOW);
    assertThat(subSecond.request(Settings.defaults()).from())
        .isEqualTo(NOW.minus(Duration.ofHours(2)));
    assertThat(last.subject()).isEqualTo(HistorySubject.STATION);
    assertThat(last.system()).isEqualTo("velib");
    assertThat(last.from()).isEqualTo(NOW.minus(Duration.ofHours(24)));
    assertThat(last.to()).isEqualTo(NOW);
    assertThat(last.step()).isNull();

    HistoryRequest local = request(
        "--postcode", "75001", "--from", "2026-11-24T08:00", "--to", "-1h", "--step", "15m");
    assertThat(local.from()).isEqualTo("2026-11-24T07:00:00Z");
    assertThat(local.to()).isEqualTo("2026-11-24T09:00:00Z");
    assertThat(local.step()).isEqualTo(Duration.ofMinutes(15));
    // A one-system run's per-area records name no system.
    assertThat(local.system()).isEmpty();
    HistoryRequest ofSystem = request("--postcode", "sim-0001:871fb4662ffffff");
    assertThat(ofSystem.system()).isEqualTo("sim-0001");
    assertThat(ofSystem.key()).isEqualTo("871fb4662ffffff");
    assertThat(request("--postcode", "871fb4662ffffff", "--system", "sim-0001"))
        .isEqualTo(ofSystem);

    HistoryRequest zoned = request(
        "--location",
        "dakar",
        "--from",
        "2026-11-24",
        "--to",
        "2026-11-24T12:00",
        "--zone",
        "Africa/Dakar");
    assertThat(zoned.from()).isEqualTo("2026-11-24T00:00:00Z");
    assertThat(request("--station", "7", "--system", "bicing").system()).isEqualTo("bicing");
  }

  @Test
  void exactlyOneSubjectIsRequired() {
    Result none = run("history", "--from", "-2h");
    assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(none.err())
        .contains("Missing required argument")
        .contains("--station")
        .contains("--postcode");
    Result two = run("history", "--station", "1", "--postcode", "75001");
    assertThat(two.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(two.err()).contains("mutually exclusive");
  }

  @Test
  void badTimesStepsFormatsAndZonesAreUsageErrorsNamingTheFlag() {
    assertThat(run(
            "history",
            "--station",
            "1",
            "--from",
            "2026-11-24T09:00Z",
            "--to",
            "2026-11-24T08:00Z"))
        .isEqualTo(new Result(
            ExitCodes.USAGE,
            "",
            "citypulse: configuration error: from (2026-11-24T09:00:00Z)"
                + " must be before to (2026-11-24T08:00:00Z)\n"));
    assertThat(run("history", "--station", "1", "--from", "last tuesday").err())
        .startsWith(
            "citypulse: configuration error: --from: 'last tuesday' is not a time: expected an instant");
    assertThat(run("history", "--station", "1", "--step", "often").err())
        .contains("--step: expected a duration such as 30s, 15m, 1h or 1d, got 'often'");
    assertThat(run(
                "history",
                "--station",
                "1",
                "--from",
                "2026-10-25T10:00Z",
                "--to",
                "2026-11-24T10:00Z",
                "--step",
                "1m")
            .err())
        .contains("gives 43,201 rows, more than 10,000: use a step of at least 5m");
    assertThat(run("history", "--station", "1", "--format", "xml").err())
        .contains("--format: unknown format 'xml': expected one of table, csv, json");
    assertThat(run("history", "--station", "1", "--zone", "Mars/Olympus").err())
        .contains("--zone: unknown time zone 'Mars/Olympus'");
    Result system = run("history", "--location", "paris", "--system", "velib");
    assertThat(system.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(system.err()).contains("--system applies to --station and --postcode only");
  }

  @Test
  void withoutAnyStorageTheMessageSaysHowToKeepAHistory() {
    Result result = run("history", "--station", "16107", "--state-dir", emptyStateDir.toString());
    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err())
        .contains("no history storage found")
        .contains("--postgres or --parquet PATH");
    assertThat(result.out()).isEmpty();
  }
}
