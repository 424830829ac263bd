package io.citypulse.bench.data;

import io.citypulse.model.StationInformation;
import io.citypulse.sources.gbfs.FeedParseException;
import io.citypulse.sources.gbfs.GbfsParser;
import io.citypulse.sources.synthetic.Gbfs23Feeds;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The generated stations a benchmark updates: the product's synthetic network, read through its GBFS feed. */
public final class StationCatalog {

  /** System id of every generated record (the first half of the Kafka key). */
  public static final String SYSTEM = "bench";

  /** One station: static description plus the bike counts it starts with. */
  public record Station(
      String stationId,
      String stationCode,
      String name,
      Double lat,
      Double lon,
      int capacity,
      String postcode,
      String commune,
      int mechanical,
      int ebike) {}

  private final List<Station> stations;

  private StationCatalog(List<Station> stations) {
    this.stations = List.copyOf(stations);
  }

  /**
   * Generates {@code count} stations with {@link SyntheticNetwork} (deterministic for a seed).
   * Capacity, name and position are only public through the rendered station_information feed,
   * so they are read back with the product's own parser.
   */
  public static StationCatalog generate(long seed, int count) {
    SyntheticNetwork network =
        new SyntheticNetwork(seed, count, Instant.EPOCH, Duration.ofSeconds(1));
    List<StationInformation> infos;
    try {
      infos = GbfsParser.stationInformation(Gbfs23Feeds.stationInformation(network, 0), "en")
          .items();
    } catch (FeedParseException e) {
      throw new IllegalStateException("the generated station_information does not parse", e);
    }
    List<SyntheticNetwork.Station> states = network.stations();
    if (infos.size() != states.size()) {
      throw new IllegalStateException("station_information lists " + infos.size() + " of "
          + states.size() + " generated stations");
    }
    List<Station> result = new ArrayList<>(states.size());
    for (int i = 0; i < states.size(); i++) {
      SyntheticNetwork.Station state = states.get(i);
      StationInformation info = infos.get(i);
      if (!state.stationCode().equals(info.stationCode())) {
        throw new IllegalStateException("station order differs at " + i);
      }
      result.add(new Station(
          info.stationId(),
          info.stationCode(),
          info.name(),
          info.lat(),
          info.lon(),
          info.capacity(),
          state.postcode(),
          state.commune(),
          state.mechanical(),
          state.ebike()));
    }
    return new StationCatalog(result);
  }

  public List<Station> stations() {
    return stations;
  }

  public int size() {
    return stations.size();
  }
}
