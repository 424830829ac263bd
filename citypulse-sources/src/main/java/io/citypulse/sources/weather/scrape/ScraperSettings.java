package io.citypulse.sources.weather.scrape;

import java.util.Objects;

/**
 * What the scraper source needs beyond the common weather settings.
 *
 * @param recipe the recipe pages are read with; null until the configuration names one (the
 *     source then refuses to start, saying which key to set)
 * @param politeness User-Agent, per-host spacing and robots.txt caching
 */
public record ScraperSettings(ScrapeRecipe recipe, ScraperPoliteness politeness) {
  /** No recipe yet, default politeness: what {@code WeatherSettings.defaults(SCRAPER, ...)} holds. */
  public static final ScraperSettings NOT_CHOSEN =
      new ScraperSettings(null, ScraperPoliteness.defaults());

  public ScraperSettings {
    Objects.requireNonNull(politeness, "politeness");
  }

  /** The recipe; refused, naming the key to set and the built-in recipes, when none is chosen. */
  public ScrapeRecipe requireRecipe() {
    if (recipe == null) {
      throw missingRecipe();
    }
    return recipe;
  }

  /** Why a scraper without a recipe cannot run, and how to give it one. */
  public static IllegalArgumentException missingRecipe() {
    return new IllegalArgumentException("the scraper needs a recipe: set weather.scraper.recipe to"
        + " a built-in one (" + String.join(", ", ScrapeRecipes.builtIn().keySet())
        + ") or to one you declare under weather.scraper.recipes.<name>");
  }

  public ScraperSettings withRecipe(ScrapeRecipe newRecipe) {
    return new ScraperSettings(newRecipe, politeness);
  }

  public ScraperSettings withPoliteness(ScraperPoliteness newPoliteness) {
    return new ScraperSettings(recipe, newPoliteness);
  }

  /** For logs: the recipe's name and the User-Agent. */
  @Override
  public String toString() {
    return "recipe=" + (recipe == null ? "none" : recipe.name()) + ", userAgent="
        + politeness.userAgent();
  }
}
