package io.citypulse.testkit.gbfs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a system's captured feed files hold, read with none of the product's code: the yardstick
 * the parser's and the pipeline's output are compared with. Written from the GBFS specification
 * and the vendor conventions seen in real feeds, kept deliberately plain (a Jackson tree, no
 * streaming, no shortcuts), so that a bug in the product's parser is not repeated here.
 *
 * <p>Per-postcode totals are those of a run with no postcode table and no geocoder: the feed's
 * {@code post_code}, else {@value #UNKNOWN}.
 */
public final class IndependentReading {
  public static final String UNKNOWN = "UNKNOWN";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> MECHANICAL_KINDS = Set.of("mechanical", "classic", "smart");
  private static final Set<String> EBIKE_KINDS = Set.of("ebike", "electric");
  private static final Set<String> MECHANICAL_IDS =
      Set.of("bike", "bicycle", "mechanical", "classic", "classic_bike", "human");
  private static final Set<String> EBIKE_IDS =
      Set.of("ebike", "e-bike", "electric_bike", "electric", "electric_assist");

  /** A station as the files describe it; counts null where the files give none. */
  public record Station(
      String stationId,
      String code,
      String postcode,
      int bikes,
      Integer mechanical,
      Integer ebike,
      Integer docks,
      Integer capacity,
      boolean hasInformation) {}

  /**
   * Totals of one postcode: {@code mechanical}/{@code ebike} summed over the stations that give
   * them, null when none does; {@code untypedBikes} the bikes of stations that give neither.
   */
  public record Totals(
      long stations,
      long bikes,
      Long mechanical,
      Long ebike,
      long docks,
      long capacity,
      long untypedBikes) {}

  /** The stations of the capture's station_status, joined with its station_information. */
  public static Map<String, Station> stations(CorpusSystem system) {
    byte[] status = system
        .feed("station_status")
        .orElseThrow(() -> new IllegalArgumentException(system + " has no station_status"));
    Map<String, JsonNode> information = new HashMap<>();
    system.feed("station_information").ifPresent(body -> {
      for (JsonNode station : read(body).path("data").path("stations")) {
        String id = id(station.get("station_id"));
        if (id != null) {
          information.put(id, station);
        }
      }
    });
    Map<String, String> propulsionByType =
        system.feed("vehicle_types").map(IndependentReading::propulsionByType).orElse(Map.of());

    Map<String, Station> byCode = new LinkedHashMap<>();
    for (JsonNode entry : read(status).path("data").path("stations")) {
      String id = id(entry.get("station_id"));
      if (id == null) {
        continue; // cannot be keyed: the parser rejects it with its reason
      }
      JsonNode info = information.get(id);
      int bikes = entry.hasNonNull("num_vehicles_available")
          ? number(entry.get("num_vehicles_available"))
          : number(entry.get("num_bikes_available"));
      Integer[] kinds = kinds(entry, bikes, propulsionByType);
      String code = firstText(
          entry.get("stationCode"),
          info == null ? null : info.get("stationCode"),
          info == null ? null : shortName(info.get("short_name")));
      Station station = new Station(
          id,
          code == null ? id : code,
          info == null || text(info.get("post_code")) == null
              ? UNKNOWN
              : text(info.get("post_code")),
          bikes,
          kinds[0],
          kinds[1],
          entry.hasNonNull("num_docks_available") ? number(entry.get("num_docks_available")) : null,
          info != null && info.hasNonNull("capacity") ? number(info.get("capacity")) : null,
          info != null);
      if (byCode.put(station.code(), station) != null) {
        throw new IllegalStateException(system + ": two stations share the code " + station.code());
      }
    }
    return byCode;
  }

  /** station_status entries that have no usable station_id. */
  public static int stationsWithoutId(CorpusSystem system) {
    int count = 0;
    for (JsonNode entry :
        read(system.feed("station_status").orElseThrow()).path("data").path("stations")) {
      if (id(entry.get("station_id")) == null) {
        count++;
      }
    }
    return count;
  }

  /** Per-postcode totals over {@link #stations}. */
  public static Map<String, Totals> totals(Map<String, Station> stations) {
    Map<String, long[]> sums = new TreeMap<>();
    Map<String, boolean[]> typed = new HashMap<>();
    for (Station s : stations.values()) {
      long[] t = sums.computeIfAbsent(s.postcode(), p -> new long[7]);
      boolean[] k = typed.computeIfAbsent(s.postcode(), p -> new boolean[2]);
      t[0]++;
      t[1] += s.bikes();
      if (s.mechanical() != null) {
        t[2] += s.mechanical();
        k[0] = true;
      }
      if (s.ebike() != null) {
        t[3] += s.ebike();
        k[1] = true;
      }
      t[4] += s.docks() == null ? 0 : s.docks();
      t[5] += s.capacity() == null ? 0 : s.capacity();
      if (s.mechanical() == null && s.ebike() == null) {
        t[6] += s.bikes();
      }
    }
    Map<String, Totals> totals = new TreeMap<>();
    sums.forEach((postcode, t) -> totals.put(
        postcode,
        new Totals(
            t[0],
            t[1],
            typed.get(postcode)[0] ? t[2] : null,
            typed.get(postcode)[1] ? t[3] : null,
            t[4],
            t[5],
            t[6])));
    return totals;
  }

  /**
   * Latitudes of station_information entries by station id, in file order, null or empty ids
   * left out; a station without a usable latitude maps to null.
   */
  public static Map<String, Double> informationLatitudes(CorpusSystem system) {
    Map<String, Double> latitudes = new LinkedHashMap<>();
    for (JsonNode station :
        read(system.feed("station_information").orElseThrow()).path("data").path("stations")) {
      String id = id(station.get("station_id"));
      JsonNode lat = station.get("lat");
      if (id != null) {
        latitudes.put(id, lat == null || lat.isNull() ? null : Double.valueOf(lat.asText()));
      }
    }
    return latitudes;
  }

  /** Entries of station_information, usable or not. */
  public static int informationEntries(CorpusSystem system) {
    return read(system.feed("station_information").orElseThrow())
        .path("data")
        .path("stations")
        .size();
  }

  /**
   * Bikes by kind, by the first convention the entry follows: typed vehicle counts (through the
   * system's vehicle types, else through ids that name a kind), a map of kinds, an e-bike count
   * beside the total; else unknown.
   */
  private static Integer[] kinds(JsonNode entry, int bikes, Map<String, String> propulsionByType) {
    JsonNode typed = entry.get("vehicle_types_available");
    if (typed != null && typed.isArray()) {
      int mechanical = 0;
      int ebike = 0;
      boolean known = true;
      for (JsonNode item : typed) {
        String typeId = id(item.get("vehicle_type_id"));
        int count = number(item.get("count"));
        String kind = propulsionByType.isEmpty() ? kindOfId(typeId) : propulsionByType.get(typeId);
        if ("mechanical".equals(kind)) {
          mechanical += count;
        } else if ("ebike".equals(kind)) {
          ebike += count;
        } else if (propulsionByType.isEmpty()) {
          known = false;
        }
      }
      if (known) {
        return new Integer[] {mechanical, ebike};
      }
    }
    JsonNode byKind = entry.get("num_bikes_available_types");
    if (byKind != null && !byKind.isNull()) {
      Integer mechanical = null;
      Integer ebike = null;
      List<JsonNode> objects = new ArrayList<>();
      if (byKind.isArray()) {
        byKind.forEach(objects::add);
      } else {
        objects.add(byKind);
      }
      for (JsonNode object : objects) {
        var fields = object.fields();
        while (fields.hasNext()) {
          var field = fields.next();
          String kind = field.getKey().trim().toLowerCase(Locale.ROOT);
          if (MECHANICAL_KINDS.contains(kind)) {
            mechanical = (mechanical == null ? 0 : mechanical) + number(field.getValue());
          } else if (EBIKE_KINDS.contains(kind)) {
            ebike = (ebike == null ? 0 : ebike) + number(field.getValue());
          }
        }
      }
      return new Integer[] {mechanical, ebike};
    }
    JsonNode ebikes = entry.get("num_ebikes_available");
    if (ebikes != null && ebikes.canConvertToInt()) {
      int e = ebikes.asInt();
      return new Integer[] {e <= bikes ? bikes - e : null, e};
    }
    return new Integer[] {null, null};
  }

  private static String kindOfId(String typeId) {
    String id = typeId.trim().toLowerCase(Locale.ROOT);
    return MECHANICAL_IDS.contains(id) ? "mechanical" : EBIKE_IDS.contains(id) ? "ebike" : null;
  }

  /** vehicle_type_id to "mechanical" or "ebike" for bicycles; other vehicles to "other". */
  private static Map<String, String> propulsionByType(byte[] body) {
    Map<String, String> kinds = new HashMap<>();
    for (JsonNode type : read(body).path("data").path("vehicle_types")) {
      String formFactor = text(type.get("form_factor"));
      String propulsion = text(type.get("propulsion_type"));
      boolean bicycle =
          formFactor == null || formFactor.equals("bicycle") || formFactor.equals("cargo_bicycle");
      String kind = !bicycle || propulsion == null
          ? "other"
          : propulsion.equals("human")
              ? "mechanical"
              : propulsion.equals("electric_assist") || propulsion.equals("electric")
                  ? "ebike"
                  : "other";
      kinds.put(id(type.get("vehicle_type_id")), kind);
    }
    return kinds;
  }

  private static String id(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    String text = node.asText().trim();
    return text.isEmpty() ? null : text;
  }

  private static String text(JsonNode node) {
    return id(node);
  }

  /**
   * GBFS 3.0 gives {@code short_name} as localized strings ({@code [{"text": "1001", "language":
   * "en"}]}), earlier versions as a string: the first translation's text (codes do not differ by
   * language in the feeds seen), else the string.
   */
  private static JsonNode shortName(JsonNode node) {
    if (node != null && node.isArray()) {
      return node.isEmpty() ? null : node.get(0).get("text");
    }
    return node;
  }

  private static String firstText(JsonNode... nodes) {
    for (JsonNode node : nodes) {
      String text = text(node);
      if (text != null) {
        return text;
      }
    }
    return null;
  }

  private static int number(JsonNode node) {
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException("missing count");
    }
    return node.isNumber() ? node.intValue() : Integer.parseInt(node.asText().trim());
  }

  static JsonNode read(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
