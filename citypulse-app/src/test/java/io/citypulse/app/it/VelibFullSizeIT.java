package io.citypulse.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.app.config.Settings;
import io.citypulse.app.run.Pipeline;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.sources.synthetic.VelibFeeds;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance check of the Vélib' pipeline at full size: 1,500 stations in the Vélib' dialect
 * served over HTTP, {@code --stations all} and a {@code --postcodes} table. After each of three
 * feed states, every per-postcode total on the output topic must equal the sum computed
 * independently from the served files.
 */
class VelibFullSizeIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final int STATIONS = 1_500;

  @TempDir
  Path dir;

  @Test
  void everyPostcodeTotalEqualsTheIndependentSumOfTheFeedFiles() throws Exception {
    SyntheticNetwork network = new SyntheticNetwork(2026, STATIONS, T0, Duration.ofSeconds(10));
    byte[] information = VelibFeeds.stationInformation(network, T0.getEpochSecond());
    byte[] table = VelibFeeds.postcodeTable(network);
    Path tableFile = Files.write(dir.resolve("stations_information.csv"), table);
    AtomicReference<byte[]> status =
        new AtomicReference<>(VelibFeeds.stationStatus(network, T0.getEpochSecond()));

    try (LocalHttpServer feed = LocalHttpServer.start()) {
      feed.respond("/opendata/station_information.json", Response.json(200, "").body(information));
      feed.respondWith(
          "/opendata/station_status.json", request -> Response.json(200, "").body(status.get()));

      Settings settings =
          FastPipeline.settings(KAFKA.bootstrapServers(), dir.resolve("state"), tableFile);
      try (Pipeline pipeline = Pipeline.start(
          settings, feed.uri("/opendata/station_status.json"), FastPipeline.stdout())) {
        for (int minutes : new int[] {0, 15, 60}) {
          Instant now = T0.plus(Duration.ofMinutes(minutes));
          network.advanceTo(now);
          status.set(VelibFeeds.stationStatus(network, now.getEpochSecond()));
          Map<String, IndependentTotals> expected =
              IndependentTotals.of(status.get(), information, table);

          Map<String, IndependentTotals> actual = OutputTotals.awaitEqual(
              KAFKA, "velib-projet-final-data", expected, IndependentTotals::of, WAIT);

          assertThat(actual).as("after %d simulated minutes", minutes).isEqualTo(expected);
          assertThat(expected).doesNotContainKey("UNKNOWN").containsKeys("75016", "75116");
          assertThat(expected.values().stream()
                  .mapToLong(IndependentTotals::stations)
                  .sum())
              .isEqualTo(STATIONS);
        }
      }
    }
  }
}
