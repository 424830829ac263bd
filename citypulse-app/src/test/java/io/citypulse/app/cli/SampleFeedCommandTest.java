package io.citypulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.sources.gbfs.GbfsParser;
import io.citypulse.sources.gbfs.VehicleTypes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleFeedCommandTest {
  @TempDir
  Path dir;

  private static int run(StringWriter out, StringWriter err, String... args) {
    return CitypulseCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void writesAVelibFeedAndItsPostcodeTable() throws Exception {
    StringWriter out = new StringWriter();
    int code =
        run(out, new StringWriter(), "sample-feed", "--out", dir.toString(), "--stations", "120");

    assertThat(code).isZero();
    assertThat(GbfsParser.stationStatus(
                Files.readAllBytes(dir.resolve("station_status.json")), VehicleTypes.NONE)
            .items())
        .hasSize(120);
    assertThat(Files.readAllLines(dir.resolve("stations_information.csv")))
        .hasSize(121)
        .first()
        .isEqualTo("stationCode,station_id,postcode,city");
    assertThat(out.toString()).contains("--postcodes").contains("station_status.json");
  }

  @Test
  void laterMinutesMoveBikesBetweenTheSameStations() throws Exception {
    Path first = dir.resolve("a");
    Path later = dir.resolve("b");
    run(
        new StringWriter(),
        new StringWriter(),
        "sample-feed",
        "--out",
        first.toString(),
        "--stations",
        "80");
    run(
        new StringWriter(),
        new StringWriter(),
        "sample-feed",
        "--out",
        later.toString(),
        "--stations",
        "80",
        "--minutes",
        "30");

    assertThat(Files.readString(later.resolve("stations_information.csv")))
        .isEqualTo(Files.readString(first.resolve("stations_information.csv")));
    assertThat(Files.readString(later.resolve("station_status.json")))
        .isNotEqualTo(Files.readString(first.resolve("station_status.json")));
  }

  @Test
  void writesGbfs30WithVehicleTypes() throws Exception {
    assertThat(run(
            new StringWriter(),
            new StringWriter(),
            "sample-feed",
            "--out",
            dir.toString(),
            "--format",
            "gbfs30",
            "--stations",
            "10"))
        .isZero();

    assertThat(dir.resolve("vehicle_types.json")).exists();
    assertThat(Files.readString(dir.resolve("station_status.json")))
        .contains("\"version\":\"3.0\"");
    assertThat(dir.resolve("stations_information.csv")).doesNotExist();
  }

  @Test
  void badArgumentsExitWithTheUsageCode() {
    StringWriter err = new StringWriter();
    assertThat(run(new StringWriter(), err, "sample-feed")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--out");
    assertThat(run(
            new StringWriter(),
            new StringWriter(),
            "sample-feed",
            "--out",
            dir.toString(),
            "--format",
            "csv"))
        .isEqualTo(ExitCodes.USAGE);
    StringWriter zero = new StringWriter();
    assertThat(run(
            new StringWriter(), zero, "sample-feed", "--out", dir.toString(), "--stations", "0"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(zero.toString()).contains("--stations must be >= 1");
  }
}
