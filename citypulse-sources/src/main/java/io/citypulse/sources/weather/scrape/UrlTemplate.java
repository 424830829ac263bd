package io.citypulse.sources.weather.scrape;

import io.citypulse.sources.weather.WeatherLocation;
import io.citypulse.sources.weather.WeatherLocations;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a recipe's URL template with a location: {@code {key}}, {@code {name}} (alias
 * {@code {city}}), {@code {country}} (alpha-2, upper case), {@code {country-lower}},
 * {@code {country-name}} (English, {@code Senegal}), {@code {lat}}, {@code {lon}}; a
 * {@code -slug} suffix gives the lowercase ASCII slug ({@code {city-slug}}: Thiès -> thies,
 * {@code {country-name-slug}}: senegal). Values are percent-encoded. Pure.
 */
public final class UrlTemplate {
  private UrlTemplate() {}

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z-]+)}");

  /**
   * The page URL of the location: its {@code urls} entry, else the template filled in.
   *
   * @throws IllegalArgumentException when the location lacks what the template needs (a name,
   *     coordinates, a country), or the result is not a URL
   */
  public static URI expand(ScrapeRecipe recipe, WeatherLocation location) {
    String own = recipe.urls().get(location.key());
    String template = own != null ? own : recipe.url();
    if (template == null) {
      throw new IllegalArgumentException("recipe '" + recipe.name() + "' has no URL for location '"
          + location.key() + "' (add it to " + ScrapeRecipe.CONFIG_PREFIX + recipe.name()
          + ".urls)");
    }
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder url = new StringBuilder();
    while (matcher.find()) {
      String value = value(matcher.group(1), location, recipe.name());
      matcher.appendReplacement(url, Matcher.quoteReplacement(encode(value)));
    }
    matcher.appendTail(url);
    try {
      URI uri = new URI(url.toString());
      if (uri.getScheme() == null || uri.getHost() == null && !"file".equals(uri.getScheme())) {
        throw new IllegalArgumentException(
            "recipe '" + recipe.name() + "' URL '" + url + "' is not absolute");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "recipe '" + recipe.name() + "' URL '" + url + "' is not a URL: " + e.getReason());
    }
  }

  /**
   * Checks the recipe's templates name only known placeholders, so a typo fails at start-up
   * rather than at the first fetch.
   *
   * @throws IllegalArgumentException naming the unknown placeholder
   */
  public static void check(ScrapeRecipe recipe) {
    // A location with every part, so only unknown placeholders can fail.
    WeatherLocation everything = new WeatherLocation("check", "Check", "SN", 0.0, 0.0);
    if (recipe.url() != null) {
      fill(recipe.url(), everything, recipe.name());
    }
    recipe.urls().values().forEach(url -> fill(url, everything, recipe.name()));
  }

  private static void fill(String template, WeatherLocation location, String recipe) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    while (matcher.find()) {
      value(matcher.group(1), location, recipe);
    }
  }

  private static String value(String placeholder, WeatherLocation location, String recipe) {
    boolean slug = placeholder.endsWith("-slug");
    String base =
        slug ? placeholder.substring(0, placeholder.length() - "-slug".length()) : placeholder;
    String value = switch (base) {
      case "key" -> location.key();
      case "name", "city" -> location.name();
      case "country" -> location.country();
      case "country-lower" ->
        location.country() == null ? null : location.country().toLowerCase(Locale.ROOT);
      case "country-name" ->
        location.country() == null
            ? null
            : new Locale("", location.country()).getDisplayCountry(Locale.ENGLISH);
      case "lat" -> location.lat() == null ? null : location.lat().toString();
      case "lon" -> location.lon() == null ? null : location.lon().toString();
      default ->
        throw new IllegalArgumentException("recipe '" + recipe + "' URL has an unknown"
            + " placeholder {" + placeholder + "} (known: key, name, city, country, country-lower,"
            + " country-name, lat, lon, each text one with -slug)");
    };
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("recipe '" + recipe + "' URL needs {" + placeholder
          + "} but location '" + location.key() + "' has none");
    }
    return slug ? WeatherLocations.slug(value) : value;
  }

  private static String encode(String value) {
    // A path segment or query value: spaces as %20, not '+'.
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
