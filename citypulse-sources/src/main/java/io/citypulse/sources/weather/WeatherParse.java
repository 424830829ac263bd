package io.citypulse.sources.weather;

import io.citypulse.model.WeatherObservation;

/** What a weather API body says: an observation, the API's own error, or nothing readable. */
public sealed interface WeatherParse {

  /** A body read into an observation (not validated yet: see {@link WeatherValidator}). */
  record Parsed(WeatherObservation observation) implements WeatherParse {}

  /**
   * An error body of the API.
   *
   * @param code as the API gives it: OpenWeatherMap {@code cod} ({@code 401}, {@code "404"}),
   *     Tomorrow.io {@code code} ({@code 429001}), {@code error} for Open-Meteo
   * @param message the API's message
   */
  record ApiError(String code, String message) implements WeatherParse {

    /**
     * The HTTP status the code stands for: OpenWeatherMap codes are HTTP statuses, Tomorrow.io's
     * six-digit codes start with one (429001 -> 429); Open-Meteo only sends error bodies with 400.
     */
    public int status() {
      if (code != null && code.matches("\\d{3,9}")) {
        int value = Integer.parseInt(code);
        return value >= 100_000 ? value / 1000 : value;
      }
      return 400;
    }
  }

  /** Not a body this parser understands; {@code reason} says why in one line. */
  record Malformed(String reason) implements WeatherParse {}
}
