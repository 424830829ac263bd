package io.citypulse.sources.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.StationInformation;
import io.citypulse.model.StationStatus;
import io.citypulse.sources.gbfs.FeedSnapshot;
import io.citypulse.sources.gbfs.GbfsParser;
import io.citypulse.sources.gbfs.VehicleTypes;
import io.citypulse.sources.postcode.PostcodeTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendered feeds read back, through the real parser, as exactly the network's state. */
class SyntheticFeedsTest {
  private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

  private static SyntheticNetwork movedNetwork(int stations) {
    SyntheticNetwork network = new SyntheticNetwork(11, stations, T0, Duration.ofSeconds(1));
    network.advanceTo(T0.plusSeconds(30));
    return network;
  }

  @Test
  void velibStatusReadsBackByKeyEvenWhenEbikeComesFirst() throws Exception {
    SyntheticNetwork network = movedNetwork(400);
    byte[] body = VelibFeeds.stationStatus(network, T0.getEpochSecond());

    FeedSnapshot<StationStatus> parsed = GbfsParser.stationStatus(body, VehicleTypes.NONE);

    assertThat(new String(body, StandardCharsets.UTF_8)).contains("[{\"ebike\":");
    assertThat(parsed.rejects()).isEmpty();
    assertThat(parsed.ttlSeconds()).isEqualTo(VelibFeeds.TTL_SECONDS);
    Map<String, StationStatus> byCode = parsed.items().stream()
        .collect(Collectors.toMap(StationStatus::stationCode, Function.identity()));
    assertThat(byCode).hasSize(400);
    for (SyntheticNetwork.Station s : network.stations()) {
      StationStatus status = byCode.get(s.stationCode());
      assertThat(status.stationId()).isEqualTo(String.valueOf(VelibFeeds.stationId(s)));
      assertThat(status.mechanical()).isEqualTo(s.mechanical());
      assertThat(status.ebike()).isEqualTo(s.ebike());
      assertThat(status.bikesAvailable()).isEqualTo(s.mechanical() + s.ebike());
      assertThat(status.renting()).isEqualTo(s.renting);
    }
    assertThat(VelibFeeds.stationId(network.stations().get(0))).isGreaterThan(Integer.MAX_VALUE);
  }

  @Test
  void velibInformationHasNoPostcodeAndTheTableSuppliesIt(@TempDir Path dir) throws Exception {
    SyntheticNetwork network = movedNetwork(300);
    FeedSnapshot<StationInformation> info =
        GbfsParser.stationInformation(VelibFeeds.stationInformation(network, 0), "fr");
    Path csv =
        Files.write(dir.resolve("stations_information.csv"), VelibFeeds.postcodeTable(network));

    PostcodeTable table = PostcodeTable.load(csv);

    assertThat(info.items())
        .hasSize(300)
        .allSatisfy(i -> assertThat(i.postcode()).isNull());
    for (SyntheticNetwork.Station s : network.stations()) {
      assertThat(table.find(s.stationCode(), null))
          .get()
          .satisfies(location -> assertThat(location.postcode()).isEqualTo(s.postcode()));
    }
  }

  /** The demo serves GBFS 2.3, which has post_code but no city: its table names the communes. */
  @Test
  void gbfs23PostcodeTableGivesEveryStationOfTheFeedItsCommune(@TempDir Path dir) throws Exception {
    SyntheticNetwork network = movedNetwork(300);
    FeedSnapshot<StationInformation> info =
        GbfsParser.stationInformation(Gbfs23Feeds.stationInformation(network, 0), "en");
    Path csv = Files.write(dir.resolve("demo-postcodes.csv"), Gbfs23Feeds.postcodeTable(network));

    PostcodeTable table = PostcodeTable.load(csv);

    assertThat(table.size()).isEqualTo(300);
    assertThat(table.warnings()).isEmpty();
    Map<String, SyntheticNetwork.Station> byId = network.stations().stream()
        .collect(Collectors.toMap(s -> s.stationId, Function.identity()));
    assertThat(info.items()).hasSize(300).allSatisfy(station -> {
      String commune = byId.get(station.stationId()).commune();
      assertThat(commune).isNotBlank();
      assertThat(table.communeOf(station.stationCode(), station.stationId(), station.postcode()))
          .contains(commune);
      assertThat(table.communeOf(null, station.stationId(), station.postcode())).contains(commune);
    });
    assertThat(network.stations())
        .extracting(SyntheticNetwork.Station::commune)
        .contains("Paris", "Saint-Denis", "Boulogne-Billancourt");
  }

  @Test
  void gbfs30ReadsBackWithRfc3339TimesAndLocalizedNames() throws Exception {
    SyntheticNetwork network = movedNetwork(200);
    VehicleTypes types =
        VehicleTypes.of(GbfsParser.vehicleTypes(Gbfs23Feeds.vehicleTypes(0)).items());

    FeedSnapshot<StationStatus> status =
        GbfsParser.stationStatus(Gbfs30Feeds.stationStatus(network, T0.getEpochSecond()), types);
    FeedSnapshot<StationInformation> info =
        GbfsParser.stationInformation(Gbfs30Feeds.stationInformation(network, 0), "fr");

    assertThat(status.version()).isEqualTo(Gbfs30Feeds.VERSION);
    assertThat(status.lastUpdated()).isEqualTo(T0);
    assertThat(status.rejects()).isEmpty();
    Map<String, StationStatus> byId = status.items().stream()
        .collect(Collectors.toMap(StationStatus::stationId, Function.identity()));
    Map<String, StationInformation> infoById = info.items().stream()
        .collect(Collectors.toMap(StationInformation::stationId, Function.identity()));
    for (SyntheticNetwork.Station s : network.stations()) {
      StationStatus st = byId.get(s.stationId);
      assertThat(st.mechanical()).isEqualTo(s.mechanical());
      assertThat(st.ebike()).isEqualTo(s.ebike());
      assertThat(st.lastReported()).isEqualTo(Instant.ofEpochSecond(s.lastReported));
      assertThat(infoById.get(s.stationId).name()).isEqualTo(s.name);
      assertThat(infoById.get(s.stationId).postcode()).isEqualTo(s.postcode());
    }
  }

  @Test
  void largeNetworksKeepStationCodesUnique() {
    SyntheticNetwork network = new SyntheticNetwork(3, 100_000, T0, Duration.ofSeconds(1));

    assertThat(network.stations().stream()
            .map(SyntheticNetwork.Station::stationCode)
            .distinct())
        .hasSize(100_000);
  }
}
