package io.citypulse.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citypulse.model.PostcodeAvailability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-postcode totals computed straight from Vélib'-format feed files and a
 * {@code stationCode,station_id,postcode,city} table, with none of the product's code: the
 * yardstick the pipeline's output is compared with.
 */
record IndependentTotals(
    long stations, long bikes, long mechanical, long ebike, long docks, long capacity) {

  static Map<String, IndependentTotals> of(
      byte[] stationStatus, byte[] stationInformation, byte[] csv) {
    Map<String, String> postcodeByCode = new HashMap<>();
    String[] lines = new String(csv, StandardCharsets.UTF_8).split("\n");
    for (int i = 1; i < lines.length; i++) {
      String[] fields = lines[i].split(",");
      postcodeByCode.put(fields[0].trim(), fields[2].trim());
    }
    Map<Long, Long> capacityById = new HashMap<>();
    for (JsonNode station : read(stationInformation).path("data").path("stations")) {
      capacityById.put(
          station.path("station_id").asLong(), station.path("capacity").asLong());
    }
    Map<String, long[]> sums = new TreeMap<>();
    for (JsonNode station : read(stationStatus).path("data").path("stations")) {
      String postcode =
          postcodeByCode.getOrDefault(station.path("stationCode").asText(), "UNKNOWN");
      long mechanical = 0;
      long ebike = 0;
      for (JsonNode type : station.path("num_bikes_available_types")) {
        mechanical += type.path("mechanical").asLong(0);
        ebike += type.path("ebike").asLong(0);
      }
      long[] s = sums.computeIfAbsent(postcode, p -> new long[6]);
      s[0]++;
      s[1] += station.path("num_bikes_available").asLong();
      s[2] += mechanical;
      s[3] += ebike;
      s[4] += station.path("num_docks_available").asLong();
      s[5] += capacityById.getOrDefault(station.path("station_id").asLong(), 0L);
    }
    Map<String, IndependentTotals> totals = new TreeMap<>();
    sums.forEach((postcode, s) ->
        totals.put(postcode, new IndependentTotals(s[0], s[1], s[2], s[3], s[4], s[5])));
    return totals;
  }

  /** The totals a per-postcode record says, for comparison (Vélib' always gives both kinds). */
  static IndependentTotals of(PostcodeAvailability a) {
    return new IndependentTotals(
        a.stations(),
        a.bikesAvailable(),
        a.mechanical(),
        a.ebike(),
        a.docksAvailable(),
        a.capacity());
  }

  private static JsonNode read(byte[] body) {
    try {
      return new ObjectMapper().readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
