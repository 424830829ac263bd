package io.citypulse.sources.gbfs;

import static io.citypulse.sources.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.StationInformation;
import io.citypulse.model.StationStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GbfsParserTest {

  @Test
  void velibStatusReadsBikeTypesByNameWhateverTheirOrder() throws Exception {
    FeedSnapshot<StationStatus> snapshot =
        GbfsParser.stationStatus(bytes("gbfs/velib/station_status.json"), VehicleTypes.NONE);

    assertThat(snapshot.rejects()).isEmpty();
    assertThat(snapshot.lastUpdated()).isEqualTo(Instant.ofEpochSecond(1760778556));
    assertThat(snapshot.ttlSeconds()).isEqualTo(3600);
    assertThat(snapshot.version()).isEqualTo("1.0");
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
            // listed as [{"ebike":5},{"mechanical":4}]
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
            // an unknown kind ("scooter") is ignored, not added to either count
            new StationStatus(
                "17278902806",
                "44015",
                2,
                2,
                0,
                18,
                false,
                false,
                false,
                Instant.ofEpochSecond(1476194185)));
  }

  @Test
  void velibInformationKeepsLargeIdsAsTextAndUsesStationCode() throws Exception {
    FeedSnapshot<StationInformation> snapshot =
        GbfsParser.stationInformation(bytes("gbfs/velib/station_information.json"), "fr");

    assertThat(snapshot.lastUpdated()).isEqualTo(Instant.ofEpochSecond(1760778679));
    assertThat(snapshot.items()).hasSize(3);
    assertThat(snapshot.items().get(0))
        .isEqualTo(new StationInformation(
            "213688169", "16107", "Benjamin Godard - Victor Hugo", 48.865983, 2.275725, 35, null));
    assertThat(snapshot.items().get(2).stationId()).isEqualTo("17278902806");
    assertThat(snapshot.items().get(2).stationCode()).isEqualTo("44015");
  }

  @Test
  void velibTypesAsOneObjectOrWithElectricSpellingAreReadByKey() throws Exception {
    String body = """
        {"last_updated": 1, "data": {"stations": [
          {"station_id": 1, "num_bikes_available": 3, "num_bikes_available_types": {"ebike": 2, "mechanical": 1}},
          {"station_id": 2, "num_bikes_available": 3, "num_bikes_available_types": [{"electric": 3}]}
        ]}}""";
    List<StationStatus> items =
        GbfsParser.stationStatus(utf8(body), VehicleTypes.NONE).items();

    assertThat(items.get(0).mechanical()).isEqualTo(1);
    assertThat(items.get(0).ebike()).isEqualTo(2);
    assertThat(items.get(1).ebike()).isEqualTo(3);
    assertThat(items.get(1).mechanical()).as("not listed: unknown, not zero").isNull();
  }

  @Test
  void gbfs1xHasNoBreakdownSoBikeKindsAreUnknown() throws Exception {
    FeedSnapshot<StationStatus> status =
        GbfsParser.stationStatus(bytes("gbfs/v1/station_status.json"), VehicleTypes.NONE);

    assertThat(status.version()).isEqualTo("1.1");
    assertThat(status.ttlSeconds()).isEqualTo(60);
    assertThat(status.items())
        .containsExactly(
            new StationStatus(
                "72",
                null,
                12,
                null,
                null,
                26,
                true,
                true,
                true,
                Instant.ofEpochSecond(1434054600)),
            new StationStatus(
                "79",
                null,
                0,
                null,
                null,
                33,
                true,
                false,
                true,
                Instant.ofEpochSecond(1434054610)));
  }

  @Test
  void gbfs1xInformationUsesShortNameElseStationIdAsCode() throws Exception {
    List<StationInformation> items = GbfsParser.stationInformation(
            bytes("gbfs/v1/station_information.json"), "en")
        .items();

    assertThat(items).extracting(StationInformation::stationCode).containsExactly("6926.01", "79");
    assertThat(items).extracting(StationInformation::postcode).containsOnlyNulls();
  }

  @Test
  void gbfs23CountsVehicleTypesByPropulsion() throws Exception {
    VehicleTypes types = VehicleTypes.of(
        GbfsParser.vehicleTypes(bytes("gbfs/v2/vehicle_types.json")).items());
    FeedSnapshot<StationStatus> status =
        GbfsParser.stationStatus(bytes("gbfs/v2/station_status.json"), types);

    assertThat(types.propulsion("abc123")).isEqualTo(Propulsion.MECHANICAL);
    assertThat(types.propulsion("def456")).isEqualTo(Propulsion.EBIKE);
    assertThat(types.propulsion("cargo1")).isEqualTo(Propulsion.EBIKE);
    assertThat(types.propulsion("scoot1"))
        .as("an electric scooter is no e-bike")
        .isEqualTo(Propulsion.OTHER);
    assertThat(types.propulsion("car1")).isEqualTo(Propulsion.OTHER);
    assertThat(status.version()).isEqualTo("2.3");
    // station1: abc123 x1 human, def456 x0, cargo1 x2 electric cargo bike, scoot1 x1 not a bike
    assertThat(status.items().get(0))
        .isEqualTo(new StationStatus(
            "station1", null, 4, 1, 2, 3, true, true, true, Instant.ofEpochSecond(1609866125)));
    // station2: order swapped, unknown9 is not in vehicle_types and counts for neither
    assertThat(status.items().get(1).mechanical()).isEqualTo(2);
    assertThat(status.items().get(1).ebike()).isEqualTo(4);
    assertThat(status.items().get(1).returning()).isFalse();
  }

  @Test
  void gbfs23WithoutVehicleTypesLeavesBreakdownUnknown() throws Exception {
    List<StationStatus> items = GbfsParser.stationStatus(
            bytes("gbfs/v2/station_status.json"), VehicleTypes.NONE)
        .items();

    assertThat(items).extracting(StationStatus::mechanical).containsOnlyNulls();
    assertThat(items).extracting(StationStatus::ebike).containsOnlyNulls();
  }

  @Test
  void gbfs23InformationCarriesPostcode() throws Exception {
    List<StationInformation> items = GbfsParser.stationInformation(
            bytes("gbfs/v2/station_information.json"), "fr")
        .items();

    assertThat(items.get(0))
        .isEqualTo(new StationInformation(
            "station1", "BUT", "Parc des Buttes", 48.8809, 2.3828, 10, "75019"));
    assertThat(items.get(1).postcode()).isEqualTo("75013");
  }

  @Test
  void gbfs30ReadsRfc3339TimesAndVehicleCounts() throws Exception {
    VehicleTypes types = VehicleTypes.of(
        GbfsParser.vehicleTypes(bytes("gbfs/v3/vehicle_types.json")).items());
    FeedSnapshot<StationStatus> status =
        GbfsParser.stationStatus(bytes("gbfs/v3/station_status.json"), types);

    assertThat(status.lastUpdated()).isEqualTo(Instant.parse("2023-07-17T11:34:13Z"));
    assertThat(status.version()).isEqualTo("3.0");
    assertThat(status.items())
        .containsExactly(
            new StationStatus(
                "station1",
                null,
                1,
                1,
                0,
                3,
                true,
                true,
                true,
                Instant.parse("2023-07-17T11:34:13Z")),
            new StationStatus(
                "station2",
                null,
                6,
                2,
                4,
                8,
                true,
                true,
                true,
                Instant.parse("2023-07-17T11:30:00Z")));
  }

  @Test
  void gbfs30LocalizedNamesPickPreferredLanguageElseEnglishElseFirst() throws Exception {
    byte[] body = bytes("gbfs/v3/station_information.json");

    List<StationInformation> french = GbfsParser.stationInformation(body, "fr").items();
    List<StationInformation> german =
        GbfsParser.stationInformation(body, "de-DE").items();
    List<StationInformation> italian = GbfsParser.stationInformation(body, "it").items();

    assertThat(french)
        .extracting(StationInformation::name)
        .containsExactly("Gare de la rue principale", "Central Station");
    assertThat(german)
        .extracting(StationInformation::name)
        .containsExactly("Main Street Station", "Hauptbahnhof");
    assertThat(italian)
        .extracting(StationInformation::name)
        .containsExactly("Main Street Station", "Central Station");
    assertThat(french.get(0).stationCode()).isEqualTo("MSS");
    assertThat(french.get(1).stationCode()).isEqualTo("station2");
    assertThat(french.get(0).postcode()).isEqualTo("H2X 1Y4");
  }

  @Test
  void badStationsAreRejectedWithReasonAndTheRestIsRead() throws Exception {
    FeedSnapshot<StationStatus> snapshot = GbfsParser.stationStatus(
        bytes("gbfs/station_status_with_bad_entries.json"), VehicleTypes.NONE);

    assertThat(snapshot.items())
        .extracting(StationStatus::stationId)
        .containsExactly("1001", "1008");
    assertThat(snapshot.items().get(1))
        .isEqualTo(new StationStatus(
            "1008",
            null,
            0,
            null,
            null,
            12,
            true,
            false,
            false,
            Instant.parse("2025-10-18T09:15:00Z")));
    assertThat(snapshot.rejects())
        .extracting(RejectedItem::reason)
        .containsExactly(
            "missing station_id",
            "num_bikes_available is not a whole number: \"three\"",
            "num_bikes_available is negative: -2",
            "is_installed is not a boolean or 0/1: 2",
            "num_bikes_available_types.mechanical is not a whole number: \"x\"",
            "entry is string, not an object");
    assertThat(snapshot.rejects().get(1).rawJson()).contains("\"station_id\":1003");
  }

  @Test
  void missingFlagsMeanInServiceAndMissingLastReportedIsNull() throws Exception {
    String body = """
        {"data": {"stations": [{"station_id": "a", "num_bikes_available": 1}]}}""";
    FeedSnapshot<StationStatus> snapshot = GbfsParser.stationStatus(utf8(body), VehicleTypes.NONE);

    assertThat(snapshot.lastUpdated()).isNull();
    assertThat(snapshot.ttlSeconds()).isZero();
    assertThat(snapshot.items())
        .containsExactly(new StationStatus("a", null, 1, null, null, null, true, true, true, null));
  }

  @Test
  void millisecondTimestampsAreRecognised() throws Exception {
    String body = """
        {"last_updated": 1760778556000, "data": {"stations": [
          {"station_id": "a", "num_bikes_available": 1, "last_reported": 1760778500000}]}}""";
    FeedSnapshot<StationStatus> snapshot = GbfsParser.stationStatus(utf8(body), VehicleTypes.NONE);

    assertThat(snapshot.lastUpdated()).isEqualTo(Instant.ofEpochSecond(1760778556));
    assertThat(snapshot.items().get(0).lastReported()).isEqualTo(Instant.ofEpochSecond(1760778500));
  }

  @Test
  void truncatedBodyIsAFeedParseExceptionNamingFeedAndPosition() {
    byte[] whole = bytes("gbfs/velib/station_status.json");
    byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

    assertThatThrownBy(() -> GbfsParser.stationStatus(truncated, VehicleTypes.NONE))
        .isInstanceOf(FeedParseException.class)
        .hasMessageStartingWith("station_status: body is not valid JSON (Unexpected end-of-input")
        .hasMessageContaining("line ")
        .satisfies(
            e -> assertThat(((FeedParseException) e).excerpt()).isNotBlank().hasSizeLessThan(130));
  }

  @Test
  void bodiesThatAreNotFeedsAreFeedParseExceptions() {
    assertThatThrownBy(() -> GbfsParser.stationStatus(new byte[0], VehicleTypes.NONE))
        .isInstanceOf(FeedParseException.class)
        .hasMessage("station_status: empty body");
    assertThatThrownBy(() -> GbfsParser.stationStatus(
            utf8("<html><body>Bad gateway</body></html>"), VehicleTypes.NONE))
        .isInstanceOf(FeedParseException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("<html>");
    assertThatThrownBy(() -> GbfsParser.stationStatus(utf8("[1,2]"), VehicleTypes.NONE))
        .isInstanceOf(FeedParseException.class)
        .hasMessageContaining("expected a JSON object, found array");
    assertThatThrownBy(() -> GbfsParser.stationInformation(utf8("{\"data\":{\"bikes\":[]}}"), "en"))
        .isInstanceOf(FeedParseException.class)
        .hasMessageContaining(
            "station_information: no 'data.stations' list (fields of data: [bikes])");
    assertThatThrownBy(() -> GbfsParser.stationStatus(
            utf8("{\"data\":{\"stations\":[]}} trailing"), VehicleTypes.NONE))
        .isInstanceOf(FeedParseException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> GbfsParser.stationStatus(
            utf8("{\"last_updated\":\"yesterday\",\"data\":{\"stations\":[]}}"), VehicleTypes.NONE))
        .isInstanceOf(FeedParseException.class)
        .hasMessageContaining("last_updated is not POSIX seconds");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
