package io.citypulse.app.config;

import io.citypulse.model.Json;
import io.citypulse.sources.weather.WeatherRateLimit;
import io.citypulse.sources.weather.WeatherSourceKind;
import io.citypulse.sources.weather.scrape.ScrapeRecipes;
import io.citypulse.sources.weather.scrape.ScraperPoliteness;
import io.citypulse.sources.weather.scrape.ScraperSettings;
import io.citypulse.sources.weather.scrape.ScraperSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the weather keys, and the API-key environment variables, become a weather source. */
public final class WeatherConfig {
  private WeatherConfig() {}

  /** The {@code weather.source} value that picks a source from the keys present. */
  public static final String AUTO = "auto";

  /** The {@code weather.sources} value for no poller at all (the features job alone). */
  public static final String NONE = "none";

  private static final Pattern RATE_LIMIT = Pattern.compile(
      "\\s*(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|sec|second|min|minute|h|hour|d|day)\\s*"
          + "(?:,?\\s*burst\\s+(\\d+))?\\s*",
      Pattern.CASE_INSENSITIVE);

  static boolean isSourceList(String value) {
    try {
      sourceList(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The kinds a {@code weather.sources} value names, in its order; empty for {@value #NONE}.
   *
   * @throws IllegalArgumentException on an unknown or repeated source, or none mixed with others
   */
  public static List<WeatherSourceKind> sourceList(String value) {
    List<String> names = CitypulseConfig.streamList(value);
    if (names.size() == 1 && names.get(0).equalsIgnoreCase(NONE)) {
      return List.of();
    }
    List<WeatherSourceKind> kinds = new ArrayList<>();
    for (String name : names) {
      WeatherSourceKind kind = WeatherSourceKind.parse(name);
      if (kinds.contains(kind)) {
        throw new IllegalArgumentException(kind.id() + " is listed twice");
      }
      kinds.add(kind);
    }
    return kinds;
  }

  static boolean isRateLimit(String value) {
    return value.isBlank() || RATE_LIMIT.matcher(value).matches();
  }

  /** Reads {@code 3/s}, {@code 60/min}, {@code 25/h}, {@code 490/day burst 3} (burst 1 unless given). */
  public static WeatherRateLimit rateLimit(String value) {
    Matcher m = RATE_LIMIT.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "rate limit '" + value + "' is not like 1/s, 60/min," + " 25/h or 490/day burst 3");
    }
    double calls = Double.parseDouble(m.group(1));
    double seconds = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "s", "sec", "second" -> 1;
      case "min", "minute" -> 60;
      case "h", "hour" -> 3_600;
      default -> 86_400;
    };
    int burst = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
    return new WeatherRateLimit(calls / seconds, burst);
  }

  /**
   * The sources to poll: {@code weather.sources} when set ({@value #NONE}: none), else the one
   * {@code weather.source} gives.
   */
  public static List<WeatherSourceKind> kinds(Settings settings, Map<String, String> env) {
    String listed = settings.get(CitypulseConfig.WEATHER_SOURCES);
    return listed.isBlank() ? List.of(kind(settings, env)) : sourceList(listed);
  }

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

  /**
   * The scraper's recipe ({@code weather.scraper.recipe}: a built-in one, with the keys of
   * {@code weather.scraper.recipes.<name>} laid over it, or one declared there) and politeness.
   *
   * @throws IllegalArgumentException when no recipe is named, or the named one is unknown or bad
   */
  public static ScraperSettings scraper(Settings settings) {
    String name = settings.get(CitypulseConfig.SCRAPER_RECIPE).trim();
    if (name.isEmpty()) {
      throw ScraperSettings.missingRecipe();
    }
    Map<String, Object> declared;
    try {
      declared = Json.MAPPER.readValue(settings.sectionJson("weather.scraper.recipes"), RECIPES);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("weather.scraper.recipes is not readable: " + e);
    }
    Object own = declared.get(name);
    @SuppressWarnings("unchecked")
    Map<String, ?> configured = own instanceof Map<?, ?> map ? (Map<String, ?>) map : null;
    ScraperPoliteness politeness = ScraperPoliteness.defaults();
    String userAgent = settings.get(CitypulseConfig.SCRAPER_USER_AGENT);
    if (!userAgent.isBlank()) {
      politeness = politeness.withUserAgent(userAgent);
    }
    // A disabled recipe (its site's terms) is refused here, before anything starts.
    return new ScraperSettings(
        ScraperSource.requireEnabled(ScrapeRecipes.resolve(name, configured)), politeness);
  }

  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> RECIPES =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  /** The source's environment variable ({@code TOMORROW_API_KEY}...); null if unset or keyless. */
  public static String apiKeyFromEnv(WeatherSourceKind kind, Map<String, String> env) {
    String fromEnv = kind.apiKeyEnv() == null ? null : env.get(kind.apiKeyEnv());
    return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.trim();
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
