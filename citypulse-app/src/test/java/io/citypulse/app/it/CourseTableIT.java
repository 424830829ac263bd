package io.citypulse.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.app.config.Settings;
import io.citypulse.app.run.Pipeline;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.sources.synthetic.VelibFeeds;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.Ports;
import io.citypulse.testkit.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The course's situation, end to end: a {@code stations_information.csv} as spreadsheets export
 * it (UTF-8 BOM, {@code ;}, CRLF, quoted city) with rows whose postcode is empty or a "no value"
 * marker and stations it does not list at all, and the geocoder on but unreachable (nothing
 * listens on its port). The run must start, publish every station within one pending timeout
 * (the unplaced ones under UNKNOWN) and every per-postcode total, UNKNOWN included, must equal
 * the sum computed independently from the files.
 */
class CourseTableIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final int STATIONS = 80;
  /** Rows (after the header) given no postcode, and rows left out of the table. */
  private static final List<String> NO_VALUES = List.of("", "  ", "NULL", "-");

  private static final int LEFT_OUT = 6;

  @TempDir
  Path dir;

  @Test
  void blankRowsAndAnUnreachableGeocoderStillGiveEveryStationAndExactTotals() throws Exception {
    SyntheticNetwork network = new SyntheticNetwork(14, STATIONS, T0, Duration.ofSeconds(10));
    byte[] information = VelibFeeds.stationInformation(network, T0.getEpochSecond());
    byte[] status = VelibFeeds.stationStatus(network, T0.getEpochSecond());
    List<String> rows = new String(VelibFeeds.postcodeTable(network), StandardCharsets.UTF_8)
        .lines()
        .toList();
    // What the pipeline should make of the table: the rows that place a station, comma-separated.
    List<String> placing = new ArrayList<>(List.of(rows.get(0)));
    ByteArrayOutputStream course = new ByteArrayOutputStream();
    course.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    course.write((rows.get(0).replace(',', ';') + "\r\n").getBytes(StandardCharsets.UTF_8));
    for (int i = 1; i < rows.size(); i++) {
      String[] f = rows.get(i).split(",", -1);
      if (i <= LEFT_OUT) {
        continue;
      }
      int blank = i - LEFT_OUT - 1;
      String postcode = blank < NO_VALUES.size() ? NO_VALUES.get(blank) : f[2];
      if (blank >= NO_VALUES.size()) {
        placing.add(rows.get(i));
      }
      course.write((f[0] + ";" + f[1] + ";" + postcode + ";\"" + f[3] + "\"\r\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    Path table = Files.write(dir.resolve("stations_information.csv"), course.toByteArray());
    Map<String, IndependentTotals> expected = IndependentTotals.of(
        status, information, String.join("\n", placing).getBytes(StandardCharsets.UTF_8));
    assertThat(expected.get("UNKNOWN").stations())
        .as("stations the table does not place")
        .isEqualTo(LEFT_OUT + NO_VALUES.size());

    try (LocalHttpServer feed = LocalHttpServer.start()) {
      feed.respond("/opendata/station_information.json", Response.json(200, "").body(information));
      feed.respond("/opendata/station_status.json", Response.json(200, "").body(status));
      Settings settings = FastPipeline.settings(
          KAFKA.bootstrapServers(),
          dir.resolve("state"),
          table,
          Map.of(
              "postcodes.geocoder.enabled",
              "true",
              // Nothing listens there: every request is refused, as on a machine offline.
              "postcodes.geocoder.url",
              "http://127.0.0.1:" + Ports.freePort(),
              "postcodes.pending-timeout",
              "3s"));
      long started = System.nanoTime();
      try (Pipeline pipeline = Pipeline.start(
          settings, feed.uri("/opendata/station_status.json"), FastPipeline.stdout())) {
        Map<String, IndependentTotals> actual = OutputTotals.awaitEqual(
            KAFKA, "velib-projet-final-data", expected, IndependentTotals::of, WAIT);

        assertThat(actual).isEqualTo(expected);
        System.out.printf(
            "course table, geocoder unreachable: every total exact %.1f s after start%n",
            (System.nanoTime() - started) / 1e9);
      }
    }
  }
}
