package io.citypulse.sources.gbfs;

import static io.citypulse.sources.gbfs.GbfsJson.excerpt;
import static io.citypulse.sources.gbfs.GbfsJson.present;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The feeds of a GBFS system, read from its auto-discovery file ({@code gbfs.json}).
 *
 * <p>Users may also pass a {@code station_status.json} URL directly: {@link #parse} recognises a
 * station status body and derives {@code station_information} (and {@code vehicle_types}) from
 * the URL; {@link #direct()} is then true and the derived URLs may not exist.
 *
 * @param version the GBFS version the discovery file declares ({@code "1.0"} when it has none)
 * @param language the language whose feed list was taken (GBFS 1.x/2.x), null otherwise
 * @param feeds feed name to absolute URL, in the file's order
 * @param direct true when the URL given was a station_status feed, not a discovery file
 */
public record GbfsDiscovery(
    String version, String language, Map<String, URI> feeds, boolean direct) {

  private static final String FEED = "gbfs";

  public GbfsDiscovery {
    feeds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(feeds));
  }

  /**
   * Reads a discovery body fetched from {@code base} (relative feed URLs resolve against it).
   *
   * @param preferredLanguage GBFS 1.x/2.x list feeds per language: this one, else {@code en},
   *     else the first
   * @throws FeedParseException when the body is neither a discovery file nor a station_status
   *     feed, or lists no station_status feed
   */
  public static GbfsDiscovery parse(byte[] body, URI base, String preferredLanguage)
      throws FeedParseException {
    JsonNode root = GbfsJson.root(FEED, body);
    JsonNode data = root.get("data");
    if (!present(data) || !data.isObject()) {
      throw new FeedParseException(
          FEED, "no 'data' object: not a GBFS discovery file", excerpt(body));
    }
    if (present(data.get("stations"))) {
      return fromStationFeed(data.get("stations"), base, GbfsTreeReader.version(root), body);
    }
    for (String vehicles : List.of("bikes", "vehicles")) {
      if (data.path(vehicles).isArray()) {
        // free_bike_status (GBFS 1.x/2.x) or vehicle_status (3.0): vehicles parked anywhere.
        throw new StationlessSystemException(
            FEED,
            "this is a feed of free-floating vehicles (data."
                + vehicles
                + "), not of stations: citypulse counts bikes and docks at stations; give"
                + " a station-based system's gbfs.json or station_status.json URL",
            excerpt(body));
      }
    }
    String language = null;
    JsonNode feedList = data.get("feeds");
    if (!present(feedList)) {
      // GBFS 1.x/2.x: data.<language>.feeds; GBFS 3.0: data.feeds.
      Map<String, JsonNode> byLanguage = new LinkedHashMap<>();
      data.properties().forEach(field -> {
        if (field.getValue().isObject() && field.getValue().path("feeds").isArray()) {
          byLanguage.put(field.getKey(), field.getValue().get("feeds"));
        }
      });
      language = Languages.pick(byLanguage.keySet(), preferredLanguage);
      if (language == null) {
        throw new FeedParseException(
            FEED, "no 'data.feeds' list nor 'data.<language>.feeds' list", excerpt(body));
      }
      feedList = byLanguage.get(language);
    }
    if (!feedList.isArray()) {
      throw new FeedParseException(FEED, "feeds is not a list", excerpt(body));
    }
    Map<String, URI> feeds = new LinkedHashMap<>();
    List<String> invalid = new ArrayList<>();
    for (JsonNode feed : feedList) {
      String name = feed.path("name").asText("").trim();
      String url = feed.path("url").asText("").trim();
      if (name.isEmpty() || url.isEmpty()) {
        invalid.add(feed.toString());
        continue;
      }
      try {
        feeds.putIfAbsent(name, base.resolve(url));
      } catch (IllegalArgumentException e) {
        invalid.add(feed.toString());
      }
    }
    if (!feeds.containsKey(GbfsParser.STATION_STATUS)) {
      throw new StationlessSystemException(
          FEED,
          "lists no station_status feed (feeds: " + feeds.keySet()
              + (invalid.isEmpty() ? "" : ", unreadable entries: " + invalid)
              + "): a system without"
              + " stations (free-floating vehicles only) has nothing citypulse can count",
          excerpt(body));
    }
    return new GbfsDiscovery(GbfsTreeReader.version(root), language, feeds, false);
  }

  private static GbfsDiscovery fromStationFeed(
      JsonNode stations, URI base, String version, byte[] body) throws FeedParseException {
    if (looksLikeInformation(stations)) {
      throw new FeedParseException(
          FEED,
          "this is a station_information feed; give the gbfs.json "
              + "discovery URL or the station_status.json URL",
          excerpt(body));
    }
    Map<String, URI> feeds = new LinkedHashMap<>();
    feeds.put(GbfsParser.STATION_STATUS, base);
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    int at = path.lastIndexOf(GbfsParser.STATION_STATUS);
    if (at >= 0) {
      feeds.put(
          GbfsParser.STATION_INFORMATION, sibling(base, path, at, GbfsParser.STATION_INFORMATION));
      feeds.put(GbfsParser.VEHICLE_TYPES, sibling(base, path, at, GbfsParser.VEHICLE_TYPES));
    }
    return new GbfsDiscovery(version, null, feeds, true);
  }

  private static URI sibling(URI base, String path, int at, String feed) {
    String newPath =
        path.substring(0, at) + feed + path.substring(at + GbfsParser.STATION_STATUS.length());
    return base.resolve(newPath.startsWith("/") ? rebuild(base, newPath) : newPath);
  }

  /** Keeps the query (some feeds carry a key or a city parameter) with the new path. */
  private static String rebuild(URI base, String newPath) {
    return base.getRawQuery() == null ? newPath : newPath + "?" + base.getRawQuery();
  }

  /** Station information entries have a name and coordinates but no availability counts. */
  private static boolean looksLikeInformation(JsonNode stations) {
    for (JsonNode station : stations) {
      boolean counts = station.has("num_bikes_available")
          || station.has("num_vehicles_available")
          || station.has("num_docks_available")
          || station.has("is_renting");
      if (counts) {
        return false;
      }
      if (station.has("lat") || station.has("name")) {
        return true;
      }
    }
    return false;
  }

  /** The URL of a feed, if the system lists it. */
  public Optional<URI> feed(String name) {
    return Optional.ofNullable(feeds.get(name));
  }

  /** The station_status URL; always present. */
  public URI stationStatus() {
    return feeds.get(GbfsParser.STATION_STATUS);
  }

  public Optional<URI> stationInformation() {
    return feed(GbfsParser.STATION_INFORMATION);
  }

  public Optional<URI> vehicleTypes() {
    return feed(GbfsParser.VEHICLE_TYPES);
  }
}
