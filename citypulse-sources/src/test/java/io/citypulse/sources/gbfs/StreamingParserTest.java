package io.citypulse.sources.gbfs;

import static io.citypulse.sources.gbfs.TreeOracle.assertInformationSameAsTree;
import static io.citypulse.sources.gbfs.TreeOracle.assertStatusSameAsTree;
import static io.citypulse.sources.gbfs.TreeOracle.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.StationInformation;
import io.citypulse.model.StationStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming station parser: what it reads, and that it agrees with the tree rules. */
class StreamingParserTest {
  private static final VehicleTypes TYPES = VehicleTypes.of(List.of(
      new VehicleType("mech", "human", "bicycle", Propulsion.MECHANICAL),
      new VehicleType("elec", "electric_assist", "bicycle", Propulsion.EBIKE),
      new VehicleType("scoot", "electric", "scooter_standing", Propulsion.OTHER)));

  private static final StationStatus STATION_A = new StationStatus(
      "a", null, 5, 2, 3, 7, true, false, true, Instant.parse("2023-07-17T11:34:13Z"));

  /** Parses with {@link #TYPES}, checks the tree rules agree, and expects a snapshot. */
  @SuppressWarnings("unchecked")
  private static FeedSnapshot<StationStatus> status(String json) {
    Object outcome = assertStatusSameAsTree(utf8(json), TYPES);
    assertThat(outcome).as(json).isInstanceOf(FeedSnapshot.class);
    return (FeedSnapshot<StationStatus>) outcome;
  }

  private static String reason(String json) {
    FeedSnapshot<StationStatus> snapshot = status(json);
    assertThat(snapshot.items()).isEmpty();
    assertThat(snapshot.rejects()).hasSize(1);
    return snapshot.rejects().get(0).reason();
  }

  /** One GBFS 3.0 entry with its station fields given. */
  private static String oneStation(String fields) {
    return "{\"last_updated\":\"2023-07-17T13:34:13+02:00\",\"data\":{\"stations\":[{" + fields
        + "}]}}";
  }

  @Test
  void dataMayComeBeforeTheHeaderFields() throws Exception {
    FeedSnapshot<StationStatus> snapshot = status("""
        {"data": {"stations": [{"station_id": "a", "num_vehicles_available": 5,
            "vehicle_types_available": [{"vehicle_type_id": "mech", "count": 2}, {"vehicle_type_id": "elec", "count": 3}],
            "num_docks_available": 7, "is_renting": false, "last_reported": "2023-07-17T13:34:13+02:00"}]},
         "version": "3.0", "ttl": 60, "last_updated": "2023-07-17T13:34:13+02:00"}""");

    assertThat(snapshot.lastUpdated()).isEqualTo(Instant.parse("2023-07-17T11:34:13Z"));
    assertThat(snapshot.ttlSeconds()).isEqualTo(60);
    assertThat(snapshot.version()).isEqualTo("3.0");
    assertThat(snapshot.items()).containsExactly(STATION_A);
  }

  @Test
  void stationFieldsInAnyOrderGiveTheSameRecord() throws Exception {
    FeedSnapshot<StationStatus> snapshot = status("""
        {"data": {"stations": [
          {"station_id": "a", "num_vehicles_available": 5, "num_docks_available": 7, "is_renting": false,
           "last_reported": "2023-07-17T11:34:13Z",
           "vehicle_types_available": [{"vehicle_type_id": "mech", "count": 2}, {"vehicle_type_id": "elec", "count": 3}]},
          {"last_reported": "2023-07-17T11:34:13Z", "is_renting": false,
           "vehicle_types_available": [{"count": 3, "vehicle_type_id": "elec"}, {"count": 2, "vehicle_type_id": "mech"}],
           "num_docks_available": 7, "num_vehicles_available": 5, "station_id": "a"},
          {"num_docks_available": 7, "station_id": "a", "is_renting": false, "num_vehicles_available": 5,
           "vehicle_types_available": [{"vehicle_type_id": "elec", "count": 3}, {"vehicle_type_id": "mech", "count": 2}],
           "last_reported": "2023-07-17T11:34:13Z"}
        ]}}""");

    assertThat(snapshot.rejects()).isEmpty();
    assertThat(snapshot.items()).containsExactly(STATION_A, STATION_A, STATION_A);
  }

  @Test
  void unknownFieldsAreSkippedWhateverTheyHold() throws Exception {
    FeedSnapshot<StationStatus> snapshot = status("""
        {"meta": {"data": {"stations": [1]}}, "data": {"other": [{"station_id": "x"}], "stations": [
          {"station_id": "a", "numBikesAvailable": 99, "num_vehicles_available": 5,
           "station_opening_hours": null, "nested": {"station_id": "x", "num_vehicles_available": 1, "deep": [[{"a": [1, {"b": "c"}]}]]},
           "num_docks_available": 7, "vehicle_docks_available": [{"vehicle_type_ids": ["mech"], "count": 7}],
           "vehicle_types_available": [{"vehicle_type_id": "mech", "count": 2, "extra": {"count": 50}},
                                       {"vehicle_type_id": "elec", "count": 3}],
           "is_renting": false, "last_reported": "2023-07-17T11:34:13Z", "text": "caf\\u00e9 \\"quoted\\" \u00e9"}
        ], "trailer": {"x": 1}}, "after": [true, false, null]}""");

    assertThat(snapshot.rejects()).isEmpty();
    assertThat(snapshot.items()).containsExactly(STATION_A);
  }

  @Test
  void velibBikeTypesAreReadByKeyInEitherOrder() throws Exception {
    FeedSnapshot<StationStatus> snapshot = status("""
        {"lastUpdatedOther": 1760778556, "ttl": 3600, "data": {"stations": [
          {"station_id": 213688169, "num_bikes_available": 5, "num_bikes_available_types": [{"mechanical": 1}, {"ebike": 4}],
           "num_docks_available": 30, "is_installed": 1, "is_returning": 1, "is_renting": 1, "last_reported": 1760776294, "stationCode": "16107"},
          {"station_id": 2515829865, "num_bikes_available": 9, "num_bikes_available_types": [{"ebike": 5}, {"mechanical": 4}],
           "num_docks_available": 11, "is_installed": 1, "is_returning": 0, "is_renting": 1, "last_reported": 1760776386, "stationCode": "32017"},
          {"station_id": 17278902806, "num_bikes_available": 2, "num_bikes_available_types": [{"mechanical": 2, "scooter": 1}],
           "num_docks_available": 18, "is_installed": 0, "is_returning": 0, "is_renting": 0, "last_reported": 1476194185, "stationCode": 44015}
        ]}}""");

    assertThat(snapshot.lastUpdated()).isEqualTo(Instant.ofEpochSecond(1760778556));
    assertThat(snapshot.items())
        .containsExactly(
            new StationStatus(
                "213688169",
                "16107",
                5,
                1,
                4,
                30,
                true,
                true,
                true,
                Instant.ofEpochSecond(1760776294)),
            new StationStatus(
                "2515829865",
                "32017",
                9,
                4,
                5,
                11,
                true,
                true,
                false,
                Instant.ofEpochSecond(1760776386)),
            new StationStatus(
                "17278902806",
                "44015",
                2,
                2,
                null,
                18,
                false,
                false,
                false,
                Instant.ofEpochSecond(1476194185)));
  }

  @Test
  void vehicleTypesNotListedOrNotBikesCountForNeither() throws Exception {
    FeedSnapshot<StationStatus> snapshot = status(oneStation("""
        "station_id": "a", "num_vehicles_available": 9, "vehicle_types_available": [
          {"vehicle_type_id": "scoot", "count": 4}, {"vehicle_type_id": " mech ", "count": 1},
          {"vehicle_type_id": "unknown", "count": 2}, {"vehicle_type_id": "elec", "count": 2}]"""));

    assertThat(snapshot.items()).singleElement().satisfies(s -> {
      assertThat(s.mechanical()).isEqualTo(1);
      assertThat(s.ebike()).isEqualTo(2);
    });
  }

  @Test
  void withoutVehicleTypesTheVelibBreakdownIsUsedIfAny() throws Exception {
    String json = oneStation("""
        "station_id": "a", "num_bikes_available": 3,
        "vehicle_types_available": [{"vehicle_type_id": "mech", "count": 3}],
        "num_bikes_available_types": [{"mechanical": 1}, {"ebike": 2}]""");

    FeedSnapshot<StationStatus> none = GbfsParser.stationStatus(utf8(json), VehicleTypes.NONE);
    FeedSnapshot<StationStatus> typed = GbfsParser.stationStatus(utf8(json), TYPES);

    assertStatusSameAsTree(utf8(json), VehicleTypes.NONE);
    assertThat(none.items().get(0).mechanical()).isEqualTo(1);
    assertThat(none.items().get(0).ebike()).isEqualTo(2);
    assertThat(typed.items().get(0).mechanical()).isEqualTo(3);
    assertThat(typed.items().get(0).ebike()).isZero();
  }

  @Test
  void gbfs3VehicleCountWinsOverTheOldName() throws Exception {
    FeedSnapshot<StationStatus> snapshot = status(oneStation("""
        "station_id": "a", "num_bikes_available": "x", "num_vehicles_available": 4"""));
    FeedSnapshot<StationStatus> nullVehicles = status(oneStation("""
        "station_id": "a", "num_bikes_available": 6, "num_vehicles_available": null"""));

    assertThat(snapshot.items()).extracting(StationStatus::bikesAvailable).containsExactly(4);
    assertThat(nullVehicles.items()).extracting(StationStatus::bikesAvailable).containsExactly(6);
  }

  @Test
  void valuesInTheirOtherAcceptedSpellings() throws Exception {
    FeedSnapshot<StationStatus> snapshot = status("""
        {"data": {"stations": [
          {"station_id": " s1 ", "num_bikes_available": " 12 ", "num_docks_available": 3.0, "is_installed": "TRUE",
           "is_renting": " 0 ", "is_returning": null, "last_reported": "1760778500", "stationCode": 7.5},
          {"station_id": 123456789012345678901234567890, "num_bikes_available": 1, "last_reported": 1760778500000,
           "num_bikes_available_types": {"Electric": 1}},
          {"station_id": 1.5e3, "num_bikes_available": 0, "last_reported": "2023-07-17 13:34:13.5+02:00"}
        ]}}""");

    assertThat(snapshot.rejects()).isEmpty();
    assertThat(snapshot.items())
        .containsExactly(
            new StationStatus(
                "s1",
                "7.5",
                12,
                null,
                null,
                3,
                true,
                false,
                true,
                Instant.ofEpochSecond(1760778500)),
            new StationStatus(
                "123456789012345678901234567890",
                null,
                1,
                null,
                1,
                null,
                true,
                true,
                true,
                Instant.ofEpochSecond(1760778500)),
            new StationStatus(
                "1500",
                null,
                0,
                null,
                null,
                null,
                true,
                true,
                true,
                Instant.parse("2023-07-17T11:34:13.5Z")));
  }

  @Test
  void aRepeatedKeyKeepsItsLastValueAsATreeDoes() throws Exception {
    FeedSnapshot<StationStatus> snapshot = status(oneStation("""
        "station_id": "first", "num_bikes_available": -1, "station_id": "a", "num_bikes_available": 5,
        "num_bikes_available_types": [{"mechanical": 1, "mechanical": 2}]"""));

    assertThat(snapshot.items())
        .containsExactly(new StationStatus("a", null, 5, 2, null, null, true, true, true, null));
  }

  @Test
  void eachBadValueIsRejectedWithTheReasonItAlwaysHad() throws Exception {
    assertThat(reason(oneStation("\"num_bikes_available\": 3"))).isEqualTo("missing station_id");
    assertThat(reason(oneStation("\"station_id\": \"  \", \"num_bikes_available\": 3")))
        .isEqualTo("station_id is empty");
    assertThat(reason(oneStation("\"station_id\": {\"id\": 1}, \"num_bikes_available\": 3")))
        .isEqualTo("station_id is not a string or integer: {\"id\":1}");
    assertThat(reason(oneStation("\"station_id\": true, \"num_bikes_available\": 3")))
        .isEqualTo("station_id is not a string or integer: true");
    assertThat(reason(oneStation("\"station_id\": \"a\"")))
        .isEqualTo("missing num_bikes_available (or num_vehicles_available)");
    assertThat(reason(oneStation("\"station_id\": \"a\", \"num_vehicles_available\": -4")))
        .isEqualTo("num_vehicles_available is negative: -4");
    assertThat(reason(oneStation("\"station_id\": \"a\", \"num_bikes_available\": 3000000000")))
        .isEqualTo("num_bikes_available is too large: 3000000000");
    assertThat(reason(oneStation("\"station_id\": \"a\", \"num_bikes_available\": 2.5")))
        .isEqualTo("num_bikes_available is not a whole number: 2.5");
    assertThat(reason(oneStation("\"station_id\": \"a\", \"num_bikes_available\": \"-7\"")))
        .isEqualTo("num_bikes_available is negative: -7");
    assertThat(reason(oneStation(
            "\"station_id\": \"a\", \"num_bikes_available\": 1, \"num_docks_available\": []")))
        .isEqualTo("num_docks_available is not a whole number: []");
    assertThat(reason(oneStation(
            "\"station_id\": \"a\", \"num_bikes_available\": 1, \"is_renting\": \"yes\"")))
        .isEqualTo("is_renting is not a boolean or 0/1: \"yes\"");
    assertThat(reason(
            oneStation("\"station_id\": \"a\", \"num_bikes_available\": 1, \"is_returning\": 2")))
        .isEqualTo("is_returning is not a boolean or 0/1: 2");
    assertThat(reason(oneStation(
            "\"station_id\": \"a\", \"num_bikes_available\": 1, \"last_reported\": \"soon\"")))
        .isEqualTo("last_reported is not POSIX seconds or an RFC 3339 date-time: \"soon\"");
    assertThat(reason(
            oneStation("\"station_id\": \"a\", \"num_bikes_available\": 1, \"last_reported\": -1")))
        .isEqualTo("last_reported is not POSIX seconds or an RFC 3339 date-time: -1");
    assertThat(reason(
            oneStation("\"station_id\": \"a\", \"num_bikes_available\": 1, \"stationCode\": [1]")))
        .isEqualTo("stationCode is not text: [1]");
  }

  @Test
  void badBreakdownsAreRejectedWithTheReasonTheyAlwaysHad() throws Exception {
    String bikes = "\"station_id\": \"a\", \"num_bikes_available\": 1, ";
    assertThat(reason(oneStation(bikes + "\"vehicle_types_available\": {\"mech\": 1}")))
        .isEqualTo("vehicle_types_available is not a list: {\"mech\":1}");
    assertThat(reason(
            oneStation(bikes + "\"vehicle_types_available\": [{\"vehicle_type_id\": \"mech\"}]")))
        .isEqualTo("vehicle_types_available entry without count: {\"vehicle_type_id\":\"mech\"}");
    assertThat(reason(oneStation(bikes + "\"vehicle_types_available\": [{\"count\": 1}]")))
        .isEqualTo("missing vehicle_type_id");
    assertThat(reason(oneStation(bikes + "\"vehicle_types_available\": [\"mech\"]")))
        .isEqualTo("missing vehicle_type_id");
    assertThat(reason(oneStation(bikes + "\"num_bikes_available_types\": \"mechanical\"")))
        .isEqualTo("num_bikes_available_types is not a list: \"mechanical\"");
    assertThat(reason(oneStation(bikes + "\"num_bikes_available_types\": [[{\"ebike\": 1}]]")))
        .isEqualTo("num_bikes_available_types entry is not an object: [{\"ebike\":1}]");
    assertThat(reason(oneStation(bikes + "\"num_bikes_available_types\": [{\"ebike\": null}]")))
        .isEqualTo("num_bikes_available_types.ebike is not a whole number: null");
    assertThat(reason(oneStation(bikes + "\"num_bikes_available_types\": [{\" Mechanical\": -1}]")))
        .isEqualTo("num_bikes_available_types.mechanical is negative: -1");
  }

  @Test
  void entriesThatAreNotObjectsAreRejectedWithTheirKindAndTheRestIsRead() throws Exception {
    FeedSnapshot<StationStatus> snapshot = status("""
        {"data": {"stations": ["x", 12, null, [1, {"a": 2}], true,
          {"station_id": "ok", "num_bikes_available": 1}]}}""");

    assertThat(snapshot.items()).extracting(StationStatus::stationId).containsExactly("ok");
    assertThat(snapshot.rejects())
        .extracting(RejectedItem::reason)
        .containsExactly(
            "entry is string, not an object",
            "entry is number, not an object",
            "entry is null, not an object",
            "entry is array, not an object",
            "entry is boolean, not an object");
    assertThat(snapshot.rejects())
        .extracting(RejectedItem::rawJson)
        .containsExactly("\"x\"", "12", "null", "[1,{\"a\":2}]", "true");
  }

  @Test
  void aRejectedEntryKeepsItsWholeJsonAmongGoodOnes() throws Exception {
    FeedSnapshot<StationStatus> snapshot = status("""
        {"data": {"stations": [{"station_id": "a", "num_bikes_available": 1},
          {"station_id": "b",   "num_bikes_available": -2, "note": "caf\\u00e9 \u00e9", "n": {"x": [1]}},
          {"station_id": "c", "num_bikes_available": 1}]}}""");

    assertThat(snapshot.items()).extracting(StationStatus::stationId).containsExactly("a", "c");
    assertThat(snapshot.rejects())
        .containsExactly(new RejectedItem(
            "{\"station_id\":\"b\",\"num_bikes_available\":-2,\"note\":\"café é\",\"n\":{\"x\":[1]}}",
            "num_bikes_available is negative: -2"));
  }

  @Test
  void aBodyWithAByteOrderMarkReadsTheSame() throws Exception {
    byte[] json = utf8("{\"data\":{\"stations\":[{\"station_id\":\"x\",\"num_bikes_available\":-1},"
        + "{\"station_id\":\"y\",\"num_bikes_available\":1}]}}");
    byte[] body = new byte[json.length + 3];
    body[0] = (byte) 0xEF;
    body[1] = (byte) 0xBB;
    body[2] = (byte) 0xBF;
    System.arraycopy(json, 0, body, 3, json.length);

    assertStatusSameAsTree(body, TYPES);
    FeedSnapshot<StationStatus> snapshot = GbfsParser.stationStatus(body, TYPES);
    assertThat(snapshot.items()).extracting(StationStatus::stationId).containsExactly("y");
    assertThat(snapshot.rejects())
        .extracting(RejectedItem::rawJson)
        .containsExactly("{\"station_id\":\"x\",\"num_bikes_available\":-1}");
  }

  @Test
  void bodiesThatAreNoFeedFailAsTheyAlwaysDid() {
    String[] bodies = {
      "",
      "   ",
      "null",
      "[]",
      "\"feed\"",
      "12",
      "{",
      "{\"data\":",
      "{\"data\":{\"stations\":[{\"station_id\":1",
      "{\"data\":{\"stations\":[]}} trailing",
      "{\"data\":{\"stations\":[]}} {}",
      "{\"data\":{\"stations\":[]}},",
      "{}",
      "{\"data\": null}",
      "{\"data\": []}",
      "{\"data\": \"x\"}",
      "{\"data\": {}}",
      "{\"data\": {\"stations\": null, \"bikes\": []}}",
      "{\"data\": {\"stations\": {}}}",
      "{\"data\": {\"stations\": \"none\"}}",
      "{\"data\": {\"stations\": 3}}",
      "{\"data\": {\"stations\": []}, \"data\": {\"bikes\": []}}",
      "{\"data\": {\"stations\": [], \"stations\": {}}}",
      "{\"last_updated\": \"yesterday\", \"data\": {\"stations\": []}}",
      "{\"last_updated\": -5, \"data\": {\"stations\": []}}",
      "{\"last_updated\": null, \"lastUpdatedOther\": [1], \"data\": {\"stations\": []}}",
      "{\"ttl\": \"x\", \"data\": {\"stations\": []}}",
      "{\"ttl\": -1, \"data\": {\"stations\": []}}",
      "{\"ttl\": 1, \"data\": {\"stations\": [{\"station_id\": \"a\", \"num_bikes_available\": 1,}]}}",
      "{\"data\": {\"stations\": [{\"station_id\": 01}]}}",
      "{\"data\": {\"stations\": [{\"station_id\": NaN}]}}",
      "<html><body>Bad gateway</body></html>",
    };
    for (String body : bodies) {
      Object outcome = assertStatusSameAsTree(utf8(body), TYPES);
      assertThat(outcome).as(body).isInstanceOf(String.class);
    }
    assertThatThrownBy(
            () -> GbfsParser.stationStatus(utf8("{\"data\":{\"stations\":[]}} {}"), TYPES))
        .isInstanceOf(FeedParseException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void invalidUtf8InASkippedFieldIsStillNotValidJson() {
    byte[] body = utf8(
        "{\"data\":{\"stations\":[{\"station_id\":\"a\",\"num_bikes_available\":1,\"x\":\"??\"}]}}");
    int at = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("??");
    body[at] = (byte) 0xC3;
    body[at + 1] = (byte) 0x28;

    Object outcome = assertStatusSameAsTree(body, TYPES);
    assertThat(outcome).asString().contains("not valid JSON");
  }

  @Test
  void headerValuesInTheirOtherSpellings() throws Exception {
    FeedSnapshot<StationStatus> snapshot = status("""
        {"last_updated": null, "lastUpdatedOther": "1760778556", "ttl": "60", "version": 2.1,
         "data": {"stations": []}}""");
    FeedSnapshot<StationStatus> blankVersion = status("""
        {"version": "  ", "ttl": null, "data": {"stations": []}}""");

    assertThat(snapshot.lastUpdated()).isEqualTo(Instant.ofEpochSecond(1760778556));
    assertThat(snapshot.ttlSeconds()).isEqualTo(60);
    assertThat(snapshot.version()).isEqualTo("2.1");
    assertThat(blankVersion.version()).isEqualTo("1.0");
    assertThat(blankVersion.ttlSeconds()).isZero();
  }

  @Test
  void informationFieldsInAnyOrderWithLocalizedNames() throws Exception {
    String json = """
        {"data": {"stations": [
          {"post_code": "H2X 1Y4", "capacity": 16, "lon": -73.568, "lat": 45.508,
           "short_name": [{"language": "en", "text": "MSS"}],
           "name": [{"text": "Main Street Station", "language": "en"}, {"text": "Gare principale", "language": "fr"},
                    {"text": "Hauptbahnhof", "language": "de"}, {"text": "ignored", "language": "fr"}, "not an object",
                    {"language": "it"}, {"text": "Stazione", "language": "it-IT"}],
           "station_id": "s1", "rental_uris": {"web": "https://x"}},
          {"station_id": 2, "name": [{"text": "Only", "language": "de"}], "lat": 45, "lon": 2, "stationCode": 12},
          {"station_id": "s3", "name": "  Plain  ", "short_name": [], "capacity": null},
          {"station_id": "s4", "name": [{"text": "No language"}, {"text": "English", "language": "en"}]}
        ]}}""";

    @SuppressWarnings("unchecked")
    FeedSnapshot<StationInformation> french =
        (FeedSnapshot<StationInformation>) assertInformationSameAsTree(utf8(json), "fr");
    @SuppressWarnings("unchecked")
    FeedSnapshot<StationInformation> italian =
        (FeedSnapshot<StationInformation>) assertInformationSameAsTree(utf8(json), "it");
    @SuppressWarnings("unchecked")
    FeedSnapshot<StationInformation> spanish =
        (FeedSnapshot<StationInformation>) assertInformationSameAsTree(utf8(json), "es");

    assertThat(french.items())
        .containsExactly(
            new StationInformation("s1", "MSS", "Gare principale", 45.508, -73.568, 16, "H2X 1Y4"),
            new StationInformation("2", "12", "Only", 45.0, 2.0, null, null),
            new StationInformation("s3", "s3", "Plain", null, null, null, null),
            new StationInformation("s4", "s4", "English", null, null, null, null));
    assertThat(italian.items().get(0).name()).isEqualTo("Stazione");
    assertThat(spanish.items().get(0).name()).isEqualTo("Main Street Station");
    assertThat(spanish.items().get(3).name()).isEqualTo("English");
  }

  @Test
  void badInformationEntriesAreRejectedWithTheReasonTheyAlwaysHad() throws Exception {
    String json = """
        {"data": {"stations": [
          {"station_id": "a", "lat": 91, "lon": 2},
          {"station_id": "b", "lat": 48, "lon": -181},
          {"station_id": "b2", "lat": -90.5, "lon": 2},
          {"station_id": "b3", "lat": 48, "lon": 180.5},
          {"station_id": "b4", "lat": -90, "lon": 180},
          {"station_id": "c", "lat": "north"},
          {"station_id": "d", "name": {"en": "x"}},
          {"station_id": "e", "capacity": -3},
          {"station_id": "f", "lat": "48.5", "lon": " 2.25 ", "name": 12, "short_name": 3.5},
          {"lat": 1}
        ]}}""";

    @SuppressWarnings("unchecked")
    FeedSnapshot<StationInformation> snapshot =
        (FeedSnapshot<StationInformation>) assertInformationSameAsTree(utf8(json), "en");

    assertThat(snapshot.items())
        .containsExactly(
            new StationInformation("b4", "b4", null, -90.0, 180.0, null, null),
            new StationInformation("f", "3.5", "12", 48.5, 2.25, null, null));
    assertThat(snapshot.rejects())
        .extracting(RejectedItem::reason)
        .containsExactly(
            "lat is out of range: 91.0",
            "lon is out of range: -181.0",
            "lat is out of range: -90.5",
            "lon is out of range: 180.5",
            "lat is not a number: \"north\"",
            "name is not text: {\"en\":\"x\"}",
            "capacity is negative: -3",
            "missing station_id");
  }

  @Test
  void stationStatusIsReadOverTheBytesAndOnlyOddEntriesGoTheTreeWay() throws Exception {
    byte[] velib = io.citypulse.sources.Fixtures.bytes("gbfs/velib/station_status.json");
    byte[] withBadEntries =
        io.citypulse.sources.Fixtures.bytes("gbfs/station_status_with_bad_entries.json");

    assertThat(GbfsParser.scanStatus(velib, VehicleTypes.NONE))
        .isEqualTo(GbfsTreeReader.stationStatus(velib, VehicleTypes.NONE));
    FeedSnapshot<StationStatus> scanned = GbfsParser.scanStatus(withBadEntries, VehicleTypes.NONE);
    assertThat(scanned)
        .as("bad entries do not send the whole body the tree way")
        .isNotNull()
        .isEqualTo(GbfsTreeReader.stationStatus(withBadEntries, VehicleTypes.NONE));
    assertThat(scanned.rejects()).hasSize(6);
    assertThat(GbfsParser.scanStatus(utf8("{\"data\":{\"stations\":[]}} x"), TYPES))
        .isNull();
    assertThat(
            GbfsParser.scanStatus(utf8("{\"data\":{\"stations\":[{\"station_id\":01}]}}"), TYPES))
        .isNull();
  }

  @Test
  void escapesAndNonAsciiTextAreReadAsJacksonDecodesThem() throws Exception {
    FeedSnapshot<StationStatus> snapshot = status("""
        {"data": {"stations": [
          {"station_id": "\\u0031\\/2", "num_bikes_available": 1, "note": "tab\\there \\"q\\" \\ud83d\\udeb2"},
          {"station_id": "Gare de l'Est \u00e9\u20ac\ud83d\udeb2", "stationCode": " \u00c9 ", "num_bikes_available": 2,
           "vehicle_types_available": [{"vehicle_type_id": "\\u006dech", "count": 1}], "caf\u00e9": "cr\u00e8me"},
          {"station_\\u0069d": "escaped name", "num_bikes_available": 3},
          {"station_id": "a", "num_bikes_available": 3, "num_bikes_available_types": [{"ebi\u212ae": 2}]}
        ]}}""");

    assertThat(snapshot.items())
        .extracting(StationStatus::stationId)
        .containsExactly("1/2", "Gare de l'Est \u00e9\u20ac\ud83d\udeb2", "escaped name", "a");
    assertThat(snapshot.items().get(1).stationCode()).isEqualTo("\u00c9");
    assertThat(snapshot.items().get(1).mechanical()).isEqualTo(1);
    assertThat(snapshot.items().get(3).ebike())
        .as("the Kelvin sign lower-cases to k")
        .isEqualTo(2);
  }

  @Test
  void malformedOrOverlongUtf8IsReadAsJacksonReadsIt() {
    // Jackson rejects some of these and decodes others its own way (0xC0 0xAF is '/' to it).
    byte[][] replacements = {
      {(byte) 0xC3, (byte) 0x28, 'x'},
      {(byte) 0x80, 'a', 'x'},
      {(byte) 0xC0, (byte) 0xAF, 'x'},
      {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF8, 'a', 'x'},
      {'\\', 'x', 'x'},
      {'\\', 'u', '1'},
      {0x01, 'a', 'x'},
      {'\n', 'a', 'x'},
      {(byte) 0xE2, (byte) 0x82, 'x'},
      {(byte) 0xC3, (byte) 0xA9, 'x'},
      {(byte) 0xE2, (byte) 0x82, (byte) 0xAC}
    };
    String[] templates = {
      "{\"data\":{\"stations\":[{\"station_id\":\"a\",\"num_bikes_available\":1,\"x\":\"???\"}]}}",
      "{\"data\":{\"stations\":[{\"station_id\":\"a???b\",\"num_bikes_available\":1}]}}",
      "{\"data\":{\"stations\":[{\"station_id\":\"a\",\"stationCode\":\"???\",\"num_bikes_available\":1}]}}"
    };
    int snapshots = 0;
    for (String template : templates) {
      int at = template.indexOf("???");
      for (byte[] replacement : replacements) {
        byte[] body = utf8(template);
        System.arraycopy(replacement, 0, body, at, 3);
        if (assertStatusSameAsTree(body, TYPES) instanceof FeedSnapshot) {
          snapshots++;
        }
      }
    }
    assertThat(snapshots).as("some of them are JSON to Jackson").isGreaterThan(6);
    String valid =
        "{\"data\":{\"stations\":[{\"station_id\":\"a\",\"num_bikes_available\":1,\"x\":\"??\"}]}}";
    byte[] utf16 = valid.replace("??", "ok").getBytes(java.nio.charset.StandardCharsets.UTF_16);
    assertThat(assertStatusSameAsTree(utf16, TYPES))
        .as("Jackson detects UTF-16")
        .isInstanceOf(FeedSnapshot.class);
  }

  @Test
  void vehicleTypeIdsAreLookedUpFromBytesAsFromStrings() {
    byte[] buffer = utf8("xxmechelecscootunknownmec");

    assertThat(TYPES.propulsion(buffer, 2, 4)).isEqualTo(Propulsion.MECHANICAL);
    assertThat(TYPES.propulsion(buffer, 6, 4)).isEqualTo(Propulsion.EBIKE);
    assertThat(TYPES.propulsion(buffer, 10, 5)).isEqualTo(Propulsion.OTHER);
    assertThat(TYPES.propulsion(buffer, 15, 7)).isNull();
    assertThat(TYPES.propulsion(buffer, 22, 3)).isNull();
    assertThat(VehicleTypes.NONE.propulsion(buffer, 2, 4)).isNull();

    List<VehicleType> many = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add(new VehicleType(
          "type" + i, "human", "bicycle", i % 2 == 0 ? Propulsion.MECHANICAL : Propulsion.EBIKE));
    }
    VehicleTypes large = VehicleTypes.of(many);
    byte[] ids = utf8("type37type8type40");
    assertThat(large.propulsion(ids, 0, 6))
        .isEqualTo(large.propulsion("type37"))
        .isEqualTo(Propulsion.EBIKE);
    assertThat(large.propulsion(ids, 6, 5)).isEqualTo(Propulsion.MECHANICAL);
    assertThat(large.propulsion(ids, 11, 6)).isNull();
  }
}
