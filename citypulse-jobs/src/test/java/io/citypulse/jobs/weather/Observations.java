package io.citypulse.jobs.weather;

import io.citypulse.model.WeatherObservation;
import java.time.Instant;

/** Weather observations for tests: three cities whose local times differ at one instant. */
final class Observations {
  private Observations() {}

  /** 12:00 UTC: 14:00 in Paris (CEST), 21:00 in Tokyo, 08:00 in New York (EDT). */
  static final Instant T0 = Instant.parse("2025-07-15T12:00:00Z");

  static Instant minutes(int m) {
    return T0.plusSeconds(60L * m);
  }

  static WeatherObservation paris(int minute, Double temperatureC, Double pressureHpa) {
    return of(
        "paris",
        "Paris",
        "FR",
        48.8534,
        2.3488,
        7200,
        minute,
        temperatureC,
        54.0,
        pressureHpa,
        3.6);
  }

  static WeatherObservation tokyo(int minute, Double temperatureC, Double pressureHpa) {
    return of(
        "tokyo",
        "Tokyo",
        "JP",
        35.6895,
        139.6917,
        9 * 3600,
        minute,
        temperatureC,
        78.0,
        pressureHpa,
        5.2);
  }

  static WeatherObservation newYork(int minute, Double temperatureC, Double pressureHpa) {
    return of(
        "new-york",
        "New York",
        "US",
        40.7143,
        -74.006,
        -4 * 3600,
        minute,
        temperatureC,
        61.0,
        pressureHpa,
        7.7);
  }

  static WeatherObservation of(
      String location,
      String city,
      String country,
      double lat,
      double lon,
      int utcOffsetSeconds,
      int minute,
      Double temperatureC,
      Double humidityPct,
      Double pressureHpa,
      Double windSpeedMs) {
    Instant observedAt = minutes(minute);
    return new WeatherObservation(
        location,
        city,
        country,
        lat,
        lon,
        observedAt,
        utcOffsetSeconds,
        temperatureC,
        temperatureC == null ? null : temperatureC + 0.5,
        humidityPct,
        pressureHpa,
        windSpeedMs,
        240.0,
        null,
        20.0,
        0.0,
        "801",
        "few clouds",
        "openweathermap",
        observedAt.plusSeconds(95));
  }
}
