package io.citypulse.sources.weather;

import io.citypulse.model.WeatherObservation;
import io.citypulse.model.time.Sleeper;
import io.citypulse.sources.http.Backoff;
import io.citypulse.sources.http.FeedClient;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.DeadLetter;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.MutableClock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A weather poller wired to real HTTP on a local server, with a fake clock: the rate limiter and
 * the poller "sleep" by moving the clock, and every sleep is recorded.
 */
final class WeatherHttpFixture implements AutoCloseable {
  static final String KEY = "s3cr3t-KEY-123";
  static final Instant T0 = Instant.parse("2025-10-18T10:00:00Z");

  final LocalHttpServer server = LocalHttpServer.start();
  final MutableClock clock = new MutableClock(T0);
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final Sleeper sleeper = duration -> {
    sleeps.add(duration);
    clock.advance(duration);
  };
  final Counters counters = new Counters();
  final List<WeatherObservation> published = new CopyOnWriteArrayList<>();
  final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

  /** OpenWeatherMap on the local server, interval 10 min, 300 ms request timeout. */
  WeatherSettings settings(WeatherSourceKind kind, List<WeatherLocation> locations) {
    return WeatherSettings.defaults(kind, kind.requiresKey() ? KEY : null, locations)
        .withUrls(server.uri("/"), server.uri("/geo/"))
        .withInterval(Duration.ofMinutes(10))
        .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300));
  }

  WeatherPoller poller(WeatherSettings settings) {
    FeedClient client = new FeedClient(settings.connectTimeout(), settings.requestTimeout(), clock);
    WeatherSource source =
        WeatherSources.create(settings, client, clock, sleeper, this::nanos, counters);
    return new WeatherPoller(
        source,
        settings.locations(),
        settings.interval(),
        clock,
        sleeper,
        published::add,
        deadLetters::add,
        counters,
        () -> Backoff.withoutJitter(Duration.ofSeconds(5), Duration.ofMinutes(5)));
  }

  long nanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** A query parameter's decoded value, or null. */
  static String param(String query, String name) {
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).equals(name)) {
        return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.close();
  }
}
