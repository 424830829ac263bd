package io.citypulse.sources.weather.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recipes that ship with citypulse ({@code recipes.json} beside this class) and the merge of
 * a user's config over them.
 *
 * <ul>
 *   <li>{@code timeanddate}: any city's timeanddate.com page; <b>disabled</b>: the site's terms
 *       forbid automated downloads without its permission.
 *   <li>{@code fzj-juelich}: the Forschungszentrum Jülich weather tower (one place).
 *   <li>{@code stadtklima-stuttgart}: the Stuttgart-Mitte city climate station (one place).
 *   <li>{@code wunderground-pws-2017}: the 2017 Weather Underground PWS dashboard; disabled, an
 *       example of reading data attributes (the layout is gone).
 * </ul>
 */
public final class ScrapeRecipes {
  private ScrapeRecipes() {}

  static final String RESOURCE = "recipes.json";

  private static final JsonNode BUILT_IN = load();

  /** The built-in recipes by name, in file order. */
  public static Map<String, ScrapeRecipe> builtIn() {
    Map<String, ScrapeRecipe> recipes = new LinkedHashMap<>();
    BUILT_IN.fieldNames().forEachRemaining(name -> recipes.put(name, builtIn(name)));
    return Collections.unmodifiableMap(recipes);
  }

  /**
   * A built-in recipe.
   *
   * @throws IllegalArgumentException naming the built-in recipes when there is none by that name
   */
  public static ScrapeRecipe builtIn(String name) {
    JsonNode node = BUILT_IN.get(name);
    if (node == null) {
      throw new IllegalArgumentException(
          "no built-in weather scraper recipe '" + name + "' (built in: " + names() + ")");
    }
    return ScrapeRecipe.fromJson(name, node);
  }

  /**
   * The recipe the config names: the user's keys over the built-in recipe of that name (so
   * {@code weather.scraper.recipes.timeanddate.enabled = true} is enough), or the user's recipe
   * alone when no built-in one has the name.
   *
   * @param configured the config subtree {@code weather.scraper.recipes.NAME}; null or empty for
   *     the built-in recipe as is
   */
  public static ScrapeRecipe resolve(String name, Map<String, ?> configured) {
    JsonNode user = configured == null ? null : Json.MAPPER.valueToTree(configured);
    JsonNode base = BUILT_IN.get(name);
    if (base == null) {
      if (user == null) {
        throw new IllegalArgumentException("no weather scraper recipe '" + name
            + "': configure " + ScrapeRecipe.CONFIG_PREFIX + name + " or use a built-in one ("
            + names() + ")");
      }
      return ScrapeRecipe.fromJson(name, user);
    }
    return ScrapeRecipe.fromJson(name, user == null ? base : merge(base.deepCopy(), user));
  }

  private static String names() {
    StringBuilder names = new StringBuilder();
    BUILT_IN
        .fieldNames()
        .forEachRemaining(n -> names.append(names.length() == 0 ? "" : ", ").append(n));
    return names.toString();
  }

  /** {@code override}'s keys into {@code base}, objects merged key by key, anything else replaced. */
  private static JsonNode merge(JsonNode base, JsonNode override) {
    if (!(base instanceof ObjectNode target) || !override.isObject()) {
      return override;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = override.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode existing = target.get(entry.getKey());
      target.set(
          entry.getKey(), existing == null ? entry.getValue() : merge(existing, entry.getValue()));
    }
    return target;
  }

  private static JsonNode load() {
    try (InputStream in = ScrapeRecipes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource " + RESOURCE + " missing beside " + ScrapeRecipes.class.getName());
      }
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in scraper recipes", e);
    }
  }
}
