package io.citypulse.storage.sink;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import java.time.Instant;

/** Small record builders for the sink tests. */
final class Records {
  static final Instant T0 = Instant.parse("2026-03-10T07:00:00Z");

  private Records() {}

  static PostcodeAvailability postcode(String postcode, int bikes, Instant updatedAt) {
    return new PostcodeAvailability(
        postcode, "Paris", 3, bikes, bikes - 1L, 1L, 40 - bikes, 40, updatedAt, 0L);
  }

  /** A postcode none of whose stations gives a breakdown by propulsion (GBFS 1.x). */
  static PostcodeAvailability untypedPostcode(String postcode, int bikes, Instant updatedAt) {
    return new PostcodeAvailability(
        postcode, "Paris", 3, bikes, null, null, 40 - bikes, 40, updatedAt, (long) bikes);
  }

  static StationRecord station(String code, int bikes, Instant lastReported) {
    return new StationRecord(
        "velib",
        code,
        "id-" + code,
        "Station " + code,
        48.85,
        2.35,
        20,
        "75001",
        "Paris",
        bikes,
        bikes,
        0,
        20 - bikes,
        true,
        true,
        true,
        lastReported,
        lastReported.plusSeconds(30));
  }

  static WeatherFeatures weather(String location, double temperature, Instant observedAt) {
    return new WeatherFeatures(
        location,
        "Paris",
        "FR",
        48.85,
        2.35,
        observedAt,
        "2026-03-10T08:00:00",
        3600,
        "morning",
        "generator",
        temperature,
        temperature - 1,
        80.0,
        1012.0,
        3.5,
        220.0,
        null,
        75.0,
        0.2,
        "500",
        "light rain",
        null,
        1.5,
        6.0,
        "comfortable",
        null,
        2,
        null,
        null,
        1);
  }
}
