package io.citypulse.sources.gbfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.StationInformation;
import io.citypulse.model.StationStatus;
import io.citypulse.testkit.gbfs.CorpusSystem;
import io.citypulse.testkit.gbfs.GbfsCorpus;
import io.citypulse.testkit.gbfs.IndependentReading;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Conformance of the parser with real operators' feeds: every file of a corpus of captures
 * ({@code -Dgbfs.corpus=DIR}, see {@link GbfsCorpus}; skipped without it). Each station_status is
 * read by both paths, which must agree, and must hold exactly the stations, counts and bike kinds
 * that {@link IndependentReading} finds in the file; the only rejects allowed are entries without
 * a station_id, which cannot be keyed. Each station_information is read whole the same way.
 * Discovery files and free-floating feeds are read as the poller reads a URL it is given.
 */
class GbfsCorpusTest {

  @TestFactory
  Stream<DynamicTest> everyCapturedFeedReadsAsItsFilesSay() {
    return GbfsCorpus.perSystem(system -> {
      List<DynamicTest> tests = new ArrayList<>();
      if (system.has("station_status")) {
        tests.add(DynamicTest.dynamicTest(system + " station_status", () -> status(system)));
      }
      if (system.has("station_information")) {
        tests.add(
            DynamicTest.dynamicTest(system + " station_information", () -> information(system)));
      }
      for (String feed : List.of("gbfs", "free_bike_status", "vehicle_status")) {
        if (system.has(feed)) {
          tests.add(DynamicTest.dynamicTest(
              system + " " + feed + " as the given URL", () -> givenAsUrl(system, feed)));
        }
      }
      return tests.stream();
    });
  }

  private static void status(CorpusSystem system) throws Exception {
    VehicleTypes types = system.feed("vehicle_types").isPresent()
        ? VehicleTypes.of(
            GbfsParser.vehicleTypes(system.feed("vehicle_types").get()).items())
        : VehicleTypes.NONE;
    byte[] body = system.feed("station_status").orElseThrow();
    TreeOracle.assertStatusSameAsTree(body, types);

    FeedSnapshot<StationStatus> snapshot = GbfsParser.stationStatus(body, types);

    Map<String, IndependentReading.Station> expected =
        IndependentReading.stations(system).values().stream()
            .collect(Collectors.toMap(IndependentReading.Station::stationId, Function.identity()));
    assertThat(snapshot.rejects())
        .as("rejects")
        .hasSize(IndependentReading.stationsWithoutId(system))
        .allSatisfy(r -> assertThat(r.reason()).isIn("missing station_id", "station_id is empty"));
    assertThat(snapshot.items())
        .extracting(StationStatus::stationId)
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (StationStatus s : snapshot.items()) {
      IndependentReading.Station e = expected.get(s.stationId());
      assertThat(List.of(
              s.bikesAvailable(),
              String.valueOf(s.mechanical()),
              String.valueOf(s.ebike()),
              String.valueOf(s.docksAvailable())))
          .as("%s station %s: bikes, mechanical, ebike, docks", system, s.stationId())
          .containsExactly(
              e.bikes(),
              String.valueOf(e.mechanical()),
              String.valueOf(e.ebike()),
              String.valueOf(e.docks()));
    }
    System.out.printf(
        "corpus %-32s station_status: %5d stations, %d rejected, kinds %s%n",
        system, snapshot.items().size(), snapshot.rejects().size(), kinds(snapshot.items()));
  }

  private static void information(CorpusSystem system) throws Exception {
    byte[] body = system.feed("station_information").orElseThrow();
    TreeOracle.assertInformationSameAsTree(body, "en");

    FeedSnapshot<StationInformation> snapshot = GbfsParser.stationInformation(body, "en");

    Map<String, Double> latitudes = IndependentReading.informationLatitudes(system);
    assertThat(snapshot.items())
        .extracting(StationInformation::stationId)
        .containsExactlyElementsOf(latitudes.keySet());
    assertThat(snapshot.rejects())
        .as("rejects")
        .hasSize(IndependentReading.informationEntries(system) - latitudes.size())
        .allSatisfy(r -> assertThat(r.reason()).isIn("missing station_id", "station_id is empty"));
    assertThat(snapshot.items())
        .as("latitudes")
        .allSatisfy(s -> assertThat(s.lat()).isEqualTo(latitudes.get(s.stationId())));
    System.out.printf(
        "corpus %-32s station_information: %5d stations, %d rejected%n",
        system, snapshot.items().size(), snapshot.rejects().size());
  }

  /**
   * A discovery file resolves to its station feeds, or says it has none (free-floating and car
   * systems); a free-floating feed given as the URL is refused with a message saying what it is.
   */
  private static void givenAsUrl(CorpusSystem system, String feed) throws Exception {
    byte[] body = system.feed(feed).orElseThrow();
    URI url = URI.create("http://127.0.0.1/" + system.slug() + "/" + feed + ".json");
    boolean stationBased = feed.equals("gbfs") && new String(body).contains("station_status");
    if (stationBased) {
      GbfsDiscovery discovery = GbfsDiscovery.parse(body, url, "en");
      assertThat(discovery.stationStatus()).isNotNull();
      System.out.printf(
          "corpus %-32s %s: GBFS %s, feeds %s%n",
          system, feed, discovery.version(), discovery.feeds().keySet());
    } else {
      assertThatThrownBy(() -> GbfsDiscovery.parse(body, url, "en"))
          .isInstanceOf(FeedParseException.class)
          .hasMessageContaining(feed.equals("gbfs") ? "no station_status" : "free-floating");
    }
  }

  private static String kinds(List<StationStatus> stations) {
    long typed = stations.stream()
        .filter(s -> s.mechanical() != null || s.ebike() != null)
        .count();
    return typed == 0 ? "unknown" : typed == stations.size() ? "typed" : typed + " typed";
  }
}
