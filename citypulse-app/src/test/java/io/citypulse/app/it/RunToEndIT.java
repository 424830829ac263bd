package io.citypulse.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.app.cli.CitypulseCommand;
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

/** {@code run --until-idle} and {@code run --for}: runs that end on their own, with exit 0. */
class RunToEndIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  @TempDir
  Path dir;

  private record Result(int exitCode, String output, Duration took) {}

  private Result run(String suffix, String... stopFlags) throws Exception {
    try (LocalHttpServer feed = LocalHttpServer.start()) {
      feed.respond("/station_information.json", Response.json(200, """
          {"lastUpdatedOther": 1760778679, "ttl": 3600, "data": {"stations": [
            {"station_id": 213688169, "stationCode": "16107", "name": "Benjamin Godard",
             "lat": 48.865983, "lon": 2.275725, "capacity": 35}]}}
          """));
      feed.respond("/station_status.json", Response.json(200, """
          {"lastUpdatedOther": 1760778556, "ttl": 1, "data": {"stations": [
            {"station_id": 213688169, "num_bikes_available": 5, "numBikesAvailable": 5,
             "num_bikes_available_types": [{"mechanical": 2}, {"ebike": 3}],
             "num_docks_available": 30, "numDocksAvailable": 30, "is_installed": 1,
             "is_returning": 1, "is_renting": 1, "last_reported": 1760778000,
             "stationCode": "16107"}]}}
          """));
      Path table = Files.writeString(dir.resolve("stations-" + suffix + ".csv"), """
          stationCode,station_id,postcode,city
          16107,213688169,75116,Paris
          """);
      String[] base = {
        "run",
        "--bootstrap-servers",
        KAFKA.bootstrapServers(),
        "--state-dir",
        dir.resolve("state-" + suffix).toString(),
        "--gbfs",
        feed.uri("/station_status.json").toString(),
        "--stations",
        "all",
        "--postcodes",
        table.toString(),
        "--no-geocoder",
        "--no-weather",
        "--no-dashboard",
        "--set",
        "gbfs.min-interval=500ms",
        "--set",
        "gbfs.max-interval=1s",
        "--set",
        "status.interval=2s",
        "--set",
        "topics.stations.name=stations-" + suffix,
        "--set",
        "topics.postcode-availability.name=availability-" + suffix
      };
      String[] args = new String[base.length + stopFlags.length];
      System.arraycopy(base, 0, args, 0, base.length);
      System.arraycopy(stopFlags, 0, args, base.length, stopFlags.length);
      StringWriter text = new StringWriter();
      PrintWriter out = new PrintWriter(text, true);
      long start = System.nanoTime();
      int exit = CitypulseCommand.execute(args, out, out);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      System.out.println(text);
      return new Result(exit, text.toString(), took);
    }
  }

  @Test
  void untilIdleStopsOnceTheJobHasReadEverythingAndNothingNewCame() throws Exception {
    Result result = run("idle", "--until-idle", "5s");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("stopping: idle for 5s (every job and sink has read all its input)");
    // It stopped after the aggregate was published, not before.
    Map<String, String> totals =
        KAFKA.latestByKey("availability-idle", t -> t.containsKey("75116"), Duration.ofSeconds(10));
    assertThat(Json.read(totals.get("75116"), PostcodeAvailability.class).bikesAvailable())
        .isEqualTo(5);
  }

  @Test
  void forStopsAfterTheDurationEvenWhileDataKeepsComing() throws Exception {
    // The ingest part alone (no Spark): the poller keeps publishing, the run still ends on time.
    Result result = run("for", "--for", "12s", "--set", "pipeline.part=ingest");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("stopping: ran for 12s");
    assertThat(result.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(12));
    assertThat(KAFKA.consume("stations-for", 1, Duration.ofSeconds(10))).isNotEmpty();
  }

  @Test
  void aBadDurationIsAConfigErrorBeforeAnythingStarts() throws Exception {
    Result result = run("bad", "--for", "soon");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output())
        .contains("--for expects a duration greater than zero such as 90s, 30m or 1h, got 'soon'")
        .doesNotContain("embedded Kafka");
  }
}
