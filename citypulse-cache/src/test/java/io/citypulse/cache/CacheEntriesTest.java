package io.citypulse.cache;

import static io.citypulse.cache.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheEntriesTest {

  @Test
  void stationFieldsAreTheRecordsJsonFieldsAsStringsWithoutNulls() {
    StationRecord record = Records.station("16107", 12, T0, T0.plusSeconds(30));

    CacheEntry entry = CacheEntries.of(record);

    assertThat(entry.kind()).isEqualTo(CacheKind.STATION);
    assertThat(entry.key()).isEqualTo("velib:16107");
    assertThat(entry.eventTime()).isEqualTo(T0);
    assertThat(entry.fetchedAt()).isEqualTo(T0.plusSeconds(30));
    assertThat(entry.json()).isEqualTo(Json.writeString(record));
    assertThat(entry.fields())
        .containsExactly(
            java.util.Map.entry("system", "velib"),
            java.util.Map.entry("station_code", "16107"),
            java.util.Map.entry("station_id", "id-16107"),
            java.util.Map.entry("name", "Station 16107"),
            java.util.Map.entry("lat", "48.8566"),
            java.util.Map.entry("lon", "2.3522"),
            java.util.Map.entry("capacity", "30"),
            java.util.Map.entry("postcode", "75004"),
            java.util.Map.entry("commune", "Paris"),
            java.util.Map.entry("bikes_available", "12"),
            java.util.Map.entry("mechanical", "8"),
            java.util.Map.entry("ebike", "4"),
            java.util.Map.entry("docks_available", "18"),
            java.util.Map.entry("is_installed", "true"),
            java.util.Map.entry("is_renting", "true"),
            java.util.Map.entry("is_returning", "true"),
            java.util.Map.entry("last_reported", "2026-03-01T08:00:00Z"),
            java.util.Map.entry("fetched_at", "2026-03-01T08:00:30Z"));
  }

  @Test
  void aStationWithoutLastReportedHappenedWhenFetchedAndNullFieldsAreLeftOut() {
    StationRecord record = new StationRecord(
        "citibike",
        "72",
        "72",
        null,
        null,
        null,
        null,
        "10001",
        null,
        3,
        null,
        null,
        5,
        true,
        true,
        false,
        null,
        T0.plusSeconds(60));

    CacheEntry entry = CacheEntries.of(record);

    assertThat(entry.key()).isEqualTo("citibike:72");
    assertThat(entry.eventTime()).isEqualTo(T0.plusSeconds(60));
    assertThat(entry.fields())
        .doesNotContainKeys("name", "lat", "lon", "capacity", "commune", "mechanical", "ebike")
        .doesNotContainKey("last_reported")
        .containsEntry("is_returning", "false")
        .containsEntry("fetched_at", "2026-03-01T08:01:00Z");
  }

  @Test
  void aStationWithNoTimeAtAllCannotBeCached() {
    StationRecord record = Records.station("1", 1, T0, null);
    StationRecord timeless = new StationRecord(
        record.system(),
        record.stationCode(),
        record.stationId(),
        record.name(),
        record.lat(),
        record.lon(),
        record.capacity(),
        record.postcode(),
        record.commune(),
        record.bikesAvailable(),
        record.mechanical(),
        record.ebike(),
        record.docksAvailable(),
        true,
        true,
        true,
        null,
        null);

    assertThatThrownBy(() -> CacheEntries.of(timeless))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the station velib:1 has no event time");
  }

  @Test
  void postcodeTotalsAreKeyedByPostcodeOrBySystemAndPostcode() {
    PostcodeAvailability single = Records.postcode("75004", 20, T0);
    PostcodeAvailability ofSystem =
        new PostcodeAvailability("75004", "Paris", 3, 20, 18L, 2L, 70, 90, T0, 0L, "velib");

    CacheEntry singleEntry = CacheEntries.of(single);
    CacheEntry systemEntry = CacheEntries.of(ofSystem);

    assertThat(singleEntry.kind()).isEqualTo(CacheKind.POSTCODE);
    assertThat(singleEntry.key()).isEqualTo("75004");
    assertThat(singleEntry.eventTime()).isEqualTo(T0);
    assertThat(singleEntry.fetchedAt()).isNull();
    assertThat(singleEntry.fields()).doesNotContainKey("system").containsEntry("stations", "3");
    assertThat(systemEntry.key()).isEqualTo("velib:75004");
    assertThat(systemEntry.fields()).containsEntry("system", "velib");
  }

  @Test
  void weatherIsKeyedBySourceAndLocationAndHappenedWhenObserved() {
    WeatherFeatures record = Records.weather("paris", 7.5, T0);

    CacheEntry entry = CacheEntries.of(record);

    assertThat(entry.kind()).isEqualTo(CacheKind.WEATHER);
    assertThat(entry.key()).isEqualTo("open-meteo:paris");
    assertThat(entry.eventTime()).isEqualTo(T0);
    assertThat(entry.fields())
        .containsEntry("temperature_c", "7.5")
        .containsEntry("observed_at", "2026-03-01T08:00:00Z")
        .containsEntry("utc_offset_seconds", "3600")
        .doesNotContainKeys("wind_gust_ms", "heat_index");
  }

  @Test
  void ofAllDispatchesOnTheRecordTypeAndRejectsOthers() {
    List<CacheEntry> entries = CacheEntries.ofAll(List.of(
        Records.station("1", 1, T0),
        Records.postcode("75001", 4, T0),
        Records.weather("x", 1, T0)));

    assertThat(entries)
        .extracting(CacheEntry::kind)
        .containsExactly(CacheKind.STATION, CacheKind.POSTCODE, CacheKind.WEATHER);
    assertThatThrownBy(() -> CacheEntries.of("a string"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String");
  }

  @Test
  void anEntryCannotHaveAFieldTheCacheWritesItself() {
    assertThatThrownBy(() ->
            new CacheEntry(CacheKind.STATION, "velib:1", T0, java.util.Map.of("json", "{}"), "{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("json");
  }
}
