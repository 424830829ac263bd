package io.citypulse.sources.weather;

import static io.citypulse.sources.weather.WeatherApi.decimal;
import static io.citypulse.sources.weather.WeatherApi.param;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * OpenWeatherMap current weather: {@code data/2.5/weather?lat=&lon=} (or {@code q=name,CC}),
 * always with {@code units=metric} (see {@link OpenWeatherMapParser} on Kelvin) and {@code appid}.
 */
public final class OpenWeatherMapApi implements WeatherApi {
  private final URI baseUrl;
  private final String apiKey;

  /** @param baseUrl ends with '/', e.g. {@code https://api.openweathermap.org/} */
  public OpenWeatherMapApi(URI baseUrl, String apiKey) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
  }

  @Override
  public WeatherSourceKind kind() {
    return WeatherSourceKind.OPENWEATHERMAP;
  }

  @Override
  public URI currentWeather(WeatherLocation location) {
    String where = location.hasCoordinates()
        ? "lat=" + decimal(location.lat()) + "&lon=" + decimal(location.lon())
        : param(
            "q",
            location.country() == null
                ? location.name()
                : location.name() + "," + location.country());
    return baseUrl.resolve("data/2.5/weather?" + where + "&units=metric&" + param("appid", apiKey));
  }

  @Override
  public WeatherParse parse(byte[] body, WeatherLocation location, Instant fetchedAt) {
    return OpenWeatherMapParser.parse(body, location, fetchedAt);
  }
}
