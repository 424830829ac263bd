package io.citypulse.cache;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import java.time.Instant;

/** Model records for the cache's tests. */
final class Records {
  static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  private Records() {}

  /** A Velib station with {@code bikes} bikes (mechanical and e-bikes split 1/3 ebike). */
  static StationRecord station(String code, int bikes, Instant lastReported, Instant fetchedAt) {
    int ebike = bikes / 3;
    return new StationRecord(
        "velib",
        code,
        "id-" + code,
        "Station " + code,
        48.8566,
        2.3522,
        30,
        "75004",
        "Paris",
        bikes,
        bikes - ebike,
        ebike,
        30 - bikes,
        true,
        true,
        true,
        lastReported,
        fetchedAt);
  }

  static StationRecord station(String code, int bikes, Instant lastReported) {
    return station(code, bikes, lastReported, lastReported.plusSeconds(5));
  }

  static PostcodeAvailability postcode(String postcode, long bikes, Instant updatedAt) {
    return new PostcodeAvailability(
        postcode, "Paris", 3, bikes, bikes - 2, 2L, 90 - bikes, 90, updatedAt, 0L);
  }

  static WeatherFeatures weather(String location, double temperature, Instant observedAt) {
    return new WeatherFeatures(
        location,
        "Paris",
        "FR",
        48.85,
        2.35,
        observedAt,
        "2026-03-01T09:00:00",
        3600,
        "morning",
        "open-meteo",
        temperature,
        temperature - 1.5,
        80.0,
        1013.2,
        3.4,
        220.0,
        null,
        75.0,
        0.0,
        "3",
        "overcast",
        null,
        0.2,
        5.1,
        null,
        null,
        2,
        null,
        null,
        1);
  }
}
