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
 */
package io.citypulse.sources.weather.scrape;
