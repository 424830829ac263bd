package io.citypulse.sources.weather;

import io.citypulse.model.time.Sleeper;
import io.citypulse.sources.http.FeedClient;
import io.citypulse.sources.http.FeedFetcher;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.DeadLetterSink;
import io.citypulse.sources.postcode.RateLimiter;
import io.citypulse.sources.weather.scrape.ScrapeRecipe;
import io.citypulse.sources.weather.scrape.ScraperSettings;
import io.citypulse.sources.weather.scrape.ScraperSource;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Builds weather sources and pollers from {@link WeatherSettings}: the wiring the CLI needs.
 *
 * <pre>{@code
 * WeatherSettings settings = WeatherSettings.defaults(
 *     WeatherSourceKind.defaultFor(owmKey != null), owmKey, WeatherLocations.resolve(List.of("brief")));
 * WeatherPoller poller = WeatherSources.poller(settings, Clock.systemUTC(), Sleeper.SYSTEM,
 *     new WeatherPublisher(producer, Topics.WEATHER, counters), deadLetterPublisher, counters);
 * poller.start();
 * }</pre>
 */
public final class WeatherSources {
  private WeatherSources() {}

  /** The source the settings describe, on a {@link FeedClient} with the settings' timeouts. */
  public static WeatherSource create(
      WeatherSettings settings, Clock clock, Sleeper sleeper, Counters counters) {
    FeedFetcher fetcher = settings.kind() == WeatherSourceKind.GENERATOR
        ? null
        : new FeedClient(settings.connectTimeout(), settings.requestTimeout(), clock);
    return create(settings, fetcher, clock, sleeper, System::nanoTime, counters);
  }

  /**
   * With your own fetcher and time (tests: a fake clock's nanoseconds and a sleeper that moves it).
   *
   * @param nanoTime the rate limiter's monotonic clock
   */
  public static WeatherSource create(
      WeatherSettings settings,
      FeedFetcher fetcher,
      Clock clock,
      Sleeper sleeper,
      LongSupplier nanoTime,
      Counters counters) {
    if (settings.kind() == WeatherSourceKind.GENERATOR) {
      return new WeatherGenerator(settings.seed(), settings.interval(), clock);
    }
    if (settings.kind() == WeatherSourceKind.SCRAPER) {
      return scraper(settings, fetcher, clock, sleeper, nanoTime, counters);
    }
    WeatherApi api = switch (settings.kind()) {
      case OPENWEATHERMAP -> new OpenWeatherMapApi(settings.baseUrl(), settings.apiKey());
      case OPEN_METEO ->
        new OpenMeteoApi(settings.baseUrl(), settings.geocodingUrl(), settings.apiKey());
      case TOMORROW_IO -> new TomorrowIoApi(settings.baseUrl(), settings.apiKey());
      case GENERATOR -> throw new AssertionError("handled above");
      case SCRAPER ->
        throw new IllegalArgumentException(
            "the scraper source is built from a recipe: ScraperSource (not wired yet)");
    };
    RateLimiter limiter = new RateLimiter(
        settings.rateLimit().perSecond(), settings.rateLimit().burst(), nanoTime, sleeper);
    return new HttpWeatherSource(api, settings.apiKey(), fetcher, limiter, clock, counters);
  }

  /**
   * The scraper: its recipe (moved to {@code baseUrl}'s site when one is set), one request per
   * host at most every {@code 1 / rateLimit.perSecond} seconds.
   *
   * @throws IllegalArgumentException when no recipe is chosen or the recipe is disabled
   */
  private static WeatherSource scraper(
      WeatherSettings settings,
      FeedFetcher fetcher,
      Clock clock,
      Sleeper sleeper,
      LongSupplier nanoTime,
      Counters counters) {
    ScraperSettings scraper = settings.scraper();
    ScrapeRecipe recipe = settings.baseUrl() == null
        ? scraper.requireRecipe()
        : scraper.requireRecipe().withSite(settings.baseUrl());
    Duration perHost = Duration.ofMillis(Math.round(1_000 / settings.rateLimit().perSecond()));
    return ScraperSource.create(
        recipe,
        scraper.politeness().withPerHostInterval(perHost),
        fetcher,
        clock,
        sleeper,
        nanoTime,
        counters);
  }

  /** A poller of the source the settings describe (not started). */
  public static WeatherPoller poller(
      WeatherSettings settings,
      Clock clock,
      Sleeper sleeper,
      WeatherListener listener,
      DeadLetterSink deadLetters,
      Counters counters) {
    return new WeatherPoller(
        settings,
        create(settings, clock, sleeper, counters),
        clock,
        sleeper,
        listener,
        deadLetters,
        counters);
  }
}
