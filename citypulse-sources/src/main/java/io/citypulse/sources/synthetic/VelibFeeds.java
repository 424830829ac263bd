package io.citypulse.sources.synthetic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;

/**
 * Renders a {@link SyntheticNetwork} in the Vélib' Métropole dialect, with every quirk of the real
 * feed: integer {@code station_id} (beyond the int range), string {@code stationCode}, 0/1 flags,
 * bike types as a list of one-key maps (in either order, so readers must go by key), camelCase
 * duplicates, {@code lastUpdatedOther} and no postcode. {@link #postcodeTable} writes the matching
 * {@code stations_information.csv} that {@code --postcodes} reads.
 */
public final class VelibFeeds {
  /** Vélib' announces a one-hour ttl on both feeds. */
  public static final int TTL_SECONDS = 3600;
  /** Added to the generated ids so they exceed {@link Integer#MAX_VALUE}, as real Vélib' ids do. */
  private static final long STATION_ID_OFFSET = 2_500_000_000L;

  private static final FeedHeader HEADER = new FeedHeader(null, TTL_SECONDS);

  private VelibFeeds() {}

  /** The numeric station_id Vélib' would give this station. */
  public static long stationId(SyntheticNetwork.Station station) {
    return STATION_ID_OFFSET + Long.parseLong(station.stationId);
  }

  public static byte[] stationInformation(SyntheticNetwork network, long now) {
    return stationInformation(network, now, HEADER);
  }

  static byte[] stationInformation(SyntheticNetwork network, long now, FeedHeader header) {
    ObjectNode root = envelope(now, header);
    ArrayNode list = root.putObject("data").putArray("stations");
    for (SyntheticNetwork.Station s : network.stations()) {
      ObjectNode station = list.addObject()
          .put("station_id", stationId(s))
          .put("stationCode", s.stationCode)
          .put("name", s.name)
          .put("lat", s.lat)
          .put("lon", s.lon)
          .put("capacity", s.capacity);
      if (ebikeFirst(s)) {
        station.putArray("rental_methods").add("CREDITCARD");
      }
      station.putNull("station_opening_hours");
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
        int bikes = s.mechanical + s.ebike;
        ObjectNode station = list.addObject()
            .put("station_id", stationId(s))
            .put("num_bikes_available", bikes)
            .put("numBikesAvailable", bikes);
        ArrayNode types = station.putArray("num_bikes_available_types");
        if (ebikeFirst(s)) {
          types.addObject().put("ebike", s.ebike);
          types.addObject().put("mechanical", s.mechanical);
        } else {
          types.addObject().put("mechanical", s.mechanical);
          types.addObject().put("ebike", s.ebike);
        }
        station
            .put("num_docks_available", s.docks())
            .put("numDocksAvailable", s.docks())
            .put("is_installed", 1)
            .put("is_returning", 1)
            .put("is_renting", s.renting ? 1 : 0)
            .put("last_reported", s.lastReported)
            .put("stationCode", s.stationCode)
            .putNull("station_opening_hours");
      }
    }
    return Json.write(root);
  }

  /** The course's {@code stations_information.csv}: {@code stationCode,station_id,postcode,city}. */
  public static byte[] postcodeTable(SyntheticNetwork network) {
    return network.postcodeTable(s -> String.valueOf(stationId(s)));
  }

  /** About one station in seven lists its bike types ebike first, which position-based readers get wrong. */
  private static boolean ebikeFirst(SyntheticNetwork.Station station) {
    return Math.floorMod(station.stationCode.hashCode(), 7) == 0;
  }

  private static ObjectNode envelope(long now, FeedHeader header) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("lastUpdatedOther", now).put("ttl", header.ttlSeconds());
    return root;
  }
}
