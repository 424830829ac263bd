package io.citypulse.app.config;

import io.citypulse.sources.weather.WeatherSourceKind;
import java.util.Map;

/** How the weather keys, and the API-key environment variables, become a weather source. */
public final class WeatherConfig {
  private WeatherConfig() {}

  /** The {@code weather.source} value that picks a source from the keys present. */
  public static final String AUTO = "auto";

  static boolean isSourceName(String name) {
    if (AUTO.equals(name)) {
      return true;
    }
    try {
      WeatherSourceKind.parse(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The configured source: auto means OpenWeatherMap when a key for it is there, else Open-Meteo. */
  public static WeatherSourceKind kind(Settings settings, Map<String, String> env) {
    String name = settings.get(CitypulseConfig.WEATHER_SOURCE);
    if (!AUTO.equals(name)) {
      return WeatherSourceKind.parse(name);
    }
    boolean keyPresent = !settings.get(CitypulseConfig.WEATHER_API_KEY).isBlank()
        || !env.getOrDefault(WeatherSourceKind.OPENWEATHERMAP.apiKeyEnv(), "").isBlank();
    return WeatherSourceKind.defaultFor(keyPresent);
  }

  /** The key: {@code weather.api-key} if set, else the source's environment variable; null if none. */
  public static String apiKey(Settings settings, WeatherSourceKind kind, Map<String, String> env) {
    String configured = settings.get(CitypulseConfig.WEATHER_API_KEY);
    if (!configured.isBlank()) {
      return configured.trim();
    }
    String fromEnv = kind.apiKeyEnv() == null ? null : env.get(kind.apiKeyEnv());
    return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.trim();
  }
}
