package io.citypulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.files.FileFormat;
import io.citypulse.files.RecordReader;
import io.citypulse.files.Row;
import io.citypulse.files.RowResult;
import io.citypulse.files.WeatherRows;
import io.citypulse.model.WeatherObservation;
import io.citypulse.sources.weather.WeatherValidator;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import, export and sample-weather without a broker: argument errors and generated files. */
class TransferCommandsTest {
  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return CitypulseCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void importArgumentErrorsExitWithTwoAndSayWhatIsWrong() throws Exception {
    Path csv = Files.writeString(dir.resolve("w.csv"), "location,observed_at\n");
    Path notes = Files.writeString(dir.resolve("w.txt"), "location\n");
    Path badMapping = Files.writeString(dir.resolve("m.yaml"), "- a\n- b\n");
    Path unknownField = Files.writeString(dir.resolve("u.yaml"), "temp: temperature\n");

    assertUsage("give either a file or URL to import, or --watch DIR", "import");
    assertUsage("give either a file or URL", "import", csv.toString(), "--watch", dir.toString());
    assertUsage(
        "no file " + dir.resolve("missing.csv"),
        "import",
        dir.resolve("missing.csv").toString());
    assertUsage("unknown format 'parquet'", "import", csv.toString(), "--format", "parquet");
    assertUsage("cannot tell the format of", "import", notes.toString());
    assertUsage("unknown kind 'bikes'", "import", csv.toString(), "--kind", "bikes");
    assertUsage("--mapping: no file nope.yaml", "import", csv.toString(), "--mapping", "nope.yaml");
    assertUsage("must be an object", "import", csv.toString(), "--mapping", badMapping.toString());
    assertUsage(
        "maps to unknown fields", "import", csv.toString(), "--mapping", unknownField.toString());
    assertUsage("is not a directory", "import", "--watch", csv.toString());
    assertUsage(
        "--commit-every must be at least 1", "import", csv.toString(), "--commit-every", "0");
  }

  @Test
  void exportArgumentErrorsExitWithTwo() {
    assertUsage("xlsx is a binary format", "export", "--format", "xlsx");
    assertUsage("give --format", "export");
    assertUsage("unknown kind 'bikes'", "export", "--kind", "bikes", "--format", "csv");
    assertUsage(
        "cannot tell the format of", "export", "--out", dir.resolve("a.txt").toString());
  }

  @Test
  void historyExportArgumentErrorsExitWithTwo() {
    String out = dir.resolve("h.csv").toString();
    assertUsage("go with --from/--to", "export", "--station", "16107", "--out", out);
    assertUsage("go with --from/--to", "export", "--state-dir", "x", "--out", out);
    assertUsage("not with --from/--to", "export", "--from", "-1h", "--latest", "--out", out);
    assertUsage("not with --from/--to", "export", "--from", "-1h", "--topic", "t", "--out", out);
    assertUsage(
        "--kind weather does not go with --station",
        "export",
        "--kind",
        "weather",
        "--station",
        "16107",
        "--from",
        "-1h",
        "--out",
        out);
    assertUsage(
        "is after --to",
        "export",
        "--from",
        "2026-12-02T00:00:00Z",
        "--to",
        "2026-12-01T00:00:00Z",
        "--out",
        out);
    assertUsage(
        "mutually exclusive",
        "export",
        "--station",
        "1",
        "--postcode",
        "2",
        "--from",
        "-1h",
        "--out",
        out);
  }

  @Test
  void anUnreachableBrokerIsAFailureWithAMessageNotAStackTrace() throws Exception {
    Path csv = Files.writeString(
        dir.resolve("w.csv"), "location,observed_at,temperature_c,humidity_pct\n");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Duration before = TransferSupport.reachTimeout;
    TransferSupport.reachTimeout = Duration.ofSeconds(1);
    try {
      int code = run("import", csv.toString(), "--bootstrap-servers", "127.0.0.1:" + port);

      assertThat(code).isEqualTo(ExitCodes.FAILURE);
      assertThat(err.toString())
          .contains("no Kafka broker answered at 127.0.0.1:" + port)
          .doesNotContain("\tat ");
    } finally {
      TransferSupport.reachTimeout = before;
    }
  }

  @Test
  void sampleWeatherWritesEveryLocationEveryIntervalValidAndTheSameForTheSameSeed()
      throws Exception {
    Path first = dir.resolve("a.csv");
    Path second = dir.resolve("b.csv");
    Path other = dir.resolve("c.csv");

    assertThat(run(
            "sample-weather", "--locations", "senegal", "--hours", "24", "--out", first.toString()))
        .isZero();
    run("sample-weather", "--locations", "senegal", "--hours", "24", "--out", second.toString());
    run(
        "sample-weather",
        "--locations",
        "senegal",
        "--hours",
        "24",
        "--seed",
        "7",
        "--out",
        other.toString());

    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    assertThat(Files.readAllBytes(other)).isNotEqualTo(Files.readAllBytes(first));
    List<WeatherObservation> observations = read(FileFormat.CSV, first);
    assertThat(observations).hasSize(14 * 24);
    assertThat(observations).allMatch(WeatherValidator::isValid);
    assertThat(observations.stream().map(WeatherObservation::key).distinct()).hasSize(14);
    assertThat(observations.get(0).observedAt()).hasToString("2026-12-01T00:00:00Z");
    assertThat(out.toString()).contains("336 observations (14 locations");
  }

  @Test
  void sampleWeatherXlsxIsTheSameBytesForTheSameArgumentsCreatedAtStart() throws Exception {
    Path first = dir.resolve("a.xlsx");
    Path second = dir.resolve("b.xlsx.gz");
    Path third = dir.resolve("c.xlsx.gz");
    String[] args = {"sample-weather", "--hours", "2", "--start", "2026-12-03T06:00Z", "--out"};

    assertThat(run(concat(args, first.toString()))).isZero();
    assertThat(run(concat(args, second.toString()))).isZero();
    // POI stamps the workbook with the time of writing, to the second.
    Thread.sleep(1100);
    assertThat(run(concat(args, third.toString()))).isZero();

    assertThat(Files.readAllBytes(third)).isEqualTo(Files.readAllBytes(second));
    try (ZipFile zip = new ZipFile(first.toFile())) {
      String core = new String(
          zip.getInputStream(zip.getEntry("docProps/core.xml")).readAllBytes(),
          StandardCharsets.UTF_8);
      assertThat(core).contains(">2026-12-03T06:00:00Z</dcterms:created>");
      assertThat(zip.stream().map(ZipEntry::getTimeLocal))
          .containsOnly(LocalDateTime.parse("2026-12-03T06:00:00"));
    }
    assertThat(read(FileFormat.XLSX, first)).hasSize(10);
    try (InputStream in = new GZIPInputStream(Files.newInputStream(second))) {
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(first));
    }
  }

  private static String[] concat(String[] args, String last) {
    String[] all = Arrays.copyOf(args, args.length + 1);
    all[args.length] = last;
    return all;
  }

  @Test
  void sampleWeatherWritesEveryFormatWithTheSameObservations() throws Exception {
    List<WeatherObservation> expected = null;
    for (FileFormat format : FileFormat.values()) {
      Path file = dir.resolve("w." + format.id());
      assertThat(run(
              "sample-weather",
              "--locations",
              "senegal",
              "--hours",
              "3",
              "--interval",
              "30m",
              "--start",
              "2026-06-01T12:00Z",
              "--out",
              file.toString()))
          .as(format.id())
          .isZero();
      List<WeatherObservation> observations = read(format, file);
      if (expected == null) {
        expected = observations;
      }
      assertThat(observations).as(format.id()).hasSize(14 * 6).isEqualTo(expected);
    }
  }

  @Test
  void sampleWeatherArgumentErrors() {
    assertUsage(
        "--hours must be at least 1",
        "sample-weather",
        "--hours",
        "0",
        "--out",
        dir.resolve("a.csv").toString());
    assertUsage(
        "--start: expected a UTC time",
        "sample-weather",
        "--start",
        "yesterday",
        "--out",
        dir.resolve("a.csv").toString());
    assertUsage(
        "--locations:",
        "sample-weather",
        "--locations",
        "atlantis@x",
        "--out",
        dir.resolve("a.csv").toString());
  }

  private void assertUsage(String message, String... args) {
    StringWriter before = new StringWriter();
    before.write(err.toString());
    int code = run(args);
    assertThat(code).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().substring(before.toString().length()))
        .as(String.join(" ", args))
        .contains(message);
  }

  private static List<WeatherObservation> read(FileFormat format, Path file) throws Exception {
    List<WeatherObservation> observations = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file);
        RecordReader reader = RecordReader.open(format, in)) {
      for (Row row = reader.next(); row != null; row = reader.next()) {
        observations.add(
            ((RowResult.Ok<WeatherObservation>) WeatherRows.fromRow(row.fields())).value());
      }
    }
    return observations;
  }
}
