package io.citypulse.sources.gbfs;

import static io.citypulse.sources.gbfs.TreeOracle.assertInformationSameAsTree;
import static io.citypulse.sources.gbfs.TreeOracle.assertStatusSameAsTree;
import static io.citypulse.sources.gbfs.TreeOracle.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.StationInformation;
import io.citypulse.model.StationStatus;
import io.citypulse.sources.synthetic.Gbfs23Feeds;
import io.citypulse.sources.synthetic.Gbfs30Feeds;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.sources.synthetic.VelibFeeds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming parser against what the feeds hold: the synthetic network's own state, and the
 * tree rules on thousands of randomly damaged feeds.
 */
class StreamingEquivalenceTest {
  private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");
  private static final int STATIONS = 2000;

  private static SyntheticNetwork network() {
    SyntheticNetwork network = new SyntheticNetwork(5, STATIONS, T0, Duration.ofSeconds(1));
    network.advanceTo(T0.plusSeconds(120));
    return network;
  }

  private static VehicleTypes gbfsTypes() throws FeedParseException {
    return VehicleTypes.of(GbfsParser.vehicleTypes(Gbfs23Feeds.vehicleTypes(0)).items());
  }

  @Test
  void velibFeedsReadBackAsTheNetworkHoldsThem() throws Exception {
    SyntheticNetwork network = network();
    byte[] statusBody = VelibFeeds.stationStatus(network, T0.getEpochSecond());
    byte[] informationBody = VelibFeeds.stationInformation(network, T0.getEpochSecond());

    FeedSnapshot<StationStatus> status = GbfsParser.stationStatus(statusBody, VehicleTypes.NONE);
    FeedSnapshot<StationInformation> information =
        GbfsParser.stationInformation(informationBody, "fr");

    assertStatusSameAsTree(statusBody, VehicleTypes.NONE);
    assertInformationSameAsTree(informationBody, "fr");
    assertThat(status.rejects()).isEmpty();
    assertThat(status.lastUpdated()).isEqualTo(T0);
    assertThat(status.ttlSeconds()).isEqualTo(VelibFeeds.TTL_SECONDS);
    assertThat(status.items()).hasSize(STATIONS);
    assertThat(information.items()).hasSize(STATIONS);
    String statusText = new String(statusBody, StandardCharsets.UTF_8);
    int ebikeFirst = 0;
    for (int i = 0; i < STATIONS; i++) {
      SyntheticNetwork.Station station = network.stations().get(i);
      StationStatus s = status.items().get(i);
      StationInformation info = information.items().get(i);
      assertThat(s.stationId()).isEqualTo(String.valueOf(VelibFeeds.stationId(station)));
      assertThat(s.stationCode()).isEqualTo(station.stationCode());
      assertThat(s.mechanical()).isEqualTo(station.mechanical());
      assertThat(s.ebike()).isEqualTo(station.ebike());
      assertThat(s.bikesAvailable()).isEqualTo(station.mechanical() + station.ebike());
      assertThat(s.installed()).isTrue();
      assertThat(s.returning()).isTrue();
      assertThat(s.lastReported()).isBetween(T0, T0.plusSeconds(120));
      assertThat(info.stationId()).isEqualTo(s.stationId());
      assertThat(info.stationCode()).isEqualTo(station.stationCode());
      assertThat(info.capacity()).isEqualTo(s.bikesAvailable() + s.docksAvailable());
      assertThat(info.postcode()).isNull();
      if (statusEntry(statusText, s.stationId()).contains("[{\"ebike\"")) {
        ebikeFirst++;
      }
    }
    assertThat(ebikeFirst).as("stations listing ebike first").isGreaterThan(100);
    assertThat(status.items()).extracting(StationStatus::renting).contains(false);
  }

  @Test
  void gbfs30FeedsReadBackAsTheNetworkHoldsThem() throws Exception {
    SyntheticNetwork network = network();
    VehicleTypes types = gbfsTypes();
    byte[] statusBody = Gbfs30Feeds.stationStatus(network, T0.getEpochSecond());
    byte[] informationBody = Gbfs30Feeds.stationInformation(network, T0.getEpochSecond());

    FeedSnapshot<StationStatus> status = GbfsParser.stationStatus(statusBody, types);
    FeedSnapshot<StationInformation> information =
        GbfsParser.stationInformation(informationBody, "en");

    assertStatusSameAsTree(statusBody, types);
    assertInformationSameAsTree(informationBody, "en");
    assertThat(status.rejects()).isEmpty();
    assertThat(status.version()).isEqualTo(Gbfs30Feeds.VERSION);
    assertThat(status.lastUpdated()).isEqualTo(T0);
    assertThat(status.items()).hasSize(STATIONS);
    for (int i = 0; i < STATIONS; i++) {
      SyntheticNetwork.Station station = network.stations().get(i);
      StationStatus s = status.items().get(i);
      StationInformation info = information.items().get(i);
      assertThat(s.stationId()).isEqualTo(String.valueOf(100_000 + i));
      assertThat(s.mechanical()).isEqualTo(station.mechanical());
      assertThat(s.ebike()).isEqualTo(station.ebike());
      assertThat(s.bikesAvailable()).isEqualTo(station.mechanical() + station.ebike());
      assertThat(info.stationId()).isEqualTo(s.stationId());
      assertThat(info.stationCode()).isEqualTo(station.stationCode());
      assertThat(info.postcode()).isEqualTo(station.postcode());
      assertThat(info.name()).endsWith("(" + station.commune() + ")");
      assertThat(info.capacity()).isEqualTo(s.bikesAvailable() + s.docksAvailable());
    }
    // RFC 3339 in Paris summer time read back as the instants the network moved bikes at.
    assertThat(status.items())
        .extracting(StationStatus::lastReported)
        .allSatisfy(t -> assertThat(t).isBetween(T0, T0.plusSeconds(120)))
        .contains(T0.plusSeconds(120));
  }

  @Test
  void gbfs23FeedsReadBackAsTheNetworkHoldsThem() throws Exception {
    SyntheticNetwork network = network();
    VehicleTypes types = gbfsTypes();
    byte[] statusBody = Gbfs23Feeds.stationStatus(network, T0.getEpochSecond());
    byte[] informationBody = Gbfs23Feeds.stationInformation(network, T0.getEpochSecond());

    FeedSnapshot<StationStatus> status = GbfsParser.stationStatus(statusBody, types);
    FeedSnapshot<StationInformation> information =
        GbfsParser.stationInformation(informationBody, "fr");

    assertStatusSameAsTree(statusBody, types);
    assertStatusSameAsTree(statusBody, VehicleTypes.NONE);
    assertInformationSameAsTree(informationBody, "fr");
    assertThat(status.rejects()).isEmpty();
    assertThat(status.version()).isEqualTo(Gbfs23Feeds.VERSION);
    for (int i = 0; i < STATIONS; i++) {
      SyntheticNetwork.Station station = network.stations().get(i);
      StationStatus s = status.items().get(i);
      assertThat(s.mechanical()).isEqualTo(station.mechanical());
      assertThat(s.ebike()).isEqualTo(station.ebike());
      assertThat(information.items().get(i).postcode()).isEqualTo(station.postcode());
      assertThat(information.items().get(i).stationCode()).isEqualTo(station.stationCode());
    }
  }

  /** A Vélib' status entry's text up to its first bike type. */
  private static String statusEntry(String text, String stationId) {
    int at = text.indexOf("\"station_id\":" + stationId + ",");
    return text.substring(
        at, text.indexOf('}', text.indexOf("\"num_bikes_available_types\"", at)) + 1);
  }

  // ---- Randomly damaged feeds: the streaming parser must say exactly what the tree rules say.

  private static final String[] ODD_VALUES = {
    "null",
    "\"x\"",
    "-1",
    "0",
    "1",
    "2",
    "1.0",
    "2.5",
    "\"3\"",
    "\" 4 \"",
    "\"-0\"",
    "true",
    "false",
    "{}",
    "[]",
    "{\"a\":1}",
    "[1,2]",
    "\"\"",
    "\"  \"",
    "3000000000",
    "12345678901234567890123",
    "\"2023-07-17T13:34:13+02:00\"",
    "\"2023-02-30T00:00:00Z\"",
    "1760778556000",
    "\"1\"",
    "\"0\"",
    "\"TRUE\"",
    "[{\"mechanical\":1}]",
    "{\"ebike\":2}",
    "[{\"vehicle_type_id\":\"mechanical\",\"count\":1}]",
    "[{\"count\":1}]",
    "[{\"vehicle_type_id\":\"ebike\"}]",
    "\"\\u00e9t\\u00e9\"",
    "1e3",
    "-0",
    "1760778556",
    "[{\"text\":\"Nom\",\"language\":\"fr\"},{\"text\":\"Name\",\"language\":\"en\"}]",
    "[{\"text\":1}]",
    "[{\"text\":\"x\",\"language\":null}]",
    "91",
    "-180.5",
    "\"48.85\"",
    "[[{\"ebike\":1}]]",
    "[{\"mechanical\":1,\"mechanical\":3}]",
    "[{\" Ebike\":2}]",
    "{\"station_id\":\"inner\"}",
  };

  private static final String[] STATUS_KEYS = {
    "station_id", "stationCode", "num_bikes_available", "num_vehicles_available",
        "num_docks_available",
    "is_installed", "is_renting", "is_returning", "last_reported", "vehicle_types_available",
    "num_bikes_available_types", "numBikesAvailable", "station_opening_hours"
  };

  private static final String[] INFORMATION_KEYS = {
    "station_id",
    "stationCode",
    "short_name",
    "name",
    "lat",
    "lon",
    "capacity",
    "post_code",
    "rental_methods"
  };

  @Test
  void damagedStatusFeedsAreReadAsTheTreeRulesSay() throws Exception {
    SyntheticNetwork network = new SyntheticNetwork(9, 6, T0, Duration.ofSeconds(1));
    VehicleTypes types = gbfsTypes();
    List<String> bodies = List.of(
        new String(VelibFeeds.stationStatus(network, 1), StandardCharsets.UTF_8),
        new String(Gbfs30Feeds.stationStatus(network, 1), StandardCharsets.UTF_8),
        new String(Gbfs23Feeds.stationStatus(network, 1), StandardCharsets.UTF_8));
    Random random = new Random(42);
    int snapshots = 0;
    int rejects = 0;
    for (int i = 0; i < 1500; i++) {
      String body = damage(bodies.get(i % bodies.size()), STATUS_KEYS, random);
      Object outcome = assertStatusSameAsTree(utf8(body), i % 2 == 0 ? types : VehicleTypes.NONE);
      if (outcome instanceof FeedSnapshot<?> snapshot) {
        snapshots++;
        rejects += snapshot.rejects().size();
      }
    }
    // The damage must leave most feeds readable and reject some entries, or it tests little.
    assertThat(snapshots).isGreaterThan(1000);
    assertThat(rejects).isGreaterThan(500);
  }

  @Test
  void damagedInformationFeedsAreReadAsTheTreeRulesSay() throws Exception {
    SyntheticNetwork network = new SyntheticNetwork(9, 6, T0, Duration.ofSeconds(1));
    List<String> bodies = List.of(
        new String(VelibFeeds.stationInformation(network, 1), StandardCharsets.UTF_8),
        new String(Gbfs30Feeds.stationInformation(network, 1), StandardCharsets.UTF_8),
        new String(Gbfs23Feeds.stationInformation(network, 1), StandardCharsets.UTF_8));
    Random random = new Random(43);
    String[] languages = {"fr", "en", "de-DE", null, ""};
    int rejects = 0;
    for (int i = 0; i < 1000; i++) {
      String body = damage(bodies.get(i % bodies.size()), INFORMATION_KEYS, random);
      Object outcome = assertInformationSameAsTree(utf8(body), languages[i % languages.length]);
      if (outcome instanceof FeedSnapshot<?> snapshot) {
        rejects += snapshot.rejects().size();
      }
    }
    assertThat(rejects).isGreaterThan(200);
  }

  @Test
  void bytesDamagedAnywhereGiveWhatTheTreeRulesGive() throws Exception {
    SyntheticNetwork network = new SyntheticNetwork(13, 3, T0, Duration.ofSeconds(1));
    VehicleTypes types = gbfsTypes();
    List<byte[]> bodies = List.of(
        VelibFeeds.stationStatus(network, 1),
        Gbfs30Feeds.stationStatus(network, 1),
        Gbfs23Feeds.stationStatus(network, 1));
    byte[] alphabet = utf8("{}[]\",:\\/01-9.eE+tfnulrsa bu\n\t");
    byte[] odd = {
      0x00,
      0x1F,
      0x7F,
      (byte) 0x80,
      (byte) 0xBF,
      (byte) 0xC3,
      (byte) 0xA9,
      (byte) 0xE2,
      (byte) 0xF0,
      (byte) 0xFF,
      (byte) 0xEF,
      (byte) 0xBB
    };
    Random random = new Random(44);
    int snapshots = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] body = bodies.get(i % bodies.size()).clone();
      int changes = 1 + random.nextInt(2);
      for (int c = 0; c < changes; c++) {
        byte replacement = random.nextInt(4) == 0
            ? odd[random.nextInt(odd.length)]
            : alphabet[random.nextInt(alphabet.length)];
        int at = random.nextInt(body.length);
        switch (random.nextInt(3)) {
          case 0 -> body[at] = replacement;
          case 1 -> body = splice(body, at, 0, replacement);
          default -> body = splice(body, at, 1 + random.nextInt(3), null);
        }
      }
      if (assertStatusSameAsTree(body, i % 2 == 0 ? types : VehicleTypes.NONE)
          instanceof FeedSnapshot) {
        snapshots++;
      }
    }
    // Many single-byte changes keep the body JSON (a digit for a digit, a space added...).
    assertThat(snapshots).isGreaterThan(300);
  }

  private static byte[] splice(byte[] body, int at, int remove, Byte insert) {
    int added = insert == null ? 0 : 1;
    int removed = Math.min(remove, body.length - at);
    byte[] result = new byte[body.length - removed + added];
    System.arraycopy(body, 0, result, 0, at);
    if (insert != null) {
      result[at] = insert;
    }
    System.arraycopy(body, at + removed, result, at + added, body.length - at - removed);
    return result;
  }

  /**
   * A few random changes to a rendered feed: values swapped for odd ones, fields dropped,
   * repeated, shuffled or added, entries replaced, and now and then damage to the feed itself.
   */
  private static String damage(String body, String[] keys, Random random) {
    int listStart = body.indexOf("\"stations\":[") + "\"stations\":[".length();
    int listEnd = body.lastIndexOf("]}");
    List<String> entries = splitTopLevel(body.substring(listStart, listEnd));
    List<String> damaged = new ArrayList<>();
    for (String entry : entries) {
      damaged.add(random.nextInt(3) == 0 ? damageEntry(entry, keys, random) : entry);
    }
    if (random.nextInt(20) == 0) {
      damaged.add(
          random.nextInt(damaged.size() + 1), ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
    }
    String header = body.substring(0, listStart - "\"stations\":[".length());
    String list = "\"stations\":[" + String.join(",", damaged) + "]";
    String rest = body.substring(listEnd + 1);
    String result = header + list + rest;
    switch (random.nextInt(40)) {
      case 0 -> result = result.substring(0, random.nextInt(result.length()));
      case 1 -> result = result + (random.nextBoolean() ? " x" : "{}");
      case 2 ->
        result = "{\"data\":{" + list + "},"
            + header.substring(1, header.length() - "\"data\":{".length()) + "\"after\":1}";
      case 3 ->
        result = result.replaceFirst(
            "\"(last_updated|lastUpdatedOther)\":[^,]*",
            "\"$1\":" + ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
      case 4 -> result = result.replaceFirst("\"stations\":", "\"bikes\":");
      default -> {}
    }
    return result;
  }

  private static String damageEntry(String entry, String[] keys, Random random) {
    List<String> fields = splitTopLevel(entry.substring(1, entry.length() - 1));
    int changes = 1 + random.nextInt(3);
    for (int c = 0; c < changes; c++) {
      String key = keys[random.nextInt(keys.length)];
      String value = ODD_VALUES[random.nextInt(ODD_VALUES.length)];
      switch (random.nextInt(7)) {
        case 0 -> fields.removeIf(f -> f.startsWith("\"" + key + "\":"));
        case 1 -> fields.add(random.nextInt(fields.size() + 1), "\"" + key + "\":" + value);
        case 2 -> Collections.shuffle(fields, random);
        case 3 ->
          fields.add(
              "\"unknown_" + c + "\":{\"" + key + "\":" + value + ",\"deep\":[[" + value + "]]}");
        default -> {
          // Replace the value of a field that is there (the common case of a bad value).
          for (int f = 0; f < fields.size(); f++) {
            if (fields.get(f).startsWith("\"" + key + "\":")) {
              fields.set(f, "\"" + key + "\":" + value);
            }
          }
        }
      }
    }
    return "{" + String.join(",", fields) + "}";
  }

  /** Splits JSON text at its top-level commas (not inside strings, objects or lists). */
  private static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    boolean inString = false;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      parts.add(text.substring(start));
    }
    return new ArrayList<>(Arrays.asList(parts.toArray(new String[0])));
  }
}
