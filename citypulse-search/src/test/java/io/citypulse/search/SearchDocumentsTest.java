package io.citypulse.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SearchDocumentsTest {
  private static final Instant REPORTED = Instant.parse("2026-12-06T10:15:00Z");

  @Test
  void aStationDocumentIsItsRecordWithKeyTimestampAndGeoPoint() throws Exception {
    SearchDocument doc =
        SearchDocuments.of(Samples.station("16107", 12, REPORTED), IndexNaming.DEFAULT);

    assertThat(doc.stream()).isEqualTo(SearchStream.STATIONS);
    assertThat(doc.index()).isEqualTo("citypulse-stations-2026.12.06");
    assertThat(doc.id()).isEqualTo("velib:16107@2026-12-06T10:15:00Z");
    assertThat(Json.MAPPER.readTree(doc.json())).isEqualTo(Json.MAPPER.readTree("""
            {"key":"velib:16107","@timestamp":"2026-12-06T10:15:00Z","system":"velib",
             "station_code":"16107","station_id":"id-16107","name":"Station 16107",
             "lat":48.8566,"lon":2.3522,"capacity":30,"postcode":"75004","commune":"Paris",
             "bikes_available":12,"mechanical":10,"ebike":2,"docks_available":18,
             "is_installed":true,"is_renting":true,"is_returning":false,
             "last_reported":"2026-12-06T10:15:00Z","fetched_at":"2026-12-06T10:15:05Z",
             "geo_location":{"lat":48.8566,"lon":2.3522}}
            """));
  }

  @Test
  void theSameRecordAlwaysGetsTheSameIdAndIndexAndALaterStateANewOne() {
    StationRecord first = Samples.station("16107", 12, REPORTED);
    SearchDocument once = SearchDocuments.of(first, IndexNaming.DEFAULT);
    SearchDocument again = SearchDocuments.of(first, IndexNaming.DEFAULT);
    SearchDocument later = SearchDocuments.of(
        Samples.station("16107", 11, REPORTED.plusSeconds(60)), IndexNaming.DEFAULT);

    assertThat(again).isEqualTo(once);
    assertThat(later.id()).isEqualTo("velib:16107@2026-12-06T10:16:00Z");
    assertThat(later.index()).isEqualTo(once.index());
  }

  @Test
  void aStationWithoutLastReportedIsTimedByItsFetchAndOneWithNeitherIsRefused() {
    Instant fetched = Instant.parse("2026-12-06T10:20:00Z");
    StationRecord s = Samples.station("1", 3, REPORTED);
    StationRecord noReport = withTimes(s, null, fetched);
    SearchDocument doc = SearchDocuments.of(noReport, IndexNaming.DEFAULT);
    assertThat(doc.id()).isEqualTo("velib:1@2026-12-06T10:20:00Z");
    assertThat(doc.json())
        .contains("\"@timestamp\":\"2026-12-06T10:20:00Z\"")
        .doesNotContain("last_reported");

    StationRecord noTime = withTimes(s, null, null);
    assertThatThrownBy(() -> SearchDocuments.of(noTime, IndexNaming.DEFAULT))
        .hasMessageContaining("velib:1")
        .hasMessageContaining("neither last_reported nor fetched_at");
  }

  @Test
  void aStationWithoutValidCoordinatesIsIndexedWithoutAPlace() throws Exception {
    StationRecord unknownPlace = new StationRecord(
        "velib", "9", "9", null, null, null, null, "UNKNOWN", null, 1, null, null, null, true, true,
        true, REPORTED, REPORTED);
    JsonNode json = Json.MAPPER.readTree(
        SearchDocuments.of(unknownPlace, IndexNaming.DEFAULT).json());
    assertThat(json.has("geo_location")).isFalse();
    assertThat(json.has("name")).isFalse(); // nulls are left out, as missing
    assertThat(json.get("postcode").asText()).isEqualTo("UNKNOWN");

    StationRecord outOfRange = new StationRecord(
        "velib", "9", "9", "x", 123.0, 2.0, null, "75001", null, 1, null, null, null, true, true,
        true, REPORTED, REPORTED);
    assertThat(SearchDocuments.of(outOfRange, IndexNaming.DEFAULT).json())
        .doesNotContain("geo_location")
        .contains("\"lat\":123.0");
  }

  @Test
  void postcodeTotalsAreKeyedByAreaOrBySystemAndAreaAndTimedByTheirUpdate() throws Exception {
    PostcodeAvailability one = Samples.postcode("75004", 40, REPORTED, null);
    PostcodeAvailability perSystem = Samples.postcode("75004", 40, REPORTED, "velib");

    SearchDocument doc = SearchDocuments.of(one, IndexNaming.DEFAULT);
    assertThat(doc.index()).isEqualTo("citypulse-postcodes-2026.12.06");
    assertThat(doc.id()).isEqualTo("75004@2026-12-06T10:15:00Z");
    assertThat(Json.MAPPER.readTree(doc.json())).isEqualTo(Json.MAPPER.readTree("""
            {"key":"75004","@timestamp":"2026-12-06T10:15:00Z","postcode":"75004",
             "commune":"Paris","stations":4,"bikes_available":40,"mechanical":37,"ebike":3,
             "docks_available":40,"capacity":80,"updated_at":"2026-12-06T10:15:00Z",
             "untyped_bikes":0}
            """));
    assertThat(SearchDocuments.of(perSystem, IndexNaming.DEFAULT).id())
        .isEqualTo("velib:75004@2026-12-06T10:15:00Z");
    assertThat(SearchDocuments.of(perSystem, IndexNaming.DEFAULT).json())
        .contains("\"system\":\"velib\"");
  }

  @Test
  void weatherKeepsItsLocationNameAndGetsItsPlaceAsGeoLocation() throws Exception {
    WeatherFeatures weather = Samples.weather("paris", 7.5, REPORTED);
    SearchDocument doc =
        SearchDocuments.of(weather, new IndexNaming("citypulse", IndexPeriod.MONTH));

    assertThat(doc.index()).isEqualTo("citypulse-weather-2026.12");
    assertThat(doc.id()).isEqualTo("open-meteo:paris@2026-12-06T10:15:00Z");
    JsonNode json = Json.MAPPER.readTree(doc.json());
    assertThat(json.get("location").asText()).isEqualTo("paris");
    assertThat(json.get("geo_location"))
        .isEqualTo(Json.MAPPER.readTree("{\"lat\":48.85,\"lon\":2.35}"));
    assertThat(json.get("heat_index").asDouble()).isEqualTo(7.8);
    assertThat(json.get("local_time").asText()).isEqualTo("2026-12-06T11:15:00");
  }

  @Test
  void nonFiniteNumbersAreLeftOutBecauseTheEnginesRefuseThem() {
    WeatherFeatures w = Samples.weather("paris", Double.NaN, REPORTED);
    String json = SearchDocuments.of(w, IndexNaming.DEFAULT).json();
    assertThat(json)
        .doesNotContain("\"temperature_c\":")
        .doesNotContain("NaN")
        .contains("humidity_pct");
  }

  @Test
  void anIdTooLongForTheEnginesIsReplacedByAStableHashOfTheKey() {
    String longKey = "velib:" + "x".repeat(600);
    String id = SearchDocuments.id(longKey, REPORTED);
    assertThat(id).startsWith("sha256:").endsWith("@2026-12-06T10:15:00Z").hasSizeLessThan(120);
    assertThat(SearchDocuments.id(longKey, REPORTED)).isEqualTo(id);
  }

  /** The same station with other report and fetch times. */
  private static StationRecord withTimes(StationRecord s, Instant lastReported, Instant fetchedAt) {
    return new StationRecord(
        s.system(),
        s.stationCode(),
        s.stationId(),
        s.name(),
        s.lat(),
        s.lon(),
        s.capacity(),
        s.postcode(),
        s.commune(),
        s.bikesAvailable(),
        s.mechanical(),
        s.ebike(),
        s.docksAvailable(),
        s.installed(),
        s.renting(),
        s.returning(),
        lastReported,
        fetchedAt);
  }
}
