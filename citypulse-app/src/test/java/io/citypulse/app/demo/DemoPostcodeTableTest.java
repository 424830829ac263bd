package io.citypulse.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.StationInformation;
import io.citypulse.sources.gbfs.GbfsParser;
import io.citypulse.sources.postcode.PostcodeTable;
import io.citypulse.sources.synthetic.Gbfs23Feeds;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoPostcodeTableTest {
  private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

  @TempDir
  Path dir;

  @Test
  void writesATableThatGivesEveryStationOfTheDemoFeedItsCommune() throws Exception {
    SyntheticNetwork network = new SyntheticNetwork(42, 300, T0, Duration.ofSeconds(2));
    Path table = DemoPostcodeTable.path(dir.resolve("not-yet-created"));

    DemoPostcodeTable.write(network, table);

    PostcodeTable loaded = PostcodeTable.load(table);
    List<StationInformation> feed = GbfsParser.stationInformation(
            Gbfs23Feeds.stationInformation(network, T0.getEpochSecond()), "en")
        .items();
    Map<String, SyntheticNetwork.Station> byCode = network.stations().stream()
        .collect(Collectors.toMap(SyntheticNetwork.Station::stationCode, Function.identity()));
    assertThat(loaded.size()).isEqualTo(300);
    assertThat(feed)
        .hasSize(300)
        .allSatisfy(station -> assertThat(
                loaded.communeOf(station.stationCode(), station.stationId(), station.postcode()))
            .contains(byCode.get(station.stationCode()).commune()));
  }

  @Test
  void replacesTheTableOfAnEarlierDemoAndLeavesNoPartialFile() throws Exception {
    Path table = DemoPostcodeTable.path(dir);
    DemoPostcodeTable.write(new SyntheticNetwork(1, 500, T0, Duration.ofSeconds(2)), table);

    DemoPostcodeTable.write(new SyntheticNetwork(2, 20, T0, Duration.ofSeconds(2)), table);

    assertThat(PostcodeTable.load(table).size()).isEqualTo(20);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(table);
    }
  }
}
