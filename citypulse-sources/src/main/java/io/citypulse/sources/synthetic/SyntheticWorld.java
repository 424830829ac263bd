package io.citypulse.sources.synthetic;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A generated world of bike-share systems, to run the catalogue-wide pipeline with no internet:
 * each system is a {@link SyntheticNetwork} in a city of the world, rendered in its own GBFS
 * dialect with its own {@code gbfs.json}, and {@link #catalogue} lists them all in the format of
 * MobilityData's {@code systems.csv}.
 *
 * <p>Deterministic: a seed and a system number always give the same system, whatever the number
 * of systems (a world of 20 systems is the first 20 systems of a world of 1,500 with that seed).
 * The world is made of:
 *
 * <ul>
 *   <li><b>Sizes</b> drawn like the real catalogue's, many small systems and a few big ones: a
 *       log-normal of median {@value #MEDIAN_STATIONS} stations and σ = {@value #SIGMA}, kept
 *       within [{@value #MIN_STATIONS}, {@value #MAX_STATIONS}]. The mean is about 200 stations:
 *       1,500 systems make about 300,000 stations (between 250,000 and 360,000 depending on the
 *       seed; 1,500 systems of seed 42 have 298,075: median 75, 591 systems of 50 stations or fewer, 54
 *       of 1,000 or more).
 *   <li><b>Versions</b> in a fixed cycle of 20 systems: 8 GBFS 2.3, 6 GBFS 3.0, 3 GBFS 2.2, 2
 *       GBFS 1.1 and 1 Vélib' dialect (announced as 1.0, like the real Vélib' in the catalogue).
 *       A quarter of the 2.3 systems also list 1.1, a third of the 3.0 systems also list 2.3, as
 *       real systems serving several versions do; their Auto-Discovery URL serves the newest
 *       listed version, as in the catalogue, and the older ones are not written.
 *   <li><b>ttl</b> drawn among 10, 15, 20, 30, 45 and 60 seconds, per system.
 *   <li><b>Authentication:</b> one system in {@value #AUTHENTICATION_EVERY} (system 11, 61, ...)
 *       is marked {@code api_key} in the catalogue, for readers that skip such systems. Its feeds
 *       are written all the same (a static server checks no key).
 *   <li><b>Places:</b> each system takes a city of {@link #CITIES} and a free {@value
 *       #TILE_DEGREES}° tile of latitude and longitude as near its centre as possible; its
 *       stations are kept within {@value #MAX_HALF_WIDTH}° of the tile's centre, so no two
 *       systems' stations overlap. Within a system, stations gather around districts as the
 *       Paris network's do around arrondissements; they carry no postcode.
 * </ul>
 */
public final class SyntheticWorld {
  /** Median of the station count draw. */
  public static final int MEDIAN_STATIONS = 75;
  /** Standard deviation of the logarithm of the station count. */
  public static final double SIGMA = 1.4;

  public static final int MIN_STATIONS = 3;
  public static final int MAX_STATIONS = 4000;
  public static final int AUTHENTICATION_EVERY = 50;
  static final double TILE_DEGREES = 0.25;
  static final double MAX_HALF_WIDTH = 0.12;
  private static final int[] TTLS = {10, 15, 20, 30, 45, 60};

  /** The catalogue's header, as MobilityData's {@code systems.csv} has it. */
  public static final String CATALOGUE_HEADER = "Country Code,Name,Location,System ID,URL,"
      + "Auto-Discovery URL,Supported Versions,Authentication Info URL,Authentication Type,"
      + "Authentication Parameter Name";

  /** A system's feed format: a GBFS version or the Vélib' dialect. */
  public enum Dialect {
    GBFS_1_1("1.1"),
    GBFS_2_2("2.2"),
    GBFS_2_3("2.3"),
    GBFS_3_0("3.0"),
    VELIB("1.0");

    private final String version;

    Dialect(String version) {
      this.version = version;
    }

    /** The version the catalogue lists for it ({@code 1.0} for the Vélib' dialect). */
    public String version() {
      return version;
    }
  }

  private static final Dialect[] DIALECT_CYCLE = {
    Dialect.GBFS_2_3, Dialect.GBFS_3_0, Dialect.GBFS_2_3, Dialect.GBFS_1_1, Dialect.GBFS_3_0,
    Dialect.GBFS_2_2, Dialect.GBFS_2_3, Dialect.VELIB, Dialect.GBFS_3_0, Dialect.GBFS_2_3,
    Dialect.GBFS_2_3, Dialect.GBFS_3_0, Dialect.GBFS_2_2, Dialect.GBFS_2_3, Dialect.GBFS_3_0,
    Dialect.GBFS_1_1, Dialect.GBFS_2_3, Dialect.GBFS_3_0, Dialect.GBFS_2_2, Dialect.GBFS_2_3
  };

  private static final String[] BRANDS = {
    "CityBike",
    "PedalShare",
    "Velo+",
    "BikeLink",
    "GreenWheels",
    "Spokes & Co.",
    "\"Le Vélo\"",
    "Rent, Ride & Return",
    "Bicis Públicas",
    "Fahrradverleih",
    "Cycle Hire",
    "Bike Point"
  };

  private static final String[] STREETS = {
    "Central Station",
    "Market Square",
    "City Hall",
    "University",
    "Harbour",
    "Park Gate",
    "Main Street",
    "Museum",
    "Library",
    "Stadium",
    "Hospital",
    "Riverside",
    "Old Town",
    "Bus Terminal",
    "Science Park",
    "Cathedral",
    "Theatre",
    "Ferry Pier",
    "North Gate",
    "South Gate"
  };

  /** A city systems are placed in. */
  public record City(String name, String countryCode, double lat, double lon, String timezone) {}

  /** Cities of every continent (public, approximate centres). */
  static final List<City> CITIES = List.of(
      new City("Paris", "FR", 48.857, 2.352, "Europe/Paris"),
      new City("Lyon", "FR", 45.764, 4.836, "Europe/Paris"),
      new City("Marseille", "FR", 43.297, 5.381, "Europe/Paris"),
      new City("Toulouse", "FR", 43.605, 1.444, "Europe/Paris"),
      new City("Bordeaux", "FR", 44.838, -0.579, "Europe/Paris"),
      new City("London", "GB", 51.507, -0.128, "Europe/London"),
      new City("Manchester", "GB", 53.481, -2.243, "Europe/London"),
      new City("Glasgow", "GB", 55.864, -4.252, "Europe/London"),
      new City("Dublin", "IE", 53.350, -6.260, "Europe/Dublin"),
      new City("Madrid", "ES", 40.417, -3.704, "Europe/Madrid"),
      new City("Barcelona", "ES", 41.385, 2.173, "Europe/Madrid"),
      new City("Sevilla", "ES", 37.389, -5.984, "Europe/Madrid"),
      new City("Lisboa", "PT", 38.722, -9.139, "Europe/Lisbon"),
      new City("Porto", "PT", 41.158, -8.629, "Europe/Lisbon"),
      new City("Milano", "IT", 45.464, 9.190, "Europe/Rome"),
      new City("Roma", "IT", 41.903, 12.496, "Europe/Rome"),
      new City("Napoli", "IT", 40.852, 14.268, "Europe/Rome"),
      new City("Berlin", "DE", 52.520, 13.405, "Europe/Berlin"),
      new City("Hamburg", "DE", 53.551, 9.994, "Europe/Berlin"),
      new City("München", "DE", 48.137, 11.576, "Europe/Berlin"),
      new City("Köln", "DE", 50.938, 6.960, "Europe/Berlin"),
      new City("Amsterdam", "NL", 52.370, 4.895, "Europe/Amsterdam"),
      new City("Bruxelles", "BE", 50.847, 4.357, "Europe/Brussels"),
      new City("Zürich", "CH", 47.377, 8.541, "Europe/Zurich"),
      new City("Wien", "AT", 48.208, 16.373, "Europe/Vienna"),
      new City("Praha", "CZ", 50.076, 14.438, "Europe/Prague"),
      new City("Warszawa", "PL", 52.230, 21.012, "Europe/Warsaw"),
      new City("Kraków", "PL", 50.065, 19.945, "Europe/Warsaw"),
      new City("Budapest", "HU", 47.498, 19.040, "Europe/Budapest"),
      new City("København", "DK", 55.676, 12.568, "Europe/Copenhagen"),
      new City("Oslo", "NO", 59.914, 10.752, "Europe/Oslo"),
      new City("Stockholm", "SE", 59.329, 18.069, "Europe/Stockholm"),
      new City("Helsinki", "FI", 60.170, 24.938, "Europe/Helsinki"),
      new City("Tallinn", "EE", 59.437, 24.754, "Europe/Tallinn"),
      new City("Athina", "GR", 37.984, 23.728, "Europe/Athens"),
      new City("İstanbul", "TR", 41.008, 28.978, "Europe/Istanbul"),
      new City("București", "RO", 44.427, 26.103, "Europe/Bucharest"),
      new City("Kyiv", "UA", 50.450, 30.523, "Europe/Kyiv"),
      new City("New York", "US", 40.713, -74.006, "America/New_York"),
      new City("Boston", "US", 42.360, -71.059, "America/New_York"),
      new City("Washington", "US", 38.907, -77.037, "America/New_York"),
      new City("Chicago", "US", 41.878, -87.630, "America/Chicago"),
      new City("Houston", "US", 29.760, -95.370, "America/Chicago"),
      new City("Denver", "US", 39.739, -104.990, "America/Denver"),
      new City("Los Angeles", "US", 34.052, -118.244, "America/Los_Angeles"),
      new City("San Francisco", "US", 37.775, -122.419, "America/Los_Angeles"),
      new City("Seattle", "US", 47.606, -122.332, "America/Los_Angeles"),
      new City("Miami", "US", 25.762, -80.192, "America/New_York"),
      new City("Toronto", "CA", 43.653, -79.383, "America/Toronto"),
      new City("Montréal", "CA", 45.502, -73.567, "America/Toronto"),
      new City("Vancouver", "CA", 49.283, -123.121, "America/Vancouver"),
      new City("Ciudad de México", "MX", 19.433, -99.133, "America/Mexico_City"),
      new City("Guadalajara", "MX", 20.659, -103.349, "America/Mexico_City"),
      new City("Bogotá", "CO", 4.711, -74.072, "America/Bogota"),
      new City("Lima", "PE", -12.046, -77.043, "America/Lima"),
      new City("Santiago", "CL", -33.449, -70.669, "America/Santiago"),
      new City("Buenos Aires", "AR", -34.604, -58.382, "America/Argentina/Buenos_Aires"),
      new City("São Paulo", "BR", -23.551, -46.633, "America/Sao_Paulo"),
      new City("Rio de Janeiro", "BR", -22.907, -43.173, "America/Sao_Paulo"),
      new City("Montevideo", "UY", -34.901, -56.165, "America/Montevideo"),
      new City("Dakar", "SN", 14.717, -17.467, "Africa/Dakar"),
      new City("Lagos", "NG", 6.524, 3.379, "Africa/Lagos"),
      new City("Nairobi", "KE", -1.292, 36.822, "Africa/Nairobi"),
      new City("Cape Town", "ZA", -33.925, 18.424, "Africa/Johannesburg"),
      new City("Marrakech", "MA", 31.630, -7.981, "Africa/Casablanca"),
      new City("Cairo", "EG", 30.044, 31.236, "Africa/Cairo"),
      new City("Tel Aviv", "IL", 32.085, 34.782, "Asia/Jerusalem"),
      new City("Dubai", "AE", 25.205, 55.271, "Asia/Dubai"),
      new City("Mumbai", "IN", 19.076, 72.878, "Asia/Kolkata"),
      new City("Bengaluru", "IN", 12.972, 77.595, "Asia/Kolkata"),
      new City("Delhi", "IN", 28.704, 77.102, "Asia/Kolkata"),
      new City("Bangkok", "TH", 13.756, 100.502, "Asia/Bangkok"),
      new City("Singapore", "SG", 1.352, 103.820, "Asia/Singapore"),
      new City("Kuala Lumpur", "MY", 3.139, 101.687, "Asia/Kuala_Lumpur"),
      new City("Jakarta", "ID", -6.208, 106.846, "Asia/Jakarta"),
      new City("Hong Kong", "HK", 22.320, 114.169, "Asia/Hong_Kong"),
      new City("Taipei", "TW", 25.033, 121.565, "Asia/Taipei"),
      new City("Shanghai", "CN", 31.230, 121.474, "Asia/Shanghai"),
      new City("Seoul", "KR", 37.567, 126.978, "Asia/Seoul"),
      new City("Tokyo", "JP", 35.676, 139.650, "Asia/Tokyo"),
      new City("Osaka", "JP", 34.694, 135.502, "Asia/Tokyo"),
      new City("Sydney", "AU", -33.869, 151.209, "Australia/Sydney"),
      new City("Melbourne", "AU", -37.814, 144.963, "Australia/Melbourne"),
      new City("Brisbane", "AU", -27.470, 153.026, "Australia/Brisbane"),
      new City("Auckland", "NZ", -36.849, 174.763, "Pacific/Auckland"));

  /**
   * One generated system.
   *
   * @param number 1-based position in the world
   * @param systemId {@code sim-0001}, ...
   * @param supportedVersions the catalogue's Supported Versions ({@code " ; "} separated)
   * @param lat latitude of the centre of its tile
   * @param lon longitude of the centre of its tile
   * @param halfWidth its stations lie within this many degrees of the centre
   * @param seed its network's seed
   */
  public record SystemSpec(
      int number,
      String systemId,
      String name,
      String location,
      City city,
      Dialect dialect,
      String supportedVersions,
      int stationCount,
      int ttlSeconds,
      boolean authentication,
      double lat,
      double lon,
      double halfWidth,
      long seed) {}

  private final List<SystemSpec> systems;

  /**
   * @param seed the world's seed
   * @param systemCount how many systems (at least 1)
   */
  public SyntheticWorld(long seed, int systemCount) {
    if (systemCount < 1) {
      throw new IllegalArgumentException("systemCount must be at least 1, got " + systemCount);
    }
    String idFormat = "sim-%0" + Math.max(4, String.valueOf(systemCount).length()) + "d";
    Set<Long> tiles = new HashSet<>();
    List<SystemSpec> result = new ArrayList<>(systemCount);
    for (int number = 1; number <= systemCount; number++) {
      long systemSeed = mix(seed, number);
      Random random = new Random(systemSeed);
      City city = CITIES.get(random.nextInt(CITIES.size()));
      int stations = stationCount(random);
      int ttl = TTLS[random.nextInt(TTLS.length)];
      String name = BRANDS[random.nextInt(BRANDS.length)] + " " + city.name();
      String location =
          random.nextInt(4) == 0 ? city.name() + ", " + city.countryCode() : city.name();
      Dialect dialect = DIALECT_CYCLE[(number - 1) % DIALECT_CYCLE.length];
      String versions = supportedVersions(dialect, random);
      long tile = freeTile(city, tiles);
      double lat = (tileRow(tile) + 0.5) * TILE_DEGREES;
      double lon = (tileColumn(tile) + 0.5) * TILE_DEGREES;
      double halfWidth = Math.min(MAX_HALF_WIDTH, 0.01 + 0.0022 * Math.sqrt(stations));
      result.add(new SystemSpec(
          number,
          String.format(idFormat, number),
          name,
          location,
          city,
          dialect,
          versions,
          stations,
          ttl,
          (number - 1) % AUTHENTICATION_EVERY == 10,
          lat,
          lon,
          halfWidth,
          systemSeed));
    }
    this.systems = List.copyOf(result);
  }

  /** The log-normal size draw (see the class comment). */
  static int stationCount(Random random) {
    double draw = MEDIAN_STATIONS * Math.exp(SIGMA * random.nextGaussian());
    return (int) Math.max(MIN_STATIONS, Math.min(MAX_STATIONS, Math.round(draw)));
  }

  private static String supportedVersions(Dialect dialect, Random random) {
    return switch (dialect) {
      case GBFS_2_3 -> random.nextInt(4) == 0 ? "1.1 ; 2.3" : "2.3";
      case GBFS_3_0 -> random.nextInt(3) == 0 ? "2.3 ; 3.0" : "3.0";
      default -> dialect.version();
    };
  }

  /** The free tile nearest the city's, walking square rings around it; marks it taken. */
  private static long freeTile(City city, Set<Long> taken) {
    int row = (int) Math.floor(city.lat() / TILE_DEGREES);
    int column = (int) Math.floor(city.lon() / TILE_DEGREES);
    for (int ring = 0; ; ring++) {
      for (int dr = -ring; dr <= ring; dr++) {
        for (int dc = -ring; dc <= ring; dc++) {
          if (Math.max(Math.abs(dr), Math.abs(dc)) != ring) {
            continue;
          }
          long tile = tile(row + dr, column + dc);
          if (Math.abs((row + dr + 0.5) * TILE_DEGREES) < 85
              && Math.abs((column + dc + 0.5) * TILE_DEGREES) < 180
              && taken.add(tile)) {
            return tile;
          }
        }
      }
    }
  }

  private static long tile(int row, int column) {
    return ((long) row << 32) | (column & 0xffffffffL);
  }

  private static int tileRow(long tile) {
    return (int) (tile >> 32);
  }

  private static int tileColumn(long tile) {
    return (int) tile;
  }

  /** SplitMix64 of the seed and the system number: independent streams per system. */
  private static long mix(long seed, long number) {
    long z = seed + number * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public List<SystemSpec> systems() {
    return systems;
  }

  /** All systems' stations. */
  public long stationCount() {
    return systems.stream().mapToLong(SystemSpec::stationCount).sum();
  }

  /**
   * The system's network as of {@code start}: the same stations for the same spec, whatever
   * {@code start}; {@link SyntheticNetwork#advanceTo} moves its bikes.
   */
  public static SyntheticNetwork network(SystemSpec system, Instant start, Duration tick) {
    Random random = new Random(system.seed());
    int districts = Math.max(1, Math.min(99, (system.stationCount() + 39) / 40));
    double spread = system.halfWidth() * 0.8;
    List<SyntheticArea> areas = new ArrayList<>(districts);
    for (int d = 0; d < districts; d++) {
      areas.add(new SyntheticArea(
          null,
          system.city().name(),
          system.lat() + (random.nextDouble() * 2 - 1) * spread,
          system.lon() + (random.nextDouble() * 2 - 1) * spread,
          1 + random.nextInt(6),
          d + 1));
    }
    SyntheticNetwork.Bounds bounds = new SyntheticNetwork.Bounds(
        system.lat() - system.halfWidth(),
        system.lat() + system.halfWidth(),
        system.lon() - system.halfWidth(),
        system.lon() + system.halfWidth());
    return new SyntheticNetwork(
        random.nextLong(), system.stationCount(), start, tick, areas, STREETS, bounds);
  }

  /**
   * The system's files at {@code now}, by file name: {@code gbfs.json} (whose feed URLs are
   * {@code systemBase} + the file name), {@code system_information.json}, {@code
   * vehicle_types.json} (GBFS 2.2+), {@code station_information.json} and {@code
   * station_status.json}.
   */
  public static Map<String, byte[]> feeds(
      SystemSpec system, SyntheticNetwork network, URI systemBase, long now) {
    Dialect dialect = system.dialect();
    FeedHeader header =
        new FeedHeader(dialect == Dialect.VELIB ? null : dialect.version(), system.ttlSeconds());
    Map<String, byte[]> files = new LinkedHashMap<>();
    switch (dialect) {
      case GBFS_1_1, VELIB -> {
        files.put("gbfs.json", Gbfs23Feeds.discovery(systemBase, now, header, Gbfs11Feeds.FEEDS));
        files.put("system_information.json", systemInformation(system, header, now));
        if (dialect == Dialect.VELIB) {
          files.put(
              "station_information.json", VelibFeeds.stationInformation(network, now, header));
          files.put("station_status.json", VelibFeeds.stationStatus(network, now, header));
        } else {
          files.put(
              "station_information.json", Gbfs11Feeds.stationInformation(network, now, header));
          files.put("station_status.json", Gbfs11Feeds.stationStatus(network, now, header));
        }
      }
      case GBFS_2_2, GBFS_2_3 -> {
        files.put("gbfs.json", Gbfs23Feeds.discovery(systemBase, now, header, Gbfs23Feeds.FEEDS));
        files.put("system_information.json", systemInformation(system, header, now));
        files.put("vehicle_types.json", Gbfs23Feeds.vehicleTypes(now, header));
        files.put("station_information.json", Gbfs23Feeds.stationInformation(network, now, header));
        files.put("station_status.json", Gbfs23Feeds.stationStatus(network, now, header));
      }
      case GBFS_3_0 -> {
        files.put("gbfs.json", Gbfs30Feeds.discovery(systemBase, now, header, Gbfs23Feeds.FEEDS));
        files.put(
            "system_information.json",
            Gbfs30Feeds.systemInformation(
                now, header, system.systemId(), system.name(), system.city().timezone()));
        files.put("vehicle_types.json", Gbfs30Feeds.vehicleTypes(now, header));
        files.put("station_information.json", Gbfs30Feeds.stationInformation(network, now, header));
        files.put("station_status.json", Gbfs30Feeds.stationStatus(network, now, header));
      }
    }
    return files;
  }

  private static byte[] systemInformation(SystemSpec system, FeedHeader header, long now) {
    return Gbfs23Feeds.systemInformation(
        now, header, system.systemId(), system.name(), system.city().timezone());
  }

  /** Where a system's files are served: {@code baseUrl} + its id + {@code /}. */
  public static URI systemBase(URI baseUrl, SystemSpec system) {
    return baseUrl.resolve(system.systemId() + "/");
  }

  /**
   * The world as MobilityData's {@code systems.csv}: {@link #CATALOGUE_HEADER}, then one row per
   * system whose Auto-Discovery URL is {@code baseUrl} + {@code <system id>/gbfs.json}.
   *
   * @param baseUrl an absolute URL ending with {@code /}
   */
  public byte[] catalogue(URI baseUrl) {
    StringBuilder csv = new StringBuilder(CATALOGUE_HEADER).append('\n');
    for (SystemSpec system : systems) {
      URI base = systemBase(baseUrl, system);
      List<String> row = List.of(
          system.city().countryCode(),
          system.name(),
          system.location(),
          system.systemId(),
          base.toString(),
          base.resolve("gbfs.json").toString(),
          system.supportedVersions(),
          system.authentication() ? base.toString() : "",
          system.authentication() ? "api_key" : "",
          system.authentication() ? "X-Api-Key" : "");
      for (int i = 0; i < row.size(); i++) {
        csv.append(i == 0 ? "" : ",").append(csvField(row.get(i)));
      }
      csv.append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** RFC 4180 quoting, for a name with a comma or a quote. */
  static String csvField(String value) {
    return value.contains(",") || value.contains("\"") || value.contains("\n")
        ? "\"" + value.replace("\"", "\"\"") + "\""
        : value;
  }
}
