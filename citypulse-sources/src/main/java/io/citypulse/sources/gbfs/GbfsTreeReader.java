package io.citypulse.sources.gbfs;

import static io.citypulse.sources.gbfs.GbfsJson.count;
import static io.citypulse.sources.gbfs.GbfsJson.decimal;
import static io.citypulse.sources.gbfs.GbfsJson.excerpt;
import static io.citypulse.sources.gbfs.GbfsJson.flag;
import static io.citypulse.sources.gbfs.GbfsJson.id;
import static io.citypulse.sources.gbfs.GbfsJson.kind;
import static io.citypulse.sources.gbfs.GbfsJson.optionalText;
import static io.citypulse.sources.gbfs.GbfsJson.present;
import static io.citypulse.sources.gbfs.GbfsJson.raw;
import static io.citypulse.sources.gbfs.GbfsJson.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.StationInformation;
import io.citypulse.model.StationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The reference rules for every GBFS feed, read through a Jackson tree. {@link GbfsParser} uses
 * them for small feeds ({@code vehicle_types}), for any station entry its streaming fast path does
 * not take as is (an odd type, a duplicate key, a bad value) and for bodies that are not a feed:
 * whatever the path, the records, reasons and messages are the ones defined here.
 */
final class GbfsTreeReader {
  private GbfsTreeReader() {}

  private static final String STATION_INFORMATION = GbfsParser.STATION_INFORMATION;
  private static final String STATION_STATUS = GbfsParser.STATION_STATUS;
  private static final String VEHICLE_TYPES = GbfsParser.VEHICLE_TYPES;

  /** GBFS 1.0 had no {@code version} field (added in 1.1); Vélib' still serves 1.0. */
  static final String UNVERSIONED = "1.0";

  static FeedSnapshot<StationInformation> stationInformation(byte[] body, String language)
      throws FeedParseException {
    return stations(STATION_INFORMATION, body, entry -> information(entry, language));
  }

  static FeedSnapshot<StationStatus> stationStatus(byte[] body, VehicleTypes types)
      throws FeedParseException {
    return stations(STATION_STATUS, body, entry -> status(entry, types));
  }

  static FeedSnapshot<VehicleType> vehicleTypes(byte[] body) throws FeedParseException {
    JsonNode root = GbfsJson.root(VEHICLE_TYPES, body);
    JsonNode list = listIn(VEHICLE_TYPES, root, "vehicle_types", body);
    return snapshot(VEHICLE_TYPES, root, body, list, GbfsTreeReader::vehicleType);
  }

  /** A whole station feed through a tree: every feed-level check and message. */
  static <T> FeedSnapshot<T> stations(String feed, byte[] body, Function<JsonNode, T> read)
      throws FeedParseException {
    JsonNode root = GbfsJson.root(feed, body);
    JsonNode list = listIn(feed, root, "stations", body);
    return snapshot(feed, root, body, list, read);
  }

  private static JsonNode listIn(String feed, JsonNode root, String field, byte[] body)
      throws FeedParseException {
    JsonNode data = root.get("data");
    if (!present(data) || !data.isObject()) {
      throw new FeedParseException(feed, "no 'data' object", excerpt(body));
    }
    JsonNode list = data.get(field);
    if (!present(list)) {
      throw new FeedParseException(
          feed,
          "no 'data." + field + "' list (fields of data: " + fieldNames(data) + ")",
          excerpt(body));
    }
    if (!list.isArray()) {
      throw new FeedParseException(
          feed, "'data." + field + "' is " + kind(list) + ", not a list", excerpt(body));
    }
    return list;
  }

  private static <T> FeedSnapshot<T> snapshot(
      String feed, JsonNode root, byte[] body, JsonNode list, Function<JsonNode, T> read)
      throws FeedParseException {
    List<T> items = new ArrayList<>(list.size());
    List<RejectedItem> rejects = new ArrayList<>();
    for (JsonNode entry : list) {
      entry(entry, read, items, rejects);
    }
    return new FeedSnapshot<>(
        lastUpdated(feed, root, body), ttl(feed, root, body), version(root), items, rejects);
  }

  /** Reads one entry of a feed's list into {@code items}, or into {@code rejects} with why. */
  static <T> void entry(
      JsonNode entry, Function<JsonNode, T> read, List<T> items, List<RejectedItem> rejects) {
    if (!entry.isObject()) {
      rejects.add(new RejectedItem(raw(entry), "entry is " + kind(entry) + ", not an object"));
      return;
    }
    try {
      items.add(read.apply(entry));
    } catch (BadEntry e) {
      rejects.add(new RejectedItem(raw(entry), e.getMessage()));
    }
  }

  static Instant lastUpdated(String feed, JsonNode root, byte[] body) throws FeedParseException {
    // Vélib' (pre-1.1 dialect) says lastUpdatedOther instead of last_updated.
    for (String field : List.of("last_updated", "lastUpdatedOther")) {
      JsonNode node = root.get(field);
      if (present(node)) {
        Instant value = timestamp(node);
        if (value == null) {
          throw new FeedParseException(
              feed,
              field + " is not POSIX seconds or an RFC 3339 date-time: " + node,
              excerpt(body));
        }
        return value;
      }
    }
    return null;
  }

  static int ttl(String feed, JsonNode root, byte[] body) throws FeedParseException {
    JsonNode node = root.get("ttl");
    if (!present(node)) {
      return 0;
    }
    try {
      return GbfsJson.countOf(node, "ttl");
    } catch (BadEntry e) {
      throw new FeedParseException(feed, e.getMessage(), excerpt(body));
    }
  }

  static String version(JsonNode root) {
    JsonNode node = root.get("version");
    return present(node) && !node.asText().isBlank() ? node.asText().trim() : UNVERSIONED;
  }

  static StationInformation information(JsonNode entry, String language) {
    String stationId = id(entry, "station_id");
    Double lat = decimal(entry, "lat");
    Double lon = decimal(entry, "lon");
    if (lat != null && (lat < -90 || lat > 90)) {
      throw new BadEntry("lat is out of range: " + lat);
    }
    if (lon != null && (lon < -180 || lon > 180)) {
      throw new BadEntry("lon is out of range: " + lon);
    }
    return new StationInformation(
        stationId,
        stationCode(entry, stationId, language),
        localized(entry, "name", language),
        lat,
        lon,
        count(entry, "capacity"),
        optionalText(entry, "post_code"));
  }

  /** Vélib' {@code stationCode}, else GBFS {@code short_name}, else the station id. */
  private static String stationCode(JsonNode entry, String stationId, String language) {
    String code = optionalText(entry, "stationCode");
    if (code == null) {
      code = localized(entry, "short_name", language);
    }
    return code != null ? code : stationId;
  }

  static StationStatus status(JsonNode entry, VehicleTypes types) {
    String stationId = id(entry, "station_id");
    // GBFS 3.0 renamed num_bikes_available to num_vehicles_available.
    String bikesField = present(entry.get("num_vehicles_available"))
        ? "num_vehicles_available"
        : "num_bikes_available";
    Integer bikes = count(entry, bikesField);
    if (bikes == null) {
      throw new BadEntry("missing num_bikes_available (or num_vehicles_available)");
    }
    Breakdown breakdown = breakdown(entry, bikes, types);
    return new StationStatus(
        stationId,
        optionalText(entry, "stationCode"),
        bikes,
        breakdown.mechanical(),
        breakdown.ebike(),
        count(entry, "num_docks_available"),
        flag(entry, "is_installed"),
        flag(entry, "is_renting"),
        flag(entry, "is_returning"),
        timestamp(entry, "last_reported"));
  }

  private record Breakdown(Integer mechanical, Integer ebike) {
    static final Breakdown UNKNOWN = new Breakdown(null, null);
  }

  /**
   * Available bikes by kind, in the order of precedence of the conventions operators ship:
   * <ol>
   *   <li>GBFS 2.1+ {@code vehicle_types_available}, by the propulsion {@code vehicle_types.json}
   *       gives each type; when the system has no vehicle types feed, by well-known type ids
   *       ({@link #wellKnownTypeId});</li>
   *   <li>{@code num_bikes_available_types}: Vélib's {@code [{"mechanical":n},{"ebike":m}]},
   *       PBSC's {@code {"mechanical":n,"ebike":m}}, BCycle's
   *       {@code {"classic":n,"smart":s,"electric":m}};</li>
   *   <li>Lyft/Motivate's {@code num_ebikes_available} beside {@code num_bikes_available} (which
   *       counts every bike, e-bikes included): the rest are mechanical;</li>
   *   <li>none of these: unknown (null), never 0.</li>
   * </ol>
   */
  private static Breakdown breakdown(JsonNode entry, int bikes, VehicleTypes types) {
    JsonNode byVehicleType = entry.get("vehicle_types_available");
    if (present(byVehicleType)) {
      Breakdown typed =
          types.isEmpty() ? byWellKnownTypeId(byVehicleType) : byVehicleType(byVehicleType, types);
      if (typed != Breakdown.UNKNOWN) {
        return typed;
      }
    }
    JsonNode byName = entry.get("num_bikes_available_types");
    if (present(byName)) {
      return byTypeName(byName);
    }
    Integer ebikes = vendorCount(entry, "num_ebikes_available");
    if (ebikes != null) {
      // More e-bikes than bikes cannot be split: the e-bikes are known, the rest is not.
      return new Breakdown(ebikes <= bikes ? bikes - ebikes : null, ebikes);
    }
    return Breakdown.UNKNOWN;
  }

  /**
   * A count in a vendor field, null when absent or unreadable: a field outside the spec only adds
   * detail, so a bad value there costs the detail, not the station.
   */
  private static Integer vendorCount(JsonNode entry, String field) {
    try {
      return count(entry, field);
    } catch (BadEntry e) {
      return null;
    }
  }

  /** GBFS 2.1+: {@code [{vehicle_type_id, count}]}, counted by the type's propulsion. */
  private static Breakdown byVehicleType(JsonNode list, VehicleTypes types) {
    int mechanical = 0;
    int ebike = 0;
    for (JsonNode item : vehicleTypeCounts(list)) {
      Propulsion propulsion = types.propulsion(id(item, "vehicle_type_id"));
      int count = typeCount(item);
      if (propulsion == Propulsion.MECHANICAL) {
        mechanical += count;
      } else if (propulsion == Propulsion.EBIKE) {
        ebike += count;
      }
    }
    return new Breakdown(mechanical, ebike);
  }

  /**
   * {@code vehicle_types_available} of a system that serves no {@code vehicle_types.json} (or
   * whose URL was guessed and is missing): the ids alone say the kind only when each of them is a
   * well-known name (urbansharing's Oslo feeds use {@code bike} and {@code ebike}). One other id
   * and nothing can be said: unknown.
   */
  private static Breakdown byWellKnownTypeId(JsonNode list) {
    int mechanical = 0;
    int ebike = 0;
    for (JsonNode item : vehicleTypeCounts(list)) {
      Propulsion propulsion = wellKnownTypeId(id(item, "vehicle_type_id"));
      int count = typeCount(item);
      if (propulsion == Propulsion.MECHANICAL) {
        mechanical += count;
      } else if (propulsion == Propulsion.EBIKE) {
        ebike += count;
      } else {
        return Breakdown.UNKNOWN;
      }
    }
    return new Breakdown(mechanical, ebike);
  }

  /** The kind a type id names by itself, or {@link Propulsion#OTHER} when it names none. */
  static Propulsion wellKnownTypeId(String typeId) {
    return switch (typeId.trim().toLowerCase(Locale.ROOT)) {
      case "bike", "bicycle", "mechanical", "classic", "classic_bike", "human" ->
        Propulsion.MECHANICAL;
      case "ebike", "e-bike", "electric_bike", "electric", "electric_assist" -> Propulsion.EBIKE;
      default -> Propulsion.OTHER;
    };
  }

  private static JsonNode vehicleTypeCounts(JsonNode list) {
    if (!list.isArray()) {
      throw new BadEntry("vehicle_types_available is not a list: " + list);
    }
    return list;
  }

  private static int typeCount(JsonNode item) {
    Integer count = count(item, "count");
    if (count == null) {
      throw new BadEntry("vehicle_types_available entry without count: " + item);
    }
    return count;
  }

  /**
   * {@code num_bikes_available_types}: a list of one-key objects (Vélib') or one object (PBSC,
   * BCycle), read by key, never by position: nothing in a feed promises the order. BCycle's
   * {@code classic} and {@code smart} bikes are both pedal bikes (a smart bike carries its own
   * lock and computer). A kind that is not listed stays unknown.
   */
  private static Breakdown byTypeName(JsonNode types) {
    List<JsonNode> objects = new ArrayList<>();
    if (types.isArray()) {
      types.forEach(objects::add);
    } else if (types.isObject()) {
      objects.add(types);
    } else {
      throw new BadEntry("num_bikes_available_types is not a list: " + types);
    }
    Integer mechanical = null;
    Integer ebike = null;
    for (JsonNode object : objects) {
      if (!object.isObject()) {
        throw new BadEntry("num_bikes_available_types entry is not an object: " + object);
      }
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        String kind = field.getKey().trim().toLowerCase(Locale.ROOT);
        Propulsion propulsion = bikeKindKey(kind);
        if (propulsion == Propulsion.MECHANICAL) {
          mechanical = plus(
              mechanical, GbfsJson.countOf(field.getValue(), "num_bikes_available_types." + kind));
        } else if (propulsion == Propulsion.EBIKE) {
          ebike =
              plus(ebike, GbfsJson.countOf(field.getValue(), "num_bikes_available_types." + kind));
        }
      }
    }
    return new Breakdown(mechanical, ebike);
  }

  /** The kind a key of {@code num_bikes_available_types} counts (trimmed, lower case). */
  static Propulsion bikeKindKey(String kind) {
    return switch (kind) {
      case "mechanical", "classic", "smart" -> Propulsion.MECHANICAL;
      case "ebike", "electric" -> Propulsion.EBIKE;
      default -> Propulsion.OTHER;
    };
  }

  private static Integer plus(Integer sum, int value) {
    return sum == null ? value : sum + value;
  }

  private static VehicleType vehicleType(JsonNode entry) {
    String typeId = id(entry, "vehicle_type_id");
    String propulsionType = optionalText(entry, "propulsion_type");
    String formFactor = optionalText(entry, "form_factor");
    return new VehicleType(
        typeId, propulsionType, formFactor, propulsion(propulsionType, formFactor));
  }

  /**
   * GBFS propulsion {@code human} is a mechanical bike, {@code electric_assist}/{@code electric}
   * an e-bike; only bicycles count (an electric scooter is not an e-bike).
   */
  static Propulsion propulsion(String propulsionType, String formFactor) {
    if (propulsionType == null) {
      return Propulsion.OTHER;
    }
    boolean bicycle = formFactor == null
        || formFactor.equalsIgnoreCase("bicycle")
        || formFactor.equalsIgnoreCase("cargo_bicycle");
    if (!bicycle) {
      return Propulsion.OTHER;
    }
    return switch (propulsionType.toLowerCase(Locale.ROOT)) {
      case "human" -> Propulsion.MECHANICAL;
      case "electric_assist", "electric" -> Propulsion.EBIKE;
      default -> Propulsion.OTHER;
    };
  }

  /** GBFS 3.0 localized strings {@code [{"text","language"}]}, or plain text in earlier versions. */
  static String localized(JsonNode entry, String field, String language) {
    JsonNode node = entry.get(field);
    if (!present(node)) {
      return null;
    }
    if (!node.isArray()) {
      return optionalText(entry, field);
    }
    Map<String, String> byLanguage = new LinkedHashMap<>();
    for (JsonNode item : node) {
      if (item.isObject() && present(item.get("text"))) {
        String lang = present(item.get("language")) ? item.get("language").asText() : "";
        byLanguage.putIfAbsent(lang, item.get("text").asText());
      }
    }
    String chosen = Languages.pick(byLanguage.keySet(), language);
    return chosen == null ? null : byLanguage.get(chosen);
  }

  private static String fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.properties().forEach(field -> names.add(field.getKey()));
    return names.toString();
  }
}
