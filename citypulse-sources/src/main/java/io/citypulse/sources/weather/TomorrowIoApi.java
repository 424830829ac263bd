package io.citypulse.sources.weather;

import static io.citypulse.sources.weather.WeatherApi.decimal;
import static io.citypulse.sources.weather.WeatherApi.param;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * Tomorrow.io realtime weather: {@code v4/weather/realtime?location=lat,lon} (or the name, which
 * Tomorrow.io resolves itself), {@code units=metric} and {@code apikey}.
 */
public final class TomorrowIoApi implements WeatherApi {
  private final URI baseUrl;
  private final String apiKey;

  /** @param baseUrl ends with '/', e.g. {@code https://api.tomorrow.io/} */
  public TomorrowIoApi(URI baseUrl, String apiKey) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
  }

  @Override
  public WeatherSourceKind kind() {
    return WeatherSourceKind.TOMORROW_IO;
  }

  @Override
  public URI currentWeather(WeatherLocation location) {
    String where = location.hasCoordinates()
        ? "location=" + decimal(location.lat()) + "," + decimal(location.lon())
        : param(
            "location",
            location.country() == null
                ? location.name()
                : location.name() + ", " + location.country());
    return baseUrl.resolve(
        "v4/weather/realtime?" + where + "&units=metric&" + param("apikey", apiKey));
  }

  @Override
  public WeatherParse parse(byte[] body, WeatherLocation location, Instant fetchedAt) {
    return TomorrowIoParser.parse(body, location, fetchedAt);
  }
}
