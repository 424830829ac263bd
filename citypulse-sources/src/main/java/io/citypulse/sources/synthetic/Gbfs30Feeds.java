package io.citypulse.sources.synthetic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Renders a {@link SyntheticNetwork} as GBFS 3.0 feeds: {@code num_vehicles_available},
 * {@code vehicle_types_available}, RFC 3339 timestamps in Paris summer time, boolean flags and
 * localized names.
 */
public final class Gbfs30Feeds {
  public static final String VERSION = "3.0";
  public static final int TTL_SECONDS = 60;
  private static final ZoneOffset PARIS_SUMMER = ZoneOffset.ofHours(2);

  private Gbfs30Feeds() {}

  public static byte[] stationInformation(SyntheticNetwork network, long now) {
    ObjectNode root = envelope(now);
    ArrayNode list = root.putObject("data").putArray("stations");
    for (SyntheticNetwork.Station s : network.stations()) {
      ObjectNode station = list.addObject().put("station_id", s.stationId);
      station.putArray("name").addObject().put("text", s.name).put("language", "fr");
      station.putArray("short_name").addObject().put("text", s.stationCode).put("language", "fr");
      station
          .put("lat", s.lat)
          .put("lon", s.lon)
          .put("capacity", s.capacity)
          .put("post_code", s.area.postcode());
    }
    return Json.write(root);
  }

  public static byte[] stationStatus(SyntheticNetwork network, long now) {
    ObjectNode root = envelope(now);
    ArrayNode list = root.putObject("data").putArray("stations");
    synchronized (network) {
      for (SyntheticNetwork.Station s : network.stations()) {
        ObjectNode station = list.addObject()
            .put("station_id", s.stationId)
            .put("is_installed", true)
            .put("is_renting", s.renting)
            .put("is_returning", true)
            .put("last_reported", rfc3339(s.lastReported))
            .put("num_docks_available", s.docks())
            .put("num_vehicles_available", s.mechanical + s.ebike);
        Gbfs23Feeds.putVehicleTypesAvailable(station, s);
      }
    }
    return Json.write(root);
  }

  private static String rfc3339(long epochSecond) {
    return OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), PARIS_SUMMER)
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private static ObjectNode envelope(long now) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("last_updated", rfc3339(now)).put("ttl", TTL_SECONDS).put("version", VERSION);
    return root;
  }
}
