package io.citypulse.app.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;
import java.net.URI;
import java.util.List;

/** Renders a {@link DemoNetwork} as GBFS 2.3 feeds (with {@code post_code}), as the server serves them. */
final class DemoFeeds {
  static final String VERSION = "2.3";
  static final int TTL_SECONDS = 1;
  static final String MECHANICAL_TYPE = "mechanical";
  static final String EBIKE_TYPE = "ebike";
  static final List<String> FEEDS = List.of(
      "system_information", "vehicle_types", "station_information", "station_status");

  private DemoFeeds() {}

  static byte[] discovery(URI base, long now) {
    ObjectNode root = envelope(now);
    ArrayNode feeds = root.putObject("data").putObject("en").putArray("feeds");
    for (String feed : FEEDS) {
      feeds.addObject().put("name", feed).put("url", base.resolve(feed + ".json").toString());
    }
    return Json.write(root);
  }

  static byte[] systemInformation(long now) {
    ObjectNode root = envelope(now);
    root.putObject("data")
        .put("system_id", "citypulse-demo")
        .put("language", "en")
        .put("name", "citypulse demo network (generated)")
        .put("timezone", "Europe/Paris");
    return Json.write(root);
  }

  static byte[] vehicleTypes(long now) {
    ObjectNode root = envelope(now);
    ArrayNode types = root.putObject("data").putArray("vehicle_types");
    types.addObject().put("vehicle_type_id", MECHANICAL_TYPE).put("form_factor", "bicycle")
        .put("propulsion_type", "human");
    types.addObject().put("vehicle_type_id", EBIKE_TYPE).put("form_factor", "bicycle")
        .put("propulsion_type", "electric_assist").put("max_range_meters", 50000);
    return Json.write(root);
  }

  static byte[] stationInformation(DemoNetwork network, long now) {
    ObjectNode root = envelope(now);
    ArrayNode list = root.putObject("data").putArray("stations");
    for (DemoNetwork.Station s : network.stations()) {
      list.addObject()
          .put("station_id", s.stationId)
          .put("short_name", s.stationCode)
          .put("name", s.name)
          .put("lat", s.lat)
          .put("lon", s.lon)
          .put("capacity", s.capacity)
          .put("post_code", s.area.postcode());
    }
    return Json.write(root);
  }

  static byte[] stationStatus(DemoNetwork network, long now) {
    ObjectNode root = envelope(now);
    ArrayNode list = root.putObject("data").putArray("stations");
    synchronized (network) {
      for (DemoNetwork.Station s : network.stations()) {
        ObjectNode station = list.addObject()
            .put("station_id", s.stationId)
            .put("num_bikes_available", s.mechanical + s.ebike)
            .put("num_docks_available", s.docks())
            .put("is_installed", true)
            .put("is_renting", s.renting)
            .put("is_returning", true)
            .put("last_reported", s.lastReported);
        ArrayNode types = station.putArray("vehicle_types_available");
        types.addObject().put("vehicle_type_id", MECHANICAL_TYPE).put("count", s.mechanical);
        types.addObject().put("vehicle_type_id", EBIKE_TYPE).put("count", s.ebike);
      }
    }
    return Json.write(root);
  }

  private static ObjectNode envelope(long now) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("last_updated", now).put("ttl", TTL_SECONDS).put("version", VERSION);
    return root;
  }
}
