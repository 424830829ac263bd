package io.citypulse.bench.parse;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.StationInformation;
import io.citypulse.model.StationRecord;
import io.citypulse.model.StationStatus;
import io.citypulse.sources.gbfs.FeedParseException;
import io.citypulse.sources.gbfs.FeedSnapshot;
import io.citypulse.sources.gbfs.GbfsParser;
import io.citypulse.sources.gbfs.VehicleTypes;
import io.citypulse.sources.synthetic.Gbfs23Feeds;
import io.citypulse.sources.synthetic.Gbfs30Feeds;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.sources.synthetic.VelibFeeds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Feed parsing, as the poller does it on every poll: bytes of a feed body to normalised records
 * with the product's {@link GbfsParser}. The bodies are rendered once by the product's own
 * synthetic-feed renderers (Vélib' dialect, GBFS 3.0).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FeedParseBenchmark {
  public static final int VELIB_STATIONS = 1_500;
  public static final int GBFS30_STATIONS = 100_000;
  private static final long SEED = 42;
  private static final Instant NOW = Instant.parse("2026-01-05T08:00:00Z");

  byte[] velibStatus;
  byte[] velibInformation;
  Map<String, PostcodeLocation> velibPostcodes;
  byte[] gbfs30Status;
  VehicleTypes gbfs30Types;

  @Setup(Level.Trial)
  public void render() throws FeedParseException {
    SyntheticNetwork velib = network(VELIB_STATIONS);
    velibStatus = VelibFeeds.stationStatus(velib, NOW.getEpochSecond());
    velibInformation = VelibFeeds.stationInformation(velib, NOW.getEpochSecond());
    // Vélib' has no post_code: the poller looks codes up in the stations table (a map lookup).
    velibPostcodes = new HashMap<>();
    for (SyntheticNetwork.Station s : velib.stations()) {
      velibPostcodes.put(
          s.stationCode(),
          new PostcodeLocation(s.postcode(), s.commune(), PostcodeLocation.Source.TABLE));
    }
    SyntheticNetwork big = network(GBFS30_STATIONS);
    gbfs30Status = Gbfs30Feeds.stationStatus(big, NOW.getEpochSecond());
    gbfs30Types =
        VehicleTypes.of(GbfsParser.vehicleTypes(Gbfs23Feeds.vehicleTypes(0)).items());
  }

  static SyntheticNetwork network(int stations) {
    SyntheticNetwork network =
        new SyntheticNetwork(SEED, stations, NOW.minusSeconds(600), Duration.ofSeconds(30));
    network.advanceTo(NOW);
    return network;
  }

  /** Vélib' station_status (1,500 stations) to normalised StationStatus records. */
  @Benchmark
  public FeedSnapshot<StationStatus> velibStationStatus1500() throws FeedParseException {
    return GbfsParser.stationStatus(velibStatus, VehicleTypes.NONE);
  }

  /** GBFS 3.0 station_status (100,000 stations, vehicle types) to normalised StationStatus records. */
  @Benchmark
  public FeedSnapshot<StationStatus> gbfs30StationStatus100k() throws FeedParseException {
    return GbfsParser.stationStatus(gbfs30Status, gbfs30Types);
  }

  /**
   * Secondary: Vélib' status and information parsed, joined by station id, postcode looked up,
   * StationRecord built: everything between the HTTP body and the Kafka producer.
   */
  @Benchmark
  public List<StationRecord> velibRecords1500() throws FeedParseException {
    return records(
        GbfsParser.stationStatus(velibStatus, VehicleTypes.NONE),
        GbfsParser.stationInformation(velibInformation, "fr"),
        velibPostcodes);
  }

  static List<StationRecord> records(
      FeedSnapshot<StationStatus> status,
      FeedSnapshot<StationInformation> information,
      Map<String, PostcodeLocation> postcodes) {
    Map<String, StationInformation> byId = new HashMap<>(information.items().size() * 2);
    for (StationInformation info : information.items()) {
      byId.put(info.stationId(), info);
    }
    List<StationRecord> out = new ArrayList<>(status.items().size());
    for (StationStatus s : status.items()) {
      StationInformation info = byId.get(s.stationId());
      String code = s.stationCode() != null
          ? s.stationCode()
          : info != null ? info.stationCode() : s.stationId();
      out.add(StationRecord.of(
          "velib", s, info, postcodes.getOrDefault(code, PostcodeLocation.UNKNOWN), NOW));
    }
    return out;
  }
}
