package io.citypulse.sources.weather;

import static io.citypulse.sources.weather.WeatherApi.decimal;
import static io.citypulse.sources.weather.WeatherApi.param;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * Open-Meteo forecast API, current conditions only, wind in m/s and {@code timezone=auto} (so the
 * body carries the location's UTC offset). Names are geocoded with Open-Meteo's geocoding API.
 */
public final class OpenMeteoApi implements WeatherApi {
  /** The variables asked for, in Open-Meteo's names. */
  public static final String CURRENT =
      "temperature_2m,relative_humidity_2m,apparent_temperature,precipitation,"
          + "weather_code,cloud_cover,pressure_msl,wind_speed_10m,wind_direction_10m,wind_gusts_10m";

  private final URI baseUrl;
  private final URI geocodingUrl;
  private final String apiKey;

  /**
   * @param baseUrl ends with '/', e.g. {@code https://api.open-meteo.com/}
   * @param geocodingUrl ends with '/', e.g. {@code https://geocoding-api.open-meteo.com/}
   * @param apiKey only for Open-Meteo's commercial servers; null for the free API
   */
  public OpenMeteoApi(URI baseUrl, URI geocodingUrl, String apiKey) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.geocodingUrl = Objects.requireNonNull(geocodingUrl, "geocodingUrl");
    this.apiKey = apiKey;
  }

  @Override
  public WeatherSourceKind kind() {
    return WeatherSourceKind.OPEN_METEO;
  }

  @Override
  public URI currentWeather(WeatherLocation location) {
    if (!location.hasCoordinates()) {
      throw new IllegalArgumentException(
          "Open-Meteo needs coordinates: geocode '" + location.label() + "' first");
    }
    return baseUrl.resolve(
        "v1/forecast?latitude=" + decimal(location.lat()) + "&longitude=" + decimal(location.lon())
            + "&current=" + CURRENT + "&wind_speed_unit=ms&timezone=auto" + keyParameter());
  }

  @Override
  public boolean needsCoordinates() {
    return true;
  }

  @Override
  public URI geocoding(WeatherLocation location) {
    return geocodingUrl.resolve(
        "v1/search?" + param("name", location.name()) + "&count=1&language=en&format=json"
            + (location.country() == null ? "" : "&" + param("countryCode", location.country()))
            + keyParameter());
  }

  @Override
  public WeatherParse parse(byte[] body, WeatherLocation location, Instant fetchedAt) {
    return OpenMeteoParser.parse(body, location, fetchedAt);
  }

  private String keyParameter() {
    return apiKey == null ? "" : "&" + param("apikey", apiKey);
  }
}
