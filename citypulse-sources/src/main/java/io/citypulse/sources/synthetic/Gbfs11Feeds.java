package io.citypulse.sources.synthetic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;

/**
 * Renders a {@link SyntheticNetwork} as GBFS 1.1 station feeds: 1/0 flags, POSIX timestamps and
 * bikes as one total (no vehicle types before 2.1). The discovery and system_information files
 * have the 2.x shape ({@link Gbfs23Feeds}).
 */
final class Gbfs11Feeds {
  static final String VERSION = "1.1";
  static final java.util.List<String> FEEDS =
      java.util.List.of("system_information", "station_information", "station_status");

  private Gbfs11Feeds() {}

  static byte[] stationInformation(SyntheticNetwork network, long now, FeedHeader header) {
    ObjectNode root = envelope(now, header);
    ArrayNode list = root.putObject("data").putArray("stations");
    for (SyntheticNetwork.Station s : network.stations()) {
      list.addObject()
          .put("station_id", s.stationId)
          .put("name", s.name)
          .put("short_name", s.stationCode)
          .put("lat", s.lat)
          .put("lon", s.lon)
          .put("capacity", s.capacity);
    }
    return Json.write(root);
  }

  static byte[] stationStatus(SyntheticNetwork network, long now, FeedHeader header) {
    ObjectNode root = envelope(now, header);
    ArrayNode list = root.putObject("data").putArray("stations");
    synchronized (network) {
      for (SyntheticNetwork.Station s : network.stations()) {
        list.addObject()
            .put("station_id", s.stationId)
            .put("num_bikes_available", s.mechanical + s.ebike)
            .put("num_docks_available", s.docks())
            .put("is_installed", 1)
            .put("is_renting", s.renting ? 1 : 0)
            .put("is_returning", 1)
            .put("last_reported", s.lastReported);
      }
    }
    return Json.write(root);
  }

  private static ObjectNode envelope(long now, FeedHeader header) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    return root.put("last_updated", now)
        .put("ttl", header.ttlSeconds())
        .put("version", header.version());
  }
}
