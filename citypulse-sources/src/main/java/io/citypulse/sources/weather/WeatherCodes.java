package io.citypulse.sources.weather;

import java.util.Map;

/** Descriptions of the weather codes that come without one (WMO codes, Tomorrow.io codes). */
public final class WeatherCodes {
  private WeatherCodes() {}

  // WMO 4677 "present weather" codes as Open-Meteo documents them for weather_code.
  private static final Map<Integer, String> WMO = Map.ofEntries(
      Map.entry(0, "clear sky"),
      Map.entry(1, "mainly clear"),
      Map.entry(2, "partly cloudy"),
      Map.entry(3, "overcast"),
      Map.entry(45, "fog"),
      Map.entry(48, "depositing rime fog"),
      Map.entry(51, "light drizzle"),
      Map.entry(53, "moderate drizzle"),
      Map.entry(55, "dense drizzle"),
      Map.entry(56, "light freezing drizzle"),
      Map.entry(57, "dense freezing drizzle"),
      Map.entry(61, "slight rain"),
      Map.entry(63, "moderate rain"),
      Map.entry(65, "heavy rain"),
      Map.entry(66, "light freezing rain"),
      Map.entry(67, "heavy freezing rain"),
      Map.entry(71, "slight snow fall"),
      Map.entry(73, "moderate snow fall"),
      Map.entry(75, "heavy snow fall"),
      Map.entry(77, "snow grains"),
      Map.entry(80, "slight rain showers"),
      Map.entry(81, "moderate rain showers"),
      Map.entry(82, "violent rain showers"),
      Map.entry(85, "slight snow showers"),
      Map.entry(86, "heavy snow showers"),
      Map.entry(95, "thunderstorm"),
      Map.entry(96, "thunderstorm with slight hail"),
      Map.entry(99, "thunderstorm with heavy hail"));

  // Tomorrow.io weatherCode values (docs.tomorrow.io, "Weather Codes" data layer).
  private static final Map<Integer, String> TOMORROW = Map.ofEntries(
      Map.entry(0, "unknown"),
      Map.entry(1000, "clear, sunny"),
      Map.entry(1100, "mostly clear"),
      Map.entry(1101, "partly cloudy"),
      Map.entry(1102, "mostly cloudy"),
      Map.entry(1001, "cloudy"),
      Map.entry(2000, "fog"),
      Map.entry(2100, "light fog"),
      Map.entry(4000, "drizzle"),
      Map.entry(4001, "rain"),
      Map.entry(4200, "light rain"),
      Map.entry(4201, "heavy rain"),
      Map.entry(5000, "snow"),
      Map.entry(5001, "flurries"),
      Map.entry(5100, "light snow"),
      Map.entry(5101, "heavy snow"),
      Map.entry(6000, "freezing drizzle"),
      Map.entry(6001, "freezing rain"),
      Map.entry(6200, "light freezing rain"),
      Map.entry(6201, "heavy freezing rain"),
      Map.entry(7000, "ice pellets"),
      Map.entry(7101, "heavy ice pellets"),
      Map.entry(7102, "light ice pellets"),
      Map.entry(8000, "thunderstorm"));

  /** The WMO code's description, or null for a code outside the table. */
  public static String wmo(int code) {
    return WMO.get(code);
  }

  /** The Tomorrow.io code's description, or null for a code outside the table. */
  public static String tomorrow(int code) {
    return TOMORROW.get(code);
  }
}
