package io.citypulse.search;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import java.time.Instant;

/** Model records with every field set, for the document and mapping tests. */
final class Samples {
  private Samples() {}

  static StationRecord station(String code, int bikes, Instant lastReported) {
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
        bikes - 2,
        2,
        30 - bikes,
        true,
        true,
        false,
        lastReported,
        lastReported == null ? null : lastReported.plusSeconds(5));
  }

  static PostcodeAvailability postcode(
      String postcode, long bikes, Instant updatedAt, String system) {
    return new PostcodeAvailability(
        postcode, "Paris", 4, bikes, bikes - 3, 3L, 80 - bikes, 80, updatedAt, 0L, system);
  }

  static WeatherFeatures weather(String location, double temperature, Instant observedAt) {
    return new WeatherFeatures(
        location,
        "Paris",
        "FR",
        48.85,
        2.35,
        observedAt,
        "2026-12-06T11:15:00",
        3600,
        "morning",
        "open-meteo",
        temperature,
        temperature - 1.5,
        81.0,
        1013.2,
        4.2,
        230.0,
        7.5,
        90.0,
        0.4,
        "61",
        "light rain",
        temperature + 0.3,
        2.5,
        5.1,
        "no discomfort",
        temperature - 3.0,
        3,
        -0.4,
        0.2,
        4);
  }
}
