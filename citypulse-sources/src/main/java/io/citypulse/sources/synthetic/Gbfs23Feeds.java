package io.citypulse.sources.synthetic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;
import java.net.URI;
import java.util.List;

/** Renders a {@link SyntheticNetwork} as GBFS 2.3 feeds (with {@code post_code}), as the demo server serves them. */
public final class Gbfs23Feeds {
  public static final String VERSION = "2.3";
  public static final int TTL_SECONDS = 1;
  public static final String MECHANICAL_TYPE = "mechanical";
  public static final String EBIKE_TYPE = "ebike";
  public static final List<String> FEEDS =
      List.of("system_information", "vehicle_types", "station_information", "station_status");

  private static final FeedHeader HEADER = new FeedHeader(VERSION, TTL_SECONDS);

  private Gbfs23Feeds() {}

  public static byte[] discovery(URI base, long now) {
    return discovery(base, now, HEADER, FEEDS);
  }

  /** A GBFS 1.x/2.x discovery file: the {@code feeds} list under {@code data.en}. */
  static byte[] discovery(URI base, long now, FeedHeader header, List<String> feedNames) {
    ObjectNode root = envelope(now, header);
    ArrayNode feeds = root.putObject("data").putObject("en").putArray("feeds");
    for (String feed : feedNames) {
      feeds
          .addObject()
          .put("name", feed)
          .put("url", base.resolve(feed + ".json").toString());
    }
    return Json.write(root);
  }

  public static byte[] systemInformation(long now) {
    return systemInformation(
        now, HEADER, "citypulse-demo", "citypulse demo network (generated)", "Europe/Paris");
  }

  /** GBFS 1.x/2.x system_information (and the Vélib' dialect's, whose header has no version). */
  static byte[] systemInformation(
      long now, FeedHeader header, String systemId, String name, String timezone) {
    ObjectNode root = envelope(now, header);
    root.putObject("data")
        .put("system_id", systemId)
        .put("language", "en")
        .put("name", name)
        .put("timezone", timezone);
    return Json.write(root);
  }

  public static byte[] vehicleTypes(long now) {
    return vehicleTypes(now, HEADER);
  }

  static byte[] vehicleTypes(long now, FeedHeader header) {
    ObjectNode root = envelope(now, header);
    putVehicleTypes(root.putObject("data").putArray("vehicle_types"));
    return Json.write(root);
  }

  /** The two types every generated network has: {@link #MECHANICAL_TYPE} and {@link #EBIKE_TYPE}. */
  static void putVehicleTypes(ArrayNode types) {
    types
        .addObject()
        .put("vehicle_type_id", MECHANICAL_TYPE)
        .put("form_factor", "bicycle")
        .put("propulsion_type", "human");
    types
        .addObject()
        .put("vehicle_type_id", EBIKE_TYPE)
        .put("form_factor", "bicycle")
        .put("propulsion_type", "electric_assist")
        .put("max_range_meters", 50000);
  }

  public static byte[] stationInformation(SyntheticNetwork network, long now) {
    return stationInformation(network, now, HEADER);
  }

  static byte[] stationInformation(SyntheticNetwork network, long now, FeedHeader header) {
    ObjectNode root = envelope(now, header);
    ArrayNode list = root.putObject("data").putArray("stations");
    for (SyntheticNetwork.Station s : network.stations()) {
      ObjectNode station = list.addObject()
          .put("station_id", s.stationId)
          .put("short_name", s.stationCode)
          .put("name", s.name)
          .put("lat", s.lat)
          .put("lon", s.lon)
          .put("capacity", s.capacity);
      if (s.area.postcode() != null) { // a world system's stations have none
        station.put("post_code", s.area.postcode());
      }
    }
    return Json.write(root);
  }

  /**
   * The network's {@code stations_information.csv} with these feeds' station ids and every
   * station's commune: GBFS station_information has {@code post_code} but no city field, so the
   * demo gives the communes to the pipeline through its postcode table.
   */
  public static byte[] postcodeTable(SyntheticNetwork network) {
    return network.postcodeTable(s -> s.stationId);
  }

  public static byte[] stationStatus(SyntheticNetwork network, long now) {
    return stationStatus(network, now, HEADER);
  }

  static byte[] stationStatus(SyntheticNetwork network, long now, FeedHeader header) {
    ObjectNode root = envelope(now, header);
    ArrayNode list = root.putObject("data").putArray("stations");
    synchronized (network) {
      for (SyntheticNetwork.Station s : network.stations()) {
        ObjectNode station = list.addObject()
            .put("station_id", s.stationId)
            .put("num_bikes_available", s.mechanical + s.ebike)
            .put("num_docks_available", s.docks())
            .put("is_installed", true)
            .put("is_renting", s.renting)
            .put("is_returning", true)
            .put("last_reported", s.lastReported);
        putVehicleTypesAvailable(station, s);
      }
    }
    return Json.write(root);
  }

  /** GBFS 2.1+ {@code vehicle_types_available}: the station's bikes by type, as 3.0 keeps them. */
  static void putVehicleTypesAvailable(ObjectNode station, SyntheticNetwork.Station s) {
    ArrayNode types = station.putArray("vehicle_types_available");
    types.addObject().put("vehicle_type_id", MECHANICAL_TYPE).put("count", s.mechanical);
    types.addObject().put("vehicle_type_id", EBIKE_TYPE).put("count", s.ebike);
  }

  private static ObjectNode envelope(long now, FeedHeader header) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    if (header.version() == null) { // the Vélib' dialect
      return root.put("lastUpdatedOther", now).put("ttl", header.ttlSeconds());
    }
    root.put("last_updated", now).put("ttl", header.ttlSeconds());
    // GBFS 1.0 has no version field (it arrived in 1.1).
    return header.version().equals("1.0") ? root : root.put("version", header.version());
  }
}
