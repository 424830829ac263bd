package io.citypulse.dashboard.state;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import java.time.Instant;

/** Small records for dashboard tests. */
public final class Fixtures {
  private Fixtures() {}

  public static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  public static StationRecord station(
      String code,
      int mechanical,
      int ebike,
      Integer docks,
      Integer capacity,
      Instant lastReported) {
    return new StationRecord(
        "velib",
        code,
        "id-" + code,
        "Station " + code,
        48.86,
        2.35,
        capacity,
        "75001",
        "Paris",
        mechanical + ebike,
        mechanical,
        ebike,
        docks,
        true,
        true,
        true,
        lastReported,
        lastReported == null ? null : lastReported.plusSeconds(5));
  }

  public static PostcodeAvailability postcode(
      String postcode, long mechanical, long ebike, Instant updatedAt) {
    return new PostcodeAvailability(
        postcode, "Paris", 3, mechanical + ebike, mechanical, ebike, 10, 40, updatedAt, 0L);
  }

  /** A postcode none of whose stations gives a breakdown by propulsion (GBFS 1.x). */
  public static PostcodeAvailability untypedPostcode(
      String postcode, long bikes, Instant updatedAt) {
    return new PostcodeAvailability(
        postcode, "Paris", 3, bikes, null, null, 10, 40, updatedAt, bikes);
  }

  /** A station of a feed that gives no breakdown by propulsion: only its bike count. */
  public static StationRecord untypedStation(String code, int bikes, Instant lastReported) {
    return new StationRecord(
        "velib",
        code,
        "id-" + code,
        "Station " + code,
        48.86,
        2.35,
        20,
        "75001",
        "Paris",
        bikes,
        null,
        null,
        20 - bikes,
        true,
        true,
        true,
        lastReported,
        lastReported.plusSeconds(5));
  }

  public static WeatherFeatures weather(String location, double temperature, Instant observedAt) {
    return new WeatherFeatures(
        location,
        "Paris",
        "FR",
        48.85,
        2.35,
        observedAt,
        "2026-11-24T11:00:00",
        3600,
        "morning",
        "open-meteo",
        temperature,
        temperature - 2,
        80.0,
        1015.0,
        3.0,
        200.0,
        6.0,
        75.0,
        0.2,
        "3",
        "overcast",
        null,
        1.5,
        4.0,
        "comfortable",
        8.0,
        2,
        null,
        null,
        1);
  }
}
