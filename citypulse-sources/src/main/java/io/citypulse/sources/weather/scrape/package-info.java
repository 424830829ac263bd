/**
 * Weather read from public web pages, politely: a {@link
 * io.citypulse.sources.weather.scrape.ScrapeRecipe} says where each value is on a site's pages
 * (CSS selectors, units, time formats, and whether the site's terms allow it); {@link
 * io.citypulse.sources.weather.scrape.PageExtractor} and {@link
 * io.citypulse.sources.weather.scrape.ValueReader} read a page into an observation without I/O;
 * {@link io.citypulse.sources.weather.scrape.PoliteFetcher} honours robots.txt and spaces
 * requests per host; {@link io.citypulse.sources.weather.scrape.ScraperSource} is the {@link
 * io.citypulse.sources.weather.WeatherSource} the poller uses. Built-in recipes: {@link
 * io.citypulse.sources.weather.scrape.ScrapeRecipes}.
 *
 * <p>Terms of use come first: a recipe for a site whose terms forbid automated downloads without
 * permission (timeanddate.com) ships disabled, and a source refuses to start with it until the
 * user, having obtained the site's permission, sets {@code enabled = true}. Observations carry
 * the source id {@code scraper:<recipe>}.
 */
package io.citypulse.sources.weather.scrape;
