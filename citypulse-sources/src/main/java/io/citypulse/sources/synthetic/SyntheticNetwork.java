package io.citypulse.sources.synthetic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A generated bike-share network around Paris whose bikes move between stations over time.
 *
 * <p>Deterministic: the same seed, station count and tick sequence always give the same states,
 * so tests and benchmarks can rely on it. Time advances in whole ticks; {@link #advanceTo} runs
 * every tick up to a given instant.
 */
public final class SyntheticNetwork {

  /** One generated station and its current availability. */
  public static final class Station {
    final String stationId;
    final String stationCode;
    final String name;
    final double lat;
    final double lon;
    final int capacity;
    final SyntheticArea area;
    int mechanical;
    int ebike;
    boolean renting = true;
    long lastReported;

    Station(
        String stationId,
        String stationCode,
        String name,
        double lat,
        double lon,
        int capacity,
        SyntheticArea area) {
      this.stationId = stationId;
      this.stationCode = stationCode;
      this.name = name;
      this.lat = lat;
      this.lon = lon;
      this.capacity = capacity;
      this.area = area;
    }

    /** Free docks, as every feed renders them: the capacity less the bikes docked. */
    public int docks() {
      return capacity - mechanical - ebike;
    }

    public String stationCode() {
      return stationCode;
    }

    public double lat() {
      return lat;
    }

    public double lon() {
      return lon;
    }

    public int capacity() {
      return capacity;
    }

    public boolean renting() {
      return renting;
    }

    /** Epoch second of the station's last change, its feeds' {@code last_reported}. */
    public long lastReported() {
      return lastReported;
    }

    public String postcode() {
      return area.postcode();
    }

    public String commune() {
      return area.commune();
    }

    public int mechanical() {
      return mechanical;
    }

    public int ebike() {
      return ebike;
    }
  }

  private static final String[] STREETS = {
    "Rue de la Paix", "Place de la République", "Quai de Valmy", "Rue Oberkampf",
        "Boulevard Voltaire",
    "Avenue Victor Hugo", "Rue de Rivoli", "Place d'Italie", "Rue Lecourbe", "Avenue Mozart",
    "Rue de Belleville", "Boulevard Raspail", "Rue Mouffetard", "Avenue de Clichy", "Rue du Bac",
    "Canal Saint-Martin", "Gare de Lyon", "Porte Dorée", "Rue des Martyrs", "Place de la Nation"
  };

  private final List<Station> stations;
  private final Random random;
  private final Instant start;
  private final Duration tick;
  private long ticksDone;

  /**
   * @param seed generator seed
   * @param stationCount how many stations (a few hundred is realistic for a demo)
   * @param start the instant of tick 0
   * @param tick simulated time between two rounds of bike movements
   */
  public SyntheticNetwork(long seed, int stationCount, Instant start, Duration tick) {
    this(seed, stationCount, start, tick, SyntheticArea.PARIS, STREETS, Bounds.ANYWHERE);
  }

  /**
   * A network over the given areas (a {@link SyntheticWorld} system): station names are taken
   * from {@code streets} and every station is kept inside {@code bounds}.
   */
  SyntheticNetwork(
      long seed,
      int stationCount,
      Instant start,
      Duration tick,
      List<SyntheticArea> areas,
      String[] streets,
      Bounds bounds) {
    if (stationCount < 1) {
      throw new IllegalArgumentException("stationCount must be at least 1, got " + stationCount);
    }
    this.random = new Random(seed);
    this.start = start;
    this.tick = tick;
    this.stations = generate(stationCount, areas, streets, bounds);
  }

  /** A latitude/longitude box the stations are clamped into. */
  record Bounds(double minLat, double maxLat, double minLon, double maxLon) {
    static final Bounds ANYWHERE = new Bounds(
        Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY);

    double lat(double lat) {
      return Math.max(minLat, Math.min(maxLat, lat));
    }

    double lon(double lon) {
      return Math.max(minLon, Math.min(maxLon, lon));
    }
  }

  private List<Station> generate(
      int count, List<SyntheticArea> areas, String[] streets, Bounds bounds) {
    int totalWeight = areas.stream().mapToInt(SyntheticArea::weight).sum();
    List<Station> result = new ArrayList<>(count);
    int[] perPrefix = new int[100];
    for (int i = 0; i < count; i++) {
      SyntheticArea area = pickArea(areas, totalWeight);
      int serial = ++perPrefix[area.codePrefix()];
      // Vélib'-like codes (arrondissement then serial); beyond 999 per area they move to a range
      // no short code can reach, so large generated networks keep every code unique.
      String code = String.valueOf(
          serial < 1000
              ? area.codePrefix() * 1000 + serial
              : area.codePrefix() * 1_000_000L + serial);
      String name =
          streets[random.nextInt(streets.length)] + " " + serial + " (" + area.commune() + ")";
      double lat = bounds.lat(area.lat() + random.nextGaussian() * 0.004);
      double lon = bounds.lon(area.lon() + random.nextGaussian() * 0.006);
      int capacity = 15 + random.nextInt(46);
      Station station = new Station(
          String.valueOf(100_000 + i), code, name, round6(lat), round6(lon), capacity, area);
      int bikes = (int) Math.round(capacity * (0.15 + random.nextDouble() * 0.6));
      station.ebike = (int) Math.round(bikes * (0.3 + random.nextDouble() * 0.3));
      station.mechanical = bikes - station.ebike;
      station.lastReported = start.getEpochSecond();
      result.add(station);
    }
    return List.copyOf(result);
  }

  private SyntheticArea pickArea(List<SyntheticArea> areas, int totalWeight) {
    int pick = random.nextInt(totalWeight);
    for (SyntheticArea area : areas) {
      pick -= area.weight();
      if (pick < 0) {
        return area;
      }
    }
    throw new IllegalStateException("weights do not add up");
  }

  private static double round6(double value) {
    return Math.round(value * 1e6) / 1e6;
  }

  /** Runs every tick whose start lies at or before {@code now}. */
  public synchronized void advanceTo(Instant now) {
    long target = Duration.between(start, now).toMillis() / Math.max(1, tick.toMillis());
    while (ticksDone < target) {
      ticksDone++;
      runTick(start.plus(tick.multipliedBy(ticksDone)).getEpochSecond());
    }
  }

  /** Moves bikes: each trip takes one bike from a renting station and docks it at another. */
  private void runTick(long epochSecond) {
    int trips = Math.max(1, stations.size() / 20);
    for (int i = 0; i < trips; i++) {
      Station from = stations.get(random.nextInt(stations.size()));
      Station to = stations.get(random.nextInt(stations.size()));
      if (from == to || !from.renting || from.mechanical + from.ebike == 0 || to.docks() == 0) {
        continue;
      }
      boolean electric = from.ebike > 0 && (from.mechanical == 0 || random.nextBoolean());
      if (electric) {
        from.ebike--;
        to.ebike++;
      } else {
        from.mechanical--;
        to.mechanical++;
      }
      from.lastReported = epochSecond;
      to.lastReported = epochSecond;
    }
    // Now and then a station stops renting for maintenance, then comes back.
    if (random.nextInt(10) == 0) {
      Station station = stations.get(random.nextInt(stations.size()));
      station.renting = !station.renting;
      station.lastReported = epochSecond;
    }
  }

  /**
   * The course's {@code stations_information.csv} for this network
   * ({@code stationCode,station_id,postcode,city}), with the station ids {@code stationId} gives:
   * each feed dialect numbers stations its own way.
   */
  byte[] postcodeTable(Function<Station, String> stationId) {
    StringBuilder csv = new StringBuilder("stationCode,station_id,postcode,city\n");
    for (Station s : stations) {
      csv.append(s.stationCode)
          .append(',')
          .append(stationId.apply(s))
          .append(',')
          .append(s.area.postcode())
          .append(',')
          .append(csvField(s.area.commune()))
          .append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** RFC 4180 quoting, for a commune name with a comma or a quote. */
  private static String csvField(String value) {
    return value.contains(",") || value.contains("\"")
        ? "\"" + value.replace("\"", "\"\"") + "\""
        : value;
  }

  public synchronized List<Station> stations() {
    return stations;
  }

  public synchronized long ticksDone() {
    return ticksDone;
  }

  public Duration tick() {
    return tick;
  }
}
