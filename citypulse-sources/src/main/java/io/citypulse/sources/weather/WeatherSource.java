package io.citypulse.sources.weather;

/** Where observations come from: an HTTP API ({@link HttpWeatherSource}) or {@link WeatherGenerator}. */
public interface WeatherSource {

  /** The kind's id: {@code openweathermap}, {@code open-meteo}, {@code tomorrow.io}, {@code generator}. */
  String id();

  /** One line for logs and status, never holding the API key. */
  String describe();

  /**
   * Asks for one location's current weather. Never throws for source problems (they are outcomes).
   *
   * @throws InterruptedException when interrupted while waiting for the rate limiter
   */
  WeatherFetch fetch(WeatherLocation location) throws InterruptedException;
}
