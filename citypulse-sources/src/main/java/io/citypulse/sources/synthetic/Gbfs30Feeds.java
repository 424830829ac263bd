package io.citypulse.sources.synthetic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Renders a {@link SyntheticNetwork} as GBFS 3.0 feeds: {@code num_vehicles_available},
 * {@code vehicle_types_available}, RFC 3339 timestamps in Paris summer time, boolean flags and
 * localized names.
 */
public final class Gbfs30Feeds {
  public static final String VERSION = "3.0";
  public static final int TTL_SECONDS = 60;
  private static final ZoneOffset PARIS_SUMMER = ZoneOffset.ofHours(2);

  private static final FeedHeader HEADER = new FeedHeader(VERSION, TTL_SECONDS);

  private Gbfs30Feeds() {}

  /** The GBFS 3.0 discovery file: one {@code data.feeds} list, no languages. */
  static byte[] discovery(URI base, long now, FeedHeader header, List<String> feedNames) {
    ObjectNode root = envelope(now, header);
    ArrayNode feeds = root.putObject("data").putArray("feeds");
    for (String feed : feedNames) {
      feeds
          .addObject()
          .put("name", feed)
          .put("url", base.resolve(feed + ".json").toString());
    }
    return Json.write(root);
  }

  /** GBFS 3.0 system_information: localized name, languages and the other required fields. */
  static byte[] systemInformation(
      long now, FeedHeader header, String systemId, String name, String timezone) {
    ObjectNode root = envelope(now, header);
    ObjectNode data = root.putObject("data").put("system_id", systemId);
    data.putArray("languages").add("en");
    data.putArray("name").addObject().put("text", name).put("language", "en");
    data.put("opening_hours", "24/7")
        .put("feed_contact_email", "citypulse@example.org")
        .put("timezone", timezone);
    return Json.write(root);
  }

  /** vehicle_types with the 3.0 envelope (the types are those of {@link Gbfs23Feeds}). */
  static byte[] vehicleTypes(long now, FeedHeader header) {
    ObjectNode root = envelope(now, header);
    Gbfs23Feeds.putVehicleTypes(root.putObject("data").putArray("vehicle_types"));
    return Json.write(root);
  }

  public static byte[] stationInformation(SyntheticNetwork network, long now) {
    return stationInformation(network, now, HEADER);
  }

  static byte[] stationInformation(SyntheticNetwork network, long now, FeedHeader header) {
    ObjectNode root = envelope(now, header);
    ArrayNode list = root.putObject("data").putArray("stations");
    for (SyntheticNetwork.Station s : network.stations()) {
      ObjectNode station = list.addObject().put("station_id", s.stationId);
      station.putArray("name").addObject().put("text", s.name).put("language", "fr");
      station.putArray("short_name").addObject().put("text", s.stationCode).put("language", "fr");
      station.put("lat", s.lat).put("lon", s.lon).put("capacity", s.capacity);
      if (s.area.postcode() != null) { // a world system's stations have none
        station.put("post_code", s.area.postcode());
      }
    }
    return Json.write(root);
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

  private static ObjectNode envelope(long now, FeedHeader header) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("last_updated", rfc3339(now))
        .put("ttl", header.ttlSeconds())
        .put("version", header.version());
    return root;
  }
}
