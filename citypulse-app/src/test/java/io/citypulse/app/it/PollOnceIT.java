package io.citypulse.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.app.cli.CitypulseCommand;
import io.citypulse.model.Json;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherObservation;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code citypulse poll --once} as a scheduler runs it: one poll of each source, then exit. */
class PollOnceIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  @TempDir
  Path dir;

  private record Result(int exitCode, String output) {}

  private Result poll(String suffix, LocalHttpServer feed) throws Exception {
    Path table = dir.resolve("stations.csv");
    Files.writeString(table, """
        stationCode,station_id,postcode,city
        16107,213688169,75116,Paris
        """);
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, true);
    int exit = CitypulseCommand.execute(
        new String[] {
          "poll",
          "--once",
          "--bootstrap-servers",
          KAFKA.bootstrapServers(),
          "--state-dir",
          dir.resolve("state-" + suffix).toString(),
          "--gbfs",
          feed.uri("/gbfs.json").toString(),
          "--stations",
          "all",
          "--postcodes",
          table.toString(),
          "--no-geocoder",
          "--weather-source",
          "generator",
          "--weather-locations",
          "Dakar@14.6928,-17.4467;Thiès@14.79,-16.93",
          "--timeout",
          "60s",
          "--set",
          "topics.stations.name=stations-" + suffix,
          "--set",
          "topics.weather.name=weather-" + suffix,
          "--set",
          "topics.dead-letters.name=dead-" + suffix
        },
        out,
        out);
    System.out.println(text);
    return new Result(exit, text.toString());
  }

  @Test
  void pollsEachSourceOncePublishesAndExitsZero() throws Exception {
    try (LocalHttpServer feed = LocalHttpServer.start()) {
      serveFeed(feed, 200);
      Result result = poll("ok", feed);

      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output())
          .contains("gbfs velib: 1 stations read")
          .contains("weather generator: 2/2 locations read")
          .contains("poll: every source read");
      assertThat(feed.requestCount("/station_status.json")).isEqualTo(1);

      List<ConsumerRecord<String, String>> stations =
          KAFKA.consume("stations-ok", 1, Duration.ofSeconds(30));
      assertThat(stations).hasSize(1);
      StationRecord station = Json.read(stations.get(0).value(), StationRecord.class);
      assertThat(station.stationCode()).isEqualTo("16107");
      assertThat(station.bikesAvailable()).isEqualTo(5);
      assertThat(station.postcode()).isEqualTo("75116");
      List<ConsumerRecord<String, String>> weather =
          KAFKA.consume("weather-ok", 2, Duration.ofSeconds(30));
      assertThat(weather)
          .extracting(r -> Json.read(r.value(), WeatherObservation.class).location())
          .containsExactlyInAnyOrder("dakar", "thies");
    }
  }

  @Test
  void aFailingSourceExitsOneWithItsReasonWhileTheOthersArePublished() throws Exception {
    try (LocalHttpServer feed = LocalHttpServer.start()) {
      serveFeed(feed, 503);
      Result result = poll("failing", feed);

      assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
      assertThat(result.output())
          .containsPattern("gbfs velib: failed: .*503")
          .contains("weather generator: 2/2 locations read")
          .contains("poll: some sources failed");
      assertThat(KAFKA.consume("weather-failing", 2, Duration.ofSeconds(30))).hasSize(2);
    }
  }

  private static void serveFeed(LocalHttpServer feed, int statusCode) {
    feed.respond("/gbfs.json", Response.json(200, """
        {"lastUpdatedOther": 1760778556, "ttl": 3600, "data": {"en": {"feeds": [
          {"name": "station_information", "url": "%s"},
          {"name": "station_status", "url": "%s"}]}}}
        """.formatted(
            feed.uri("/station_information.json"), feed.uri("/station_status.json"))));
    feed.respond("/station_information.json", Response.json(200, """
        {"lastUpdatedOther": 1760778679, "ttl": 3600, "data": {"stations": [
          {"station_id": 213688169, "stationCode": "16107", "name": "Benjamin Godard - Victor Hugo",
           "lat": 48.865983, "lon": 2.275725, "capacity": 35}]}}
        """));
    feed.respond(
        "/station_status.json",
        Response.json(statusCode, statusCode != 200 ? "{\"error\": \"maintenance\"}" : """
        {"lastUpdatedOther": 1760778556, "ttl": 1, "data": {"stations": [
          {"station_id": 213688169, "num_bikes_available": 5, "numBikesAvailable": 5,
           "num_bikes_available_types": [{"mechanical": 2}, {"ebike": 3}],
           "num_docks_available": 30, "numDocksAvailable": 30, "is_installed": 1,
           "is_returning": 1, "is_renting": 1, "last_reported": 1760778000,
           "stationCode": "16107"}]}}
        """));
  }
}
