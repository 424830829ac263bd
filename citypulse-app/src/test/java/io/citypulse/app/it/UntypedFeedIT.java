package io.citypulse.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.app.config.Settings;
import io.citypulse.app.run.Pipeline;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GBFS 1.x feed as many real systems publish it (Motivate's, for one): station_status gives
 * num_bikes_available and nothing about which bikes are mechanical or electric. Through the whole
 * pipeline, the per-postcode totals and the status line must say the split is unknown, not 0.
 */
class UntypedFeedIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  @Test
  void aFeedWithoutBikeTypesGivesUnknownSplitsNotZero() throws Exception {
    try (LocalHttpServer feed = LocalHttpServer.start()) {
      feed.respond("/gbfs.json", Response.json(200, """
          {"last_updated": 1760778556, "ttl": 60, "data": {"en": {"feeds": [
            {"name": "station_information", "url": "%s"},
            {"name": "station_status", "url": "%s"}]}}}
          """.formatted(
              feed.uri("/station_information.json"), feed.uri("/station_status.json"))));
      feed.respond("/station_information.json", Response.json(200, """
          {"last_updated": 1760778556, "ttl": 60, "data": {"stations": [
            {"station_id": "72", "name": "W 52 St & 11 Ave", "short_name": "6926.01",
             "lat": 40.76727216, "lon": -73.99392888, "capacity": 39},
            {"station_id": "79", "name": "Franklin St & W Broadway",
             "lat": 40.71911552, "lon": -74.00666661, "capacity": 33},
            {"station_id": "82", "name": "St James Pl & Pearl St",
             "lat": 40.71117416, "lon": -74.00016545, "capacity": 27}]}}
          """));
      feed.respond("/station_status.json", Response.json(200, """
          {"last_updated": 1760778556, "ttl": 60, "data": {"stations": [
            {"station_id": "72", "num_bikes_available": 12, "num_docks_available": 26,
             "is_installed": 1, "is_renting": 1, "is_returning": 1, "last_reported": 1760778500},
            {"station_id": "79", "num_bikes_available": 0, "num_docks_available": 33,
             "is_installed": 1, "is_renting": 1, "is_returning": 1, "last_reported": 1760778510},
            {"station_id": "82", "num_bikes_available": 20, "num_docks_available": 7,
             "is_installed": 1, "is_renting": 1, "is_returning": 1, "last_reported": 1760778520}]}}
          """));
      Path table = dir.resolve("stations_information.csv");
      Files.writeString(table, """
          stationCode,station_id,postcode,city
          6926.01,72,10019,New York
          79,79,10013,New York
          82,82,10013,New York
          """);
      Settings settings = FastPipeline.settings(
          KAFKA.bootstrapServers(),
          dir.resolve("state"),
          table,
          Map.of("gbfs.system", "citibike", "status.interval", "1s"));
      StringWriter output = new StringWriter();

      try (Pipeline pipeline =
          Pipeline.start(settings, feed.uri("/gbfs.json"), new PrintWriter(output, true))) {
        Map<String, String> latest = KAFKA.latestByKey(
            "velib-projet-final-data",
            records -> records.containsKey("10019") && records.containsKey("10013"),
            WAIT);

        PostcodeAvailability midtown = Json.read(latest.get("10019"), PostcodeAvailability.class);
        assertThat(midtown)
            .isEqualTo(new PostcodeAvailability(
                "10019", "New York", 1, 12, null, null, 26, 39, midtown.updatedAt(), 12L));
        PostcodeAvailability tribeca = Json.read(latest.get("10013"), PostcodeAvailability.class);
        assertThat(tribeca)
            .isEqualTo(new PostcodeAvailability(
                "10013", "New York", 2, 20, null, null, 40, 60, tribeca.updatedAt(), 20L));
        assertThat(latest.get("10013")).contains("\"mechanical\":null,\"ebike\":null");

        await("a status line with bikes of unknown types")
            .atMost(WAIT)
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(100))
            .until(() -> output.toString().contains(" bikes (unknown types) in "));
        assertThat(output.toString())
            .contains(" bikes (unknown types) in ")
            .doesNotContain(" 0 mechanical");
      }
    }
  }
}
