package io.citypulse.sources.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticNetworkTest {
  private static final Instant T0 = Instant.parse("2026-01-01T08:00:00Z");

  @Test
  void sameSeedGivesTheSameNetworkAndTheSameMoves() {
    SyntheticNetwork a = new SyntheticNetwork(7, 300, T0, Duration.ofSeconds(2));
    SyntheticNetwork b = new SyntheticNetwork(7, 300, T0, Duration.ofSeconds(2));
    a.advanceTo(T0.plusSeconds(60));
    b.advanceTo(T0.plusSeconds(60));

    assertThat(snapshot(a)).isEqualTo(snapshot(b));
    assertThat(snapshot(new SyntheticNetwork(8, 300, T0, Duration.ofSeconds(2))))
        .isNotEqualTo(snapshot(a));
  }

  @Test
  void bikesMoveButAreNeverCreatedOrLost() {
    SyntheticNetwork network = new SyntheticNetwork(42, 300, T0, Duration.ofSeconds(2));
    int before = totalBikes(network);
    String initial = snapshot(network);

    network.advanceTo(T0.plusSeconds(120));

    assertThat(network.ticksDone()).isEqualTo(60);
    assertThat(totalBikes(network)).isEqualTo(before);
    assertThat(snapshot(network)).isNotEqualTo(initial);
    assertThat(network.stations()).allSatisfy(s -> {
      assertThat(s.mechanical).isNotNegative();
      assertThat(s.ebike).isNotNegative();
      assertThat(s.docks()).isNotNegative();
    });
  }

  @Test
  void stationsSpreadOverParisPostcodesIncludingBothPostcodesOfThe16th() {
    SyntheticNetwork network = new SyntheticNetwork(42, 300, T0, Duration.ofSeconds(2));

    List<String> postcodes = network.stations().stream()
        .map(SyntheticNetwork.Station::postcode)
        .distinct()
        .toList();
    assertThat(postcodes).contains("75016", "75116", "75001", "93200").hasSizeGreaterThan(20);
    assertThat(network.stations().stream()
            .map(SyntheticNetwork.Station::stationCode)
            .distinct())
        .hasSize(300);
  }

  @Test
  void feedsAreGbfs23WithPostcodesAndTypedVehicleCounts() throws Exception {
    SyntheticNetwork network = new SyntheticNetwork(1, 5, T0, Duration.ofSeconds(2));
    long now = T0.getEpochSecond();

    JsonNode discovery =
        Json.MAPPER.readTree(Gbfs23Feeds.discovery(URI.create("http://127.0.0.1:1/gbfs/"), now));
    JsonNode info = Json.MAPPER.readTree(Gbfs23Feeds.stationInformation(network, now));
    JsonNode status = Json.MAPPER.readTree(Gbfs23Feeds.stationStatus(network, now));

    assertThat(discovery.at("/version").asText()).isEqualTo("2.3");
    assertThat(discovery.at("/data/en/feeds/3/url").asText())
        .isEqualTo("http://127.0.0.1:1/gbfs/station_status.json");
    assertThat(info.at("/data/stations/0/post_code").asText()).matches("\\d{5}");
    JsonNode first = status.at("/data/stations/0");
    int typed = first.at("/vehicle_types_available/0/count").asInt()
        + first.at("/vehicle_types_available/1/count").asInt();
    assertThat(first.get("num_bikes_available").asInt()).isEqualTo(typed);
  }

  private static int totalBikes(SyntheticNetwork network) {
    return network.stations().stream().mapToInt(s -> s.mechanical + s.ebike).sum();
  }

  private static String snapshot(SyntheticNetwork network) {
    return network.stations().stream()
        .map(s -> s.stationCode + ":" + s.mechanical + "/" + s.ebike + "/" + s.renting)
        .collect(Collectors.joining(","));
  }
}
