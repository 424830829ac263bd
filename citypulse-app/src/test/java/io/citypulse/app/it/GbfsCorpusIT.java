package io.citypulse.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.app.config.Settings;
import io.citypulse.app.run.Pipeline;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.Response;
import io.citypulse.testkit.gbfs.CorpusSystem;
import io.citypulse.testkit.gbfs.GbfsCorpus;
import io.citypulse.testkit.gbfs.IndependentReading;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on real operators' feeds: every capture of the corpus ({@code -Dgbfs.corpus=DIR},
 * see {@link GbfsCorpus}; skipped without it) that has a station_status is served over local
 * HTTP as it was captured and run with {@code --stations all --no-geocoder}. Every station of
 * the feed must be published exactly once, and every per-postcode total (mostly {@code UNKNOWN}:
 * few operators give a post_code) must equal the sum {@link IndependentReading} computes from
 * the files, bike kinds included (null where the feed gives none).
 */
class GbfsCorpusIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  @TestFactory
  Stream<DynamicTest> everyCapturedSystemIsPublishedWholeAndSummedExactly() {
    return GbfsCorpus.perSystem(system -> system.has("station_status")
        ? Stream.of(DynamicTest.dynamicTest(system.slug(), () -> run(system)))
        : Stream.empty());
  }

  private void run(CorpusSystem system) throws Exception {
    Map<String, IndependentReading.Station> stations = IndependentReading.stations(system);
    Map<String, IndependentReading.Totals> expected = IndependentReading.totals(stations);
    String stationsTopic = "corpus." + system.slug() + ".stations";
    String totalsTopic = "corpus." + system.slug() + ".totals";

    try (LocalHttpServer feed = serve(system)) {
      Settings settings = Settings.load(
          null,
          Map.of(),
          Map.ofEntries(
              Map.entry("kafka.bootstrap-servers", KAFKA.bootstrapServers()),
              Map.entry("state-dir", dir.resolve(system.slug()).toString()),
              Map.entry("gbfs.system", system.slug()),
              Map.entry("gbfs.stations", "all"),
              Map.entry("postcodes.geocoder.enabled", "false"),
              Map.entry("topics.stations.name", stationsTopic),
              Map.entry("topics.postcode-availability.name", totalsTopic),
              Map.entry("gbfs.min-interval", "200ms"),
              Map.entry("gbfs.max-interval", "500ms"),
              Map.entry("status.interval", "5s"),
              Map.entry("weather.enabled", "false"),
              Map.entry("dashboard.enabled", "false")));
      long started = System.nanoTime();
      try (Pipeline pipeline = Pipeline.start(
          settings,
          feed.uri("/" + system.slug() + "/station_status.json"),
          FastPipeline.stdout())) {
        Map<String, IndependentReading.Totals> actual = OutputTotals.awaitEqual(
            KAFKA,
            totalsTopic,
            expected,
            a -> new IndependentReading.Totals(
                a.stations(),
                a.bikesAvailable(),
                a.mechanical(),
                a.ebike(),
                a.docksAvailable(),
                a.capacity(),
                a.untypedBikes() == null ? 0 : a.untypedBikes()),
            WAIT);

        assertThat(actual).as("%s: per-postcode totals", system).isEqualTo(expected);
        Map<String, Long> published = KAFKA.consume(stationsTopic, stations.size(), WAIT).stream()
            .collect(
                Collectors.groupingBy(ConsumerRecord::key, TreeMap::new, Collectors.counting()));
        assertThat(published.keySet())
            .as("%s: station keys published", system)
            .containsExactlyInAnyOrderElementsOf(stations.keySet().stream()
                .map(code -> system.slug() + ":" + code)
                .toList());
        assertThat(published.values()).as("%s: records per station", system).containsOnly(1L);
        System.out.printf(
            "corpus %-32s %5d stations published once, %3d postcodes exact in %.1f s%n",
            system, stations.size(), expected.size(), (System.nanoTime() - started) / 1e9);
      }
    }
  }

  /** Serves every file of the capture under /slug/; feeds it lacks answer 404, as on the web. */
  private static LocalHttpServer serve(CorpusSystem system) throws IOException {
    LocalHttpServer server = LocalHttpServer.start();
    try (Stream<Path> files = Files.list(system.folder())) {
      files.filter(f -> f.getFileName().toString().endsWith(".json")).forEach(file -> {
        try {
          server.respond(
              "/" + system.slug() + "/" + file.getFileName(),
              Response.json(200, "").body(Files.readAllBytes(file)));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return server;
  }
}
