package io.citypulse.sources.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.StationInformation;
import io.citypulse.model.StationStatus;
import io.citypulse.sources.gbfs.FeedSnapshot;
import io.citypulse.sources.gbfs.GbfsDiscovery;
import io.citypulse.sources.gbfs.GbfsParser;
import io.citypulse.sources.gbfs.VehicleTypes;
import io.citypulse.sources.synthetic.SyntheticWorld.Dialect;
import io.citypulse.sources.synthetic.SyntheticWorld.SystemSpec;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticWorldTest {
  private static final Instant T0 = Instant.parse("2026-01-05T06:00:00Z");
  private static final URI BASE = URI.create("http://127.0.0.1:8000/");

  /**
   * The documented size draw: ~300,000 stations for 1,500 systems, many small systems and a few
   * big ones. Counts only: no network is built.
   */
  @Test
  void fifteenHundredSystemsHaveAboutThreeHundredThousandStations() {
    for (long seed : new long[] {42, 1, 2, 3, 4, 5}) {
      SyntheticWorld world = new SyntheticWorld(seed, 1500);
      int[] sizes =
          world.systems().stream().mapToInt(SystemSpec::stationCount).sorted().toArray();

      assertThat(world.stationCount()).as("seed %d", seed).isBetween(250_000L, 360_000L);
      assertThat(sizes[sizes.length / 2]).as("median, seed %d", seed).isBetween(50, 100);
      assertThat(sizes[0]).isGreaterThanOrEqualTo(SyntheticWorld.MIN_STATIONS);
      assertThat(sizes[sizes.length - 1])
          .isBetween(2000, SyntheticWorld.MAX_STATIONS)
          .as("few big systems")
          .isGreaterThan(10 * sizes[sizes.length / 2]);
      assertThat(Arrays.stream(sizes).filter(size -> size >= 1000).count())
          .as("systems of 1,000 stations or more, seed %d", seed)
          .isBetween(15L, 100L);
    }
    // The figure the README and the class comment give for the default seed.
    assertThat(new SyntheticWorld(42, 1500).stationCount()).isEqualTo(298_075L);
  }

  @Test
  void aSmallWorldIsTheStartOfABigOne() {
    assertThat(new SyntheticWorld(7, 20).systems())
        .isEqualTo(new SyntheticWorld(7, 300).systems().subList(0, 20));
    assertThat(new SyntheticWorld(8, 20).systems())
        .isNotEqualTo(new SyntheticWorld(7, 20).systems());
  }

  @Test
  void twentySystemsMixEveryVersionTtlsAndOneNeedsAKey() {
    List<SystemSpec> systems = new SyntheticWorld(42, 20).systems();

    assertThat(systems.stream().map(SystemSpec::dialect).collect(Collectors.toSet()))
        .isEqualTo(EnumSet.allOf(Dialect.class));
    assertThat(systems).extracting(SystemSpec::systemId).startsWith("sim-0001", "sim-0002");
    assertThat(systems).allSatisfy(s -> assertThat(s.ttlSeconds()).isBetween(10, 60));
    assertThat(systems.stream().map(SystemSpec::ttlSeconds).distinct().count()).isGreaterThan(2);
    assertThat(systems.stream().filter(SystemSpec::authentication))
        .extracting(SystemSpec::systemId)
        .containsExactly("sim-0011");
    assertThat(systems)
        .allSatisfy(s -> assertThat(s.supportedVersions()).endsWith(s.dialect().version()));
  }

  @Test
  void systemsSitInTilesOfTheirOwnAndStationsNeverOverlap() {
    List<SystemSpec> systems = new SyntheticWorld(42, 200).systems();
    Set<String> coordinates = new HashSet<>();
    int stations = 0;
    for (SystemSpec system : systems) {
      for (SystemSpec other : systems) {
        if (other != system) {
          boolean apart = Math.abs(system.lat() - other.lat()) >= SyntheticWorld.TILE_DEGREES
              || Math.abs(system.lon() - other.lon()) >= SyntheticWorld.TILE_DEGREES;
          assertThat(apart).as("%s and %s", system, other).isTrue();
        }
      }
      if (system.number() > 40) {
        continue; // the first 40 networks are enough for the station check
      }
      for (SyntheticNetwork.Station s :
          SyntheticWorld.network(system, T0, Duration.ofSeconds(10)).stations()) {
        // + 1e-6: coordinates are rounded to 6 decimals after being kept in the box
        assertThat(Math.abs(s.lat - system.lat())).isLessThanOrEqualTo(system.halfWidth() + 1e-6);
        assertThat(Math.abs(s.lon - system.lon())).isLessThanOrEqualTo(system.halfWidth() + 1e-6);
        coordinates.add(s.lat + "," + s.lon);
        stations++;
      }
    }
    assertThat(coordinates).hasSize(stations);
    assertThat(systems.stream().map(s -> s.city().name()).distinct().count()).isGreaterThan(50);
  }

  /** Every dialect read back by the project's own readers: no reject, as many stations as drawn. */
  @Test
  void everySystemReadsBackThroughTheGbfsReadersWithNoReject() throws Exception {
    for (SystemSpec system : new SyntheticWorld(42, 20).systems()) {
      SyntheticNetwork network = SyntheticWorld.network(system, T0, Duration.ofSeconds(10));
      network.advanceTo(T0.plusSeconds(600));
      URI base = SyntheticWorld.systemBase(BASE, system);
      Map<String, byte[]> files = SyntheticWorld.feeds(system, network, base, 1_700_000_000L);

      GbfsDiscovery discovery = GbfsDiscovery.parse(files.get("gbfs.json"), base, "en");
      assertThat(discovery.version()).isEqualTo(system.dialect().version());
      for (URI feed : discovery.feeds().values()) {
        assertThat(feed.toString()).startsWith(base.toString());
        assertThat(files).containsKey(feed.toString().substring(base.toString().length()));
      }
      VehicleTypes types = files.containsKey("vehicle_types.json")
          ? VehicleTypes.of(
              GbfsParser.vehicleTypes(files.get("vehicle_types.json")).items())
          : VehicleTypes.NONE;
      FeedSnapshot<StationInformation> info =
          GbfsParser.stationInformation(files.get("station_information.json"), "en");
      FeedSnapshot<StationStatus> status =
          GbfsParser.stationStatus(files.get("station_status.json"), types);

      assertThat(info.rejects()).as(system.systemId()).isEmpty();
      assertThat(status.rejects()).as(system.systemId()).isEmpty();
      assertThat(info.items()).hasSize(system.stationCount());
      assertThat(status.items()).hasSize(system.stationCount());
      assertThat(status.ttlSeconds()).isEqualTo(system.ttlSeconds());
      assertThat(status.version()).isEqualTo(system.dialect().version());
      assertThat(info.items()).allSatisfy(i -> assertThat(i.postcode()).isNull());
      int bikes =
          network.stations().stream().mapToInt(s -> s.mechanical() + s.ebike()).sum();
      assertThat(status.items().stream().mapToInt(StationStatus::bikesAvailable).sum())
          .isEqualTo(bikes);
    }
  }

  @Test
  void laterMinutesMoveBikesBetweenTheSameStations() {
    SystemSpec system = new SyntheticWorld(42, 3).systems().get(1);
    SyntheticNetwork first = SyntheticWorld.network(system, T0, Duration.ofSeconds(10));
    SyntheticNetwork later = SyntheticWorld.network(system, T0, Duration.ofSeconds(10));
    later.advanceTo(T0.plus(Duration.ofMinutes(30)));
    long now = T0.getEpochSecond();
    URI base = SyntheticWorld.systemBase(BASE, system);

    Map<String, byte[]> a = SyntheticWorld.feeds(system, first, base, now);
    Map<String, byte[]> b = SyntheticWorld.feeds(system, later, base, now);

    assertThat(b.get("station_information.json")).isEqualTo(a.get("station_information.json"));
    assertThat(b.get("station_status.json")).isNotEqualTo(a.get("station_status.json"));
  }

  @Test
  void theCatalogueQuotesNamesWithCommasAndQuotes() {
    assertThat(SyntheticWorld.csvField("Rent, Ride & Return Lyon"))
        .isEqualTo("\"Rent, Ride & Return Lyon\"");
    assertThat(SyntheticWorld.csvField("\"Le Vélo\" Lyon")).isEqualTo("\"\"\"Le Vélo\"\" Lyon\"");
    assertThat(SyntheticWorld.csvField("sim-0001")).isEqualTo("sim-0001");
    String csv = new String(
        new SyntheticWorld(42, 3).catalogue(BASE), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(csv.lines().findFirst()).contains(SyntheticWorld.CATALOGUE_HEADER);
    assertThat(csv)
        .contains(",sim-0001,http://127.0.0.1:8000/sim-0001/,"
            + "http://127.0.0.1:8000/sim-0001/gbfs.json,");
  }
}
