package io.citypulse.sources.gbfs;

import static io.citypulse.sources.gbfs.TreeOracle.assertInformationSameAsTree;
import static io.citypulse.sources.gbfs.TreeOracle.assertStatusSameAsTree;
import static io.citypulse.sources.gbfs.TreeOracle.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.StationInformation;
import io.citypulse.model.StationStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What real operators ship, one convention per test, in small feeds written for these tests in
 * the shape of captured real ones (Lyft/Motivate, PBSC, BCycle, urbansharing, Entur, Social
 * Bicycles, GBFS 3.0 publishers). Each body is read by both station_status paths, which must
 * agree ({@link TreeOracle}). The same conventions are checked on the real captures by
 * {@code GbfsCorpusTest} when a corpus directory is given.
 */
class OperatorConventionsTest {

  private static List<StationStatus> status(String json, VehicleTypes types) throws Exception {
    byte[] body = utf8(json);
    assertStatusSameAsTree(body, types);
    FeedSnapshot<StationStatus> snapshot = GbfsParser.stationStatus(body, types);
    assertThat(snapshot.rejects()).as("rejects").isEmpty();
    return snapshot.items();
  }

  private static List<StationStatus> status(String json) throws Exception {
    return status(json, VehicleTypes.NONE);
  }

  private static VehicleTypes types(String json) throws Exception {
    return VehicleTypes.of(GbfsParser.vehicleTypes(utf8(json)).items());
  }

  @Test
  void lyftCountsEbikesBesideAllBikesSoTheRestAreMechanical() throws Exception {
    // Citi Bike / Bay Wheels / Divvy / BIXI (unversioned, 2019-2025): no typed lists, 0/1 flags,
    // vendor fields.
    List<StationStatus> stations = status("""
        {"last_updated":1689793616,"ttl":5,"data":{"stations":[
          {"station_id":"003d58af","legacy_id":"3","num_bikes_available":15,"num_ebikes_available":4,
           "num_bikes_disabled":1,"num_docks_available":11,"num_docks_disabled":0,
           "num_scooters_available":0,"num_scooters_unavailable":0,"is_installed":1,"is_renting":1,
           "is_returning":1,"eightd_has_available_keys":false,"station_status":"active",
           "last_reported":1689793606},
          {"station_id":"72","num_bikes_available":0,"num_ebikes_available":0,"num_docks_available":55,
           "is_installed":1,"is_renting":0,"is_returning":1,"last_reported":1580261077}]}}""");

    assertThat(stations)
        .extracting(
            StationStatus::stationId,
            StationStatus::bikesAvailable,
            StationStatus::mechanical,
            StationStatus::ebike,
            StationStatus::docksAvailable,
            StationStatus::renting)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("003d58af", 15, 11, 4, 11, true),
            org.assertj.core.groups.Tuple.tuple("72", 0, 0, 0, 55, false));
  }

  @Test
  void lyftWithVehicleTypesCountsByPropulsionAndLeavesScootersOut() throws Exception {
    // Divvy 2.3 (2025): vehicle_types_available lists a scooter type that num_bikes_available
    // does not count; num_ebikes_available is there too and agrees.
    VehicleTypes types = types("""
        {"last_updated":1738144058,"ttl":60,"version":"2.3","data":{"vehicle_types":[
          {"vehicle_type_id":"1","form_factor":"bicycle","propulsion_type":"human"},
          {"vehicle_type_id":"2","form_factor":"bicycle","propulsion_type":"electric_assist"},
          {"vehicle_type_id":"3","form_factor":"scooter","propulsion_type":"electric"}]}}""");
    List<StationStatus> stations = status("""
        {"last_updated":1738144060,"ttl":60,"version":"2.3","data":{"stations":[
          {"station_id":"1955905507044284968","num_bikes_available":3,"num_ebikes_available":1,
           "num_scooters_available":3,"num_docks_available":4,"is_installed":1,"is_renting":1,
           "is_returning":1,"last_reported":1738143909,"vehicle_types_available":[
             {"count":2,"vehicle_type_id":"1"},{"count":1,"vehicle_type_id":"2"},
             {"count":3,"vehicle_type_id":"3"}]}]}}""", types);

    StationStatus station = stations.get(0);
    assertThat(station.bikesAvailable()).isEqualTo(3);
    assertThat(station.mechanical()).isEqualTo(2);
    assertThat(station.ebike()).isEqualTo(1);
  }

  @Test
  void moreEbikesThanBikesLeavesTheMechanicalCountUnknown() throws Exception {
    StationStatus station = status("""
        {"last_updated":1,"ttl":5,"data":{"stations":[
          {"station_id":"9","num_bikes_available":2,"num_ebikes_available":5,
           "num_docks_available":1,"last_reported":1}]}}""").get(0);

    assertThat(station.mechanical()).isNull();
    assertThat(station.ebike()).isEqualTo(5);
  }

  @Test
  void anUnreadableVendorCountCostsTheDetailNotTheStation() throws Exception {
    StationStatus station = status("""
        {"last_updated":1,"ttl":5,"data":{"stations":[
          {"station_id":"9","num_bikes_available":2,"num_ebikes_available":"n/a",
           "num_docks_available":1,"last_reported":1}]}}""").get(0);

    assertThat(station.bikesAvailable()).isEqualTo(2);
    assertThat(station.mechanical()).isNull();
    assertThat(station.ebike()).isNull();
  }

  @Test
  void pbscSendsIntegerIdsAndOneObjectOfKinds() throws Exception {
    // Bicing / Bike Share Toronto: station_id as a number, {"mechanical":n,"ebike":m}.
    StationStatus station = status("""
        {"last_updated":1622048916,"ttl":14,"data":{"stations":[
          {"station_id":1,"num_bikes_available":5,
           "num_bikes_available_types":{"mechanical":4,"ebike":1},"num_docks_available":38,
           "last_reported":1622048849,"is_charging_station":false,"status":"IN_SERVICE",
           "is_installed":1,"is_renting":1,"is_returning":1,"traffic":null}]}}""").get(0);

    assertThat(station.stationId()).isEqualTo("1");
    assertThat(station.mechanical()).isEqualTo(4);
    assertThat(station.ebike()).isEqualTo(1);
  }

  @Test
  void bcycleClassicAndSmartBikesArePedalBikes() throws Exception {
    // Boulder / Nashville / Cincinnati BCycle (1.1).
    StationStatus station = status("""
        {"last_updated":1633141672,"ttl":60,"version":"1.1","data":{"stations":[
          {"num_docks_available":3,"num_bikes_available":12,"last_reported":1633141672,
           "num_bikes_available_types":{"electric":7,"smart":2,"classic":3},
           "station_id":"bcycle_nashville_2162","is_installed":1,"is_renting":1,
           "is_returning":1}]}}""").get(0);

    assertThat(station.mechanical()).isEqualTo(5);
    assertThat(station.ebike()).isEqualTo(7);
  }

  @Test
  void urbansharingTypeIdsSayTheKindWhenNoVehicleTypesFeedIsServed() throws Exception {
    // Oslo Bysykkel 2.3 (2025): num_vehicles_available beside num_bikes_available, type ids
    // "bike" and "ebike", and no vehicle_types.json next to the status feed.
    StationStatus station = status("""
        {"last_updated":1743466320,"ttl":15,"version":"2.3","data":{"stations":[
          {"station_id":"5220","is_installed":true,"is_renting":true,"is_returning":true,
           "last_reported":1743466326,"num_vehicles_available":7,"num_bikes_available":7,
           "num_docks_available":13,"vehicle_types_available":[
             {"vehicle_type_id":"bike","count":4},{"vehicle_type_id":"ebike","count":3}]}]}}""").get(0);

    assertThat(station.bikesAvailable()).isEqualTo(7);
    assertThat(station.mechanical()).isEqualTo(4);
    assertThat(station.ebike()).isEqualTo(3);
  }

  @Test
  void anOpaqueTypeIdWithoutVehicleTypesLeavesTheKindsUnknown() throws Exception {
    // Entur's NeTEx-style ids name no kind: without vehicle_types.json nothing can be said.
    StationStatus station = status("""
        {"last_updated":1631258631,"ttl":61,"version":"2.2","data":{"stations":[
          {"station_id":"YLS:VehicleSharingParkingArea:3","num_bikes_available":10,
           "num_docks_available":10,"is_installed":true,"is_renting":true,"is_returning":true,
           "installed":true,"renting":true,"returning":true,"last_reported":1631258631,
           "vehicle_types_available":[{"vehicle_type_id":"YLS:VehicleType:CityBike","count":10}]}]}}""").get(0);

    assertThat(station.mechanical()).isNull();
    assertThat(station.ebike()).isNull();
  }

  @Test
  void enturTypeIdsResolveThroughTheirVehicleTypes() throws Exception {
    VehicleTypes types = types("""
        {"last_updated":1631259051,"ttl":15,"version":"2.2","data":{"vehicle_types":[
          {"vehicle_type_id":"YLS:VehicleType:CityBike","form_factor":"bicycle",
           "propulsion_type":"human"}]}}""");
    StationStatus station = status("""
        {"last_updated":1631258631,"ttl":61,"version":"2.2","data":{"stations":[
          {"station_id":"YLS:VehicleSharingParkingArea:3","num_bikes_available":10,
           "num_docks_available":10,"last_reported":1631258631,"vehicle_types_available":[
             {"vehicle_type_id":"YLS:VehicleType:CityBike","count":10}]}]}}""", types).get(0);

    assertThat(station.mechanical()).isEqualTo(10);
    assertThat(station.ebike()).isZero();
  }

  @Test
  void motivateFeedsWithoutAnyBreakdownSayUnknownNotZero() throws Exception {
    // Hubway 2017, Nice Ride 2016 (last_reported as a string), Helsinki (ids with leading zeros).
    List<StationStatus> stations = status("""
        {"last_updated":1473914245,"ttl":60,"data":{"stations":[
          {"station_id":"2","num_bikes_available":9,"num_bikes_disabled":0,"num_docks_available":18,
           "num_docks_disabled":0,"is_installed":1,"is_renting":1,"is_returning":1,
           "last_reported":"1473913730","eightd_has_available_keys":false},
          {"station_id":"001","num_bikes_available":2,"num_docks_available":29,"is_installed":1,
           "is_renting":1,"is_returning":1,"last_reported":1631517287}]}}""");

    assertThat(stations).extracting(StationStatus::stationId).containsExactly("2", "001");
    assertThat(stations).allSatisfy(s -> {
      assertThat(s.mechanical()).isNull();
      assertThat(s.ebike()).isNull();
    });
    assertThat(stations.get(0).lastReported()).isEqualTo(Instant.ofEpochSecond(1473913730));
  }

  @Test
  void onDemandStopsWithoutDocksKeepAnUnknownDockCount() throws Exception {
    StationStatus station = status("""
        {"last_updated":"2025-05-21T07:48:04.229881+00:00","ttl":60,"version":"3.0","data":{
          "stations":[{"station_id":"stop-1","num_vehicles_available":2,"is_installed":true,
          "is_renting":true,"is_returning":true,
          "last_reported":"2025-05-21T07:47:43.238893+00:00"}]}}""").get(0);

    assertThat(station.bikesAvailable()).isEqualTo(2);
    assertThat(station.docksAvailable()).isNull();
    assertThat(station.lastReported()).isEqualTo(Instant.parse("2025-05-21T07:47:43.238893Z"));
  }

  @Test
  void informationWithoutAnIdIsRejectedWithTheReasonAndTheOthersAreKept() throws Exception {
    // Helsinki (2021): one station's id is null, another's is empty; names null or empty.
    byte[] body = utf8("""
        {"last_updated":1631517662,"ttl":60,"data":{"stations":[
          {"station_id":"001","name":"Kaivopuisto","lat":60.155,"lon":24.950,"capacity":30},
          {"station_id":null,"name":"Hietalahdentori","lat":60.162,"lon":24.929,"capacity":24},
          {"station_id":"","name":"Designmuseo","lat":60.163,"lon":24.946},
          {"station_id":"008","name":null,"lat":60.161,"lon":24.939,"capacity":16},
          {"station_id":"009","name":"","lat":"60.158","lon":"24.944"}]}}""");
    assertInformationSameAsTree(body, "en");

    FeedSnapshot<StationInformation> snapshot = GbfsParser.stationInformation(body, "en");

    assertThat(snapshot.items())
        .extracting(StationInformation::stationId)
        .containsExactly("001", "008", "009");
    assertThat(snapshot.items())
        .extracting(StationInformation::capacity)
        .containsExactly(30, 16, null);
    assertThat(snapshot.rejects())
        .extracting(RejectedItem::reason)
        .containsExactly("missing station_id", "station_id is empty");
  }

  @Test
  void aFreeFloatingFeedGivenAsTheUrlIsRefusedSayingWhatItIs() {
    // Voi Marseille (2.3) and RideCheck Almere (3.0) publish vehicles, not stations.
    for (String body : List.of(
        "{\"last_updated\":1,\"ttl\":0,\"version\":\"2.3\",\"data\":{\"bikes\":[{\"bike_id\":\"a\","
            + "\"lat\":43.3,\"lon\":5.4,\"is_reserved\":0,\"is_disabled\":0}]}}",
        "{\"last_updated\":\"2025-05-21T07:48:04+00:00\",\"ttl\":60,\"version\":\"3.0\","
            + "\"data\":{\"vehicles\":[]}}")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> GbfsDiscovery.parse(
              utf8(body), java.net.URI.create("http://127.0.0.1/free_bike_status.json"), "en"))
          .isInstanceOf(FeedParseException.class)
          .hasMessageContaining("free-floating vehicles")
          .hasMessageContaining("station_status.json URL");
    }
  }

  @Test
  void aDiscoveryFileWithoutStationsSaysTheSystemHasNothingToCount() {
    // A car-sharing or scooter system: vehicle feeds only.
    String body = "{\"last_updated\":1,\"ttl\":60,\"version\":\"2.3\",\"data\":{\"en\":{\"feeds\":["
        + "{\"name\":\"system_information\",\"url\":\"https://example.org/si.json\"},"
        + "{\"name\":\"free_bike_status\",\"url\":\"https://example.org/fbs.json\"}]}}}";
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> GbfsDiscovery.parse(
            utf8(body), java.net.URI.create("http://127.0.0.1/gbfs.json"), "en"))
        .isInstanceOf(FeedParseException.class)
        .hasMessageContaining("lists no station_status feed")
        .hasMessageContaining("free-floating");
  }
}
